"""WSGI entry point for gunicorn."""

from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # The same one line as `ficarchive serve`, not a traceback per worker; 4 is gunicorn's
    # "the application cannot load": the master stops instead of starting workers again.
    print(f"ficarchive: {error}", file=sys.stderr, flush=True)
    raise SystemExit(4) from None
