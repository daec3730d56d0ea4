"""What a search backend does: keep the index, turn a parsed query into SQL."""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from django.db import connection

from ficarchive.search.query import ParsedQuery

# Ranking every match of a common word is where full-text engines lose hundreds of
# milliseconds: "best match" ranks only this many of the matching chapters.
RANK_LIMIT = 2000


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


MARK_OPEN, MARK_CLOSE = "\ue010", "\ue011"


def marked_html(text: str) -> str:
    """A snippet from the engine, escaped, with its match markers as <mark>."""
    return html.escape(text).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


class SearchBackend(ABC):
    def replace_work(self, work: WorkText, chapters: list[ChapterText]) -> None:
        """Index a work and its posted chapters, replacing what was there."""
        self.remove_work(work.work_id)
        self.add_many([work], chapters)

    def is_empty(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM search_work)")
            row = cursor.fetchone()
        return bool(row and row[0])

    @abstractmethod
    def remove_work(self, work_id: int) -> None: ...

    @abstractmethod
    def clear(self) -> None:
        """Empty the index (before a rebuild)."""

    @abstractmethod
    def add_many(self, works: list[WorkText], chapters: list[ChapterText]) -> None:
        """Add works not yet in the index, in bulk."""

    @abstractmethod
    def matching_work_ids_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """SQL selecting the ids of works whose text matches (for a pk__in subquery)."""

    @abstractmethod
    def ranked_work_ids(
        self, query: ParsedQuery, candidate_sql: tuple[str, list[Any]]
    ) -> list[int]:
        """The best-matching works among the candidates, best first (bounded work)."""

    @abstractmethod
    def snippets(self, query: ParsedQuery, work_ids: list[int]) -> dict[int, Snippet]:
        """For each work, its best matching passage and the chapter it is in."""

    @abstractmethod
    def size_bytes(self) -> int:
        """How much disk the index takes."""
