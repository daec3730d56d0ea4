"""Built downloads follow the change events (ficarchive.core.events): whatever changes a
work's text or metadata gives it, and the series it is in, a new version. Connected in
DownloadsConfig."""

from __future__ import annotations

from typing import Any

from ficarchive.core import events
from ficarchive.downloads import storage
from ficarchive.downloads.services import downloads_digests_record
from ficarchive.works.models import Authorship, SeriesPart, Work


def works_changed(work_ids: frozenset[int]) -> None:
    # The digests of files about to go are kept first: a reader's e-reader still has them.
    downloads_digests_record()
    storage.invalidate("works", work_ids)
    series = SeriesPart.objects.filter(work_id__in=work_ids).values_list("series_id", flat=True)
    storage.invalidate("series", frozenset(series))


def on_work_changed(sender: events.WorkChange, work_ids: frozenset[int], **kwargs: Any) -> None:
    works_changed(work_ids)


def on_chapter_changed(
    sender: events.ChapterChange, work_ids: frozenset[int], **kwargs: Any
) -> None:
    works_changed(work_ids)


def on_tag_changed(sender: None, tag_ids: frozenset[int], **kwargs: Any) -> None:
    tagged = Work.tags.through.objects.filter(tag_id__in=tag_ids).values_list("work_id", flat=True)
    works_changed(frozenset(tagged))


def on_creator_changed(sender: Any, creator_ids: frozenset[int], **kwargs: Any) -> None:
    credited = Authorship.objects.filter(creator_id__in=creator_ids).values_list(
        "work_id", flat=True
    )
    works_changed(frozenset(credited))


def connect() -> None:
    events.work_changed.connect(on_work_changed, dispatch_uid="downloads-works")
    events.chapter_changed.connect(on_chapter_changed, dispatch_uid="downloads-chapters")
    events.tag_changed.connect(on_tag_changed, dispatch_uid="downloads-tags")
    events.creator_changed.connect(on_creator_changed, dispatch_uid="downloads-creators")
