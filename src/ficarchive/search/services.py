"""Keeping the index in step with the works: called by this app's receivers of the change
events (search/receivers.py), inside the changing service's transaction, so a posted chapter
is findable at once and a deleted one never is."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractContextManager

from django.db import transaction

from ficarchive.core.events import WrittenWork
from ficarchive.search.backends import backend
from ficarchive.search.backends.base import ChapterText
from ficarchive.search.documents import work_text


def search_index_written(*, written: WrittenWork, is_new: bool) -> None:
    """Index a work just written from rows already in hand (the importer's fast path)."""
    work = written.work
    text = work_text(work, creators=written.creators, tags=written.tags)
    posted = [
        ChapterText(c.pk, work.pk, f"{c.title}\n{c.body_text}")
        for c in written.chapters
        if c.is_posted
    ]
    if is_new:
        backend().add_many([text], posted)
    else:
        backend().replace_work(text, posted)


def search_index_work(*, work_id: int) -> None:
    """(Re)index a work's fields and its posted chapters; drafts are filtered at query time."""
    search_index_works(work_ids=[work_id])


def search_index_works(*, work_ids: Collection[int]) -> None:
    """(Re)index these works as they are now; works gone leave the index."""
    backend().reindex_works(work_ids)


def search_counts_changed(*, work_ids: Collection[int], at_once: bool = True) -> None:
    """Works' kudos, comments, bookmarks or hits changed (the database backends read them
    from the works table; an outside index keeps a copy). Hits pass at_once=False: reading a
    page should not wait for an index commit; the next search catches up first anyway."""
    backend().counts_changed(work_ids, at_once=at_once)


def search_remove_works(*, work_ids: Collection[int]) -> None:
    engine = backend()
    for work_id in work_ids:
        engine.remove_work(work_id)


@transaction.atomic
def search_rebuild(*, batch_size: int = 500) -> int:
    """Index every work from scratch (after an upgrade, or a bulk load); returns the count."""
    return backend().rebuild(batch_size)


def search_deferred() -> AbstractContextManager[None]:
    """Around a bulk import: an index outside the database catches up once, at the end."""
    return backend().deferred()


def search_index_is_empty() -> bool:
    return backend().is_empty()
