"""Writes for downloads: the digests of the EPUBs served, folded in from the file store."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from ficarchive.downloads import storage
from ficarchive.downloads.models import DownloadDigest
from ficarchive.works.models import Work


def downloads_digests_record() -> int:
    """Keep the digests that builds left in the file store (a GET writes no row); returns how
    many files were read. Run by the workers' clock and before a work's files are dropped."""
    pending = storage.pending_digests()
    if not pending:
        return 0
    return _digests_keep(pending)


@transaction.atomic
def _digests_keep(pending: list[tuple[Path, dict[str, object]]]) -> int:
    existing = set(
        Work.objects.filter(
            pk__in={int(str(record["work_id"])) for _, record in pending}
        ).values_list("pk", flat=True)
    )
    DownloadDigest.objects.bulk_create(
        [
            DownloadDigest(
                work_id=int(str(record["work_id"])),
                version=str(record["version"]),
                md5=str(record["md5"]),
                partial_md5=str(record["partial_md5"]),
            )
            for _, record in pending
            if int(str(record["work_id"])) in existing
        ],
        ignore_conflicts=True,
    )
    paths = [path for path, _ in pending]

    def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(remove)
    return len(pending)
