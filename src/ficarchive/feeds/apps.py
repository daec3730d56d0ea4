from __future__ import annotations

from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """Atom feeds and the OPDS catalogue: reads only, over the works app's lists."""

    name = "ficarchive.feeds"
    label = "feeds"
