"""The index follows the change events (ficarchive.core.events); connected in SearchConfig."""

from __future__ import annotations

from typing import Any

from ficarchive.core import events
from ficarchive.search.services import (
    search_counts_changed,
    search_index_works,
    search_index_written,
    search_remove_works,
)
from ficarchive.works.models import Authorship, Work


def works_changed(
    sender: events.WorkChange,
    work_ids: frozenset[int],
    written: events.WrittenWork | None = None,
    **kwargs: Any,
) -> None:
    if sender is events.WorkChange.DELETED:
        search_remove_works(work_ids=work_ids)
    elif written is not None:
        search_index_written(written=written, is_new=sender is events.WorkChange.POSTED)
    else:
        search_index_works(work_ids=work_ids)


def chapters_changed(sender: events.ChapterChange, work_ids: frozenset[int], **kwargs: Any) -> None:
    search_index_works(work_ids=work_ids)


def tags_changed(sender: None, tag_ids: frozenset[int], **kwargs: Any) -> None:
    """Every work carrying a renamed or merged tag is found by its new name, not the old."""
    tagged = Work.tags.through.objects.filter(tag_id__in=tag_ids).values_list("work_id")
    search_index_works(work_ids={work_id for (work_id,) in tagged})


def creators_changed(
    sender: events.CreatorChange, creator_ids: frozenset[int], **kwargs: Any
) -> None:
    """A creator's name (found by) and account (who sees its drafts) are in its works' entries."""
    credited = Authorship.objects.filter(creator_id__in=creator_ids).values_list("work_id")
    search_index_works(work_ids={work_id for (work_id,) in credited})


def counts_changed(sender: events.CountChange, work_ids: frozenset[int], **kwargs: Any) -> None:
    search_counts_changed(work_ids=work_ids, at_once=sender is not events.CountChange.HITS)


def connect() -> None:
    events.work_changed.connect(works_changed, dispatch_uid="search-works")
    events.chapter_changed.connect(chapters_changed, dispatch_uid="search-chapters")
    events.tag_changed.connect(tags_changed, dispatch_uid="search-tags")
    events.creator_changed.connect(creators_changed, dispatch_uid="search-creators")
    events.counts_changed.connect(counts_changed, dispatch_uid="search-counts")
