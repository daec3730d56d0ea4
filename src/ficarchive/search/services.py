"""Keeping the index in step with the works: called by the services that change them, inside
their transactions, so a posted chapter is findable at once and a deleted one never is."""

from __future__ import annotations

from contextlib import AbstractContextManager

from django.db import transaction

from ficarchive.search.backends import backend
from ficarchive.search.backends.base import ChapterText
from ficarchive.search.documents import work_text
from ficarchive.works.models import Chapter, Work


def search_index_written(
    *, work: Work, creators: list[str], tags: list[str], chapters: list[Chapter], is_new: bool
) -> None:
    """Index a work just written from rows already in hand (the importer's fast path)."""
    text = work_text(work, creators=creators, tags=tags)
    posted = [
        ChapterText(c.pk, work.pk, f"{c.title}\n{c.body_text}") for c in chapters if c.is_posted
    ]
    if is_new:
        backend().add_many([text], posted)
    else:
        backend().replace_work(text, posted)


def search_index_work(*, work_id: int) -> None:
    """(Re)index a work's fields and its posted chapters; drafts are filtered at query time."""
    backend().reindex_work(work_id)


def search_counts_changed(*, work_id: int, at_once: bool = True) -> None:
    """A work's kudos, comments, bookmarks or hits changed (the database backends read them
    from the works table; an outside index keeps a copy). Hits pass at_once=False: reading a
    page should not wait for an index commit; the next search catches up first anyway."""
    backend().counts_changed(work_id, at_once=at_once)


def search_remove_work(*, work_id: int) -> None:
    backend().remove_work(work_id)


@transaction.atomic
def search_rebuild(*, batch_size: int = 500) -> int:
    """Index every work from scratch (after an upgrade, or a bulk load); returns the count."""
    return backend().rebuild(batch_size)


def search_deferred() -> AbstractContextManager[None]:
    """Around a bulk import: an index outside the database catches up once, at the end."""
    return backend().deferred()


def search_index_is_empty() -> bool:
    return backend().is_empty()
