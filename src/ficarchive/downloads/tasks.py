"""Builds that must not hold a web worker: very big works, series, Calibre's conversions; and
the clock's task that keeps the served EPUBs' digests."""

from __future__ import annotations

from django.core.cache import cache

from ficarchive.core.tasks import background_task, periodic
from ficarchive.downloads import builds
from ficarchive.downloads.services import downloads_digests_record
from ficarchive.reader.preferences import ReaderPreferences
from ficarchive.works.models import Work

BUILDING_SECONDS = 15 * 60


def building_key(name: str) -> str:
    return f"downloads:building:{name}"


@background_task(attempts=2, queue_name="default")
def work_download_build(work_id: int, fmt: str, preferences: str, site_url: str, key: str) -> None:
    """Build one work's download into the file cache (the next request serves it)."""
    try:
        work = Work.objects.for_reading().filter(pk=work_id).first()
        if work is not None:
            builds.work_file(
                work=work, fmt=fmt, preferences=ReaderPreferences.from_cookie(preferences),
                site_url=site_url,
            )  # fmt: skip
            downloads_digests_record()
    finally:
        cache.delete(building_key(key))


@background_task(attempts=2, queue_name="default")
def series_download_build(series_id: int, work_ids: list[int], site_url: str, key: str) -> None:
    """Build a series as one EPUB, of exactly the parts the reader who asked may read."""
    try:
        builds.series_file(series_id=series_id, work_ids=work_ids, site_url=site_url)
    finally:
        cache.delete(building_key(key))


@periodic(5 * 60)
@background_task(attempts=1)
def downloads_digests_keep() -> None:
    downloads_digests_record()
