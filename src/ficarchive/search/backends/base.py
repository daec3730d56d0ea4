"""What a search backend does: keep the index in step with the works, answer a search."""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser

from ficarchive.accounts.models import User
from ficarchive.search.query import ParsedQuery
from ficarchive.works.filters import Facet
from ficarchive.works.models import Work


@dataclass(frozen=True)
class WorkText:
    """What the index holds for a work's own fields."""

    work_id: int
    title: str
    creators: str
    tags: str
    summary: str
    notes: str


@dataclass(frozen=True)
class ChapterText:
    chapter_id: int
    work_id: int
    body: str


@dataclass(frozen=True)
class Snippet:
    work_id: int
    chapter_position: int
    chapter_title: str
    html: str  # escaped text with <mark> around the matches


@dataclass
class SearchOutcome:
    query: ParsedQuery
    ordered: Sequence[Work]  # every match in the order to page through; len() counts them
    facets: Callable[[], list[Facet]]  # the count of matches beside each filter option


MARK_OPEN, MARK_CLOSE = "\ue010", "\ue011"
REINDEX_BATCH = 500  # works read at once when many change together (a renamed tag's)


def marked_html(text: str) -> str:
    """A snippet from the engine, escaped, with its match markers as <mark>."""
    return html.escape(text).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


class SearchBackend(ABC):
    def replace_work(self, work: WorkText, chapters: list[ChapterText]) -> None:
        """Index a work and its posted chapters, replacing what was there."""
        self.remove_work(work.work_id)
        self.add_many([work], chapters)

    @abstractmethod
    def is_empty(self) -> bool: ...

    @abstractmethod
    def remove_work(self, work_id: int) -> None: ...

    def counts_changed(self, work_ids: Collection[int], *, at_once: bool) -> None:  # noqa: B027
        """Kudos, comments, bookmarks or hits changed: nothing to do for the database's own
        index (the counts are columns); an index outside the database overrides this."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the index (before a rebuild)."""

    def reindex_works(self, work_ids: Collection[int]) -> None:
        """Index these works' fields and posted chapters as they are now (drop those gone)."""
        from ficarchive.search.documents import chapter_texts, work_texts

        ids = sorted(work_ids)
        for start in range(0, len(ids), REINDEX_BATCH):
            batch = ids[start : start + REINDEX_BATCH]
            for work_id in batch:
                self.remove_work(work_id)
            self.add_many(work_texts(batch), chapter_texts(batch))

    def rebuild(self, batch_size: int) -> int:
        """Index every work from scratch (after an upgrade, or a bulk load); returns the count."""
        from ficarchive.search.documents import chapter_texts, work_texts

        self.clear()
        ids = list(Work.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            self.add_many(work_texts(batch), chapter_texts(batch))
        return len(ids)

    def deferred(self) -> AbstractContextManager[None]:
        """Around a bulk load: an index kept outside the database catches up once, at the end."""
        return nullcontext()

    @abstractmethod
    def add_many(self, works: list[WorkText], chapters: list[ChapterText]) -> None:
        """Add works not yet in the index, in bulk."""

    @abstractmethod
    def search(
        self, *, user: User | AnonymousUser, query: ParsedQuery, filters: dict[str, Any], sort: str
    ) -> SearchOutcome:
        """The works this user may see that match the query and the list's filters."""

    @abstractmethod
    def matching(
        self,
        *,
        user: User | AnonymousUser,
        query: ParsedQuery,
        filters: dict[str, Any],
        work_ids: Collection[int],
    ) -> set[int]:
        """Which of these works the search (query and filters) finds for this user: the same
        matching as `search`, restricted to a few works (a saved search's new arrivals)."""

    @abstractmethod
    def snippets(self, query: ParsedQuery, work_ids: list[int]) -> dict[int, Snippet]:
        """For each work, its best matching passage and the chapter it is in."""

    @abstractmethod
    def size_bytes(self) -> int:
        """How much disk the index takes."""
