"""SQLite FTS5: two virtual tables, one row per work (its fields) and per chapter (its text)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from ficarchive.search.backends.base import (
    MARK_CLOSE,
    MARK_OPEN,
    ChapterText,
    Snippet,
    WorkText,
    marked_html,
)
from ficarchive.search.backends.sql import RANK_LIMIT, SqlBackend
from ficarchive.search.query import ParsedQuery, Term


def _fts_term(term: Term) -> str:
    quoted = " ".join('"' + w.replace('"', '""') + '"' for w in term.words)
    return f'"{" ".join(w.replace(chr(34), "") for w in term.words)}"' if term.is_phrase else quoted


def match_expression(query: ParsedQuery) -> str:
    """FTS5 syntax for the query's text: groups ANDed, alternatives ORed, NOT for exclusions."""
    groups = []
    for group in query.required:
        alternatives = [_fts_term(term) for term in group]
        groups.append(
            "(" + " OR ".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0]
        )
    expression = " AND ".join(groups)
    for term in query.excluded:
        expression += f" NOT {_fts_term(term)}"
    return expression


class SqliteBackend(SqlBackend):
    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_work")
            cursor.execute("DELETE FROM search_chapter")
            cursor.execute("DELETE FROM search_chapter_work")

    def add_many(self, works: list[WorkText], chapters: list[ChapterText]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_work(rowid, title, creators, tags, summary, notes) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [(w.work_id, w.title, w.creators, w.tags, w.summary, w.notes) for w in works],
            )
            cursor.executemany(
                "INSERT INTO search_chapter(rowid, work_id, body) VALUES (%s, %s, %s)",
                [(c.chapter_id, c.work_id, c.body) for c in chapters],
            )
            cursor.executemany(
                "INSERT INTO search_chapter_work(chapter_rowid, work_id) VALUES (%s, %s)",
                [(c.chapter_id, c.work_id) for c in chapters],
            )

    def remove_work(self, work_id: int) -> None:
        with connection.cursor() as cursor:
            self._remove(cursor, work_id)

    @staticmethod
    def _remove(cursor: object, work_id: int) -> None:
        cursor.execute("DELETE FROM search_work WHERE rowid = %s", [work_id])  # type: ignore[attr-defined]
        cursor.execute(  # type: ignore[attr-defined]
            "DELETE FROM search_chapter WHERE rowid IN "
            "(SELECT chapter_rowid FROM search_chapter_work WHERE work_id = %s)",
            [work_id],
        )
        cursor.execute("DELETE FROM search_chapter_work WHERE work_id = %s", [work_id])  # type: ignore[attr-defined]

    def matching_work_ids_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        expression = match_expression(query)
        return (
            "SELECT work_id FROM search_chapter WHERE search_chapter MATCH %s "
            "UNION SELECT rowid FROM search_work WHERE search_work MATCH %s",
            [expression, expression],
        )

    def ranked_work_ids(
        self, query: ParsedQuery, candidate_sql: tuple[str, list[Any]]
    ) -> list[int]:
        expression = match_expression(query)
        sql, params = candidate_sql
        with connection.cursor() as cursor:
            # The inner queries stop after RANK_LIMIT matches in index order, so bm25 is
            # computed for at most that many rows however common the word is.
            cursor.execute(
                "SELECT work_id, MIN(score) FROM ("
                "  SELECT * FROM ("
                "    SELECT work_id, bm25(search_chapter) AS score FROM search_chapter"
                "    WHERE search_chapter MATCH %s LIMIT %s)"
                "  UNION ALL SELECT * FROM ("
                "    SELECT rowid AS work_id, 2 * bm25(search_work) AS score FROM search_work"
                "    WHERE search_work MATCH %s LIMIT %s)"
                ") WHERE work_id IN (" + sql + ") GROUP BY work_id ORDER BY MIN(score)",
                [expression, RANK_LIMIT, expression, RANK_LIMIT, *params],
            )
            return [row[0] for row in cursor.fetchall()]

    def snippets(self, query: ParsedQuery, work_ids: list[int]) -> dict[int, Snippet]:
        """Each work's first matching chapter with its snippet, in one statement whatever the
        page's length. The match test is correlated by rowid (`MATCH … AND rowid = ?`), which
        FTS5 answers without walking every match of a common word."""
        if not work_ids or not query.has_text:
            return {}
        expression = match_expression(query)
        marks = ", ".join(["%s"] * len(work_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT first.work_id, first.position, first.title, "
                f"  (SELECT snippet(search_chapter, 1, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 24) "
                "   FROM search_chapter "
                "   WHERE search_chapter MATCH %s AND rowid = first.chapter_rowid) "
                "FROM ("
                "  SELECT m.work_id, m.chapter_rowid, c.position, c.title, ROW_NUMBER() OVER "
                "    (PARTITION BY m.work_id ORDER BY c.position) AS nth "
                "  FROM search_chapter_work m JOIN works_chapter c ON c.id = m.chapter_rowid "
                f"  WHERE m.work_id IN ({marks}) AND EXISTS ("
                "    SELECT 1 FROM search_chapter "
                "    WHERE search_chapter MATCH %s AND rowid = m.chapter_rowid)"
                ") first WHERE first.nth = 1",
                [expression, *work_ids, expression],
            )
            return {
                work_id: Snippet(work_id, position, title, marked_html(snippet))
                for work_id, position, title, snippet in cursor.fetchall()
                if snippet is not None
            }

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            try:
                cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_%%'")
                row = cursor.fetchone()
            except Exception:  # dbstat is an optional SQLite module
                return 0
        return int(row[0] or 0)
