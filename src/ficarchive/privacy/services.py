"""A member's data download: asked for on the page, built by a task, kept a few days."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.core.ratelimit import RateLimit
from ficarchive.core.tasks import enqueue
from ficarchive.downloads import storage
from ficarchive.privacy.export import member_export_zip
from ficarchive.privacy.models import DataExport

# Downloads a member may ask for in a day: each builds every one of their works.
EXPORTS = RateLimit("exports", "FICARCHIVE_EXPORTS_PER_DAY", 24 * 3600)
EXPORT_DAYS = 7


class ExportRefused(Exception):
    """Asked too often, with a message for the member."""


@transaction.atomic
def export_request(*, user: User) -> DataExport:
    """The member's download, being prepared (the one already on its way, if any)."""
    pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
    if pending is not None:
        return pending
    if not EXPORTS.attempt(str(user.pk)):
        raise ExportRefused("You have asked for your data several times today; try tomorrow.")
    export = DataExport.objects.create(user=user, token=secrets.token_urlsafe(32))
    from ficarchive.privacy.tasks import export_build  # the task module imports this one

    enqueue(export_build, export.pk)
    return export


def export_write(*, export: DataExport) -> None:
    """Build the ZIP into its file (readable by the archive's user only), then mark it ready."""
    data = member_export_zip(user=export.user, site_url=settings.FICARCHIVE_SITE_URL)
    storage.write(export.path, data)  # atomic; the file is the archive's user's alone (0600)
    export.status, export.size, export.ready_at = DataExport.Status.READY, len(data), timezone.now()
    export.save(update_fields=["status", "size", "ready_at"])


def exports_prune() -> int:
    """Downloads older than EXPORT_DAYS go, files and rows."""
    old = DataExport.objects.filter(created_at__lt=timezone.now() - timedelta(days=EXPORT_DAYS))
    gone = 0
    for export in old:
        export.path.unlink(missing_ok=True)
        export.delete()
        gone += 1
    return gone
