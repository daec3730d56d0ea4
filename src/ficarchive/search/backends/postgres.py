"""PostgreSQL full-text search: tsvector columns with GIN indexes, ts_headline snippets."""

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

CONFIG = "english"


def _lexeme(word: str) -> str:
    # Quoted lexemes keep to_tsquery from reading operators in the user's text.
    return "'" + word.replace("'", "''").replace("\\", "") + "'"


def _ts_term(term: Term) -> str:
    return "(" + " <-> ".join(_lexeme(w) for w in term.words) + ")"


def tsquery_text(query: ParsedQuery) -> str:
    groups = ["(" + " | ".join(_ts_term(t) for t in group) + ")" for group in query.required]
    text = " & ".join(groups)
    for term in query.excluded:
        text += f" & !{_ts_term(term)}"
    return text


class PostgresBackend(SqlBackend):
    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_work, search_chapter")

    def add_many(self, works: list[WorkText], chapters: list[ChapterText]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_work (work_id, document) VALUES (%s, "
                f"setweight(to_tsvector('{CONFIG}', %s), 'A') || "
                f"setweight(to_tsvector('{CONFIG}', %s || ' ' || %s), 'B') || "
                f"setweight(to_tsvector('{CONFIG}', %s || ' ' || %s), 'C'))",
                [(w.work_id, w.title, w.creators, w.tags, w.summary, w.notes) for w in works],
            )
            cursor.executemany(
                "INSERT INTO search_chapter (chapter_id, work_id, body, document) "
                f"VALUES (%s, %s, %s, to_tsvector('{CONFIG}', %s))",
                [(c.chapter_id, c.work_id, c.body, c.body) for c in chapters],
            )

    def remove_work(self, work_id: int) -> None:
        with connection.cursor() as cursor:
            self._remove(cursor, work_id)

    @staticmethod
    def _remove(cursor: object, work_id: int) -> None:
        cursor.execute("DELETE FROM search_work WHERE work_id = %s", [work_id])  # type: ignore[attr-defined]
        cursor.execute("DELETE FROM search_chapter WHERE work_id = %s", [work_id])  # type: ignore[attr-defined]

    def matching_work_ids_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        text = tsquery_text(query)
        return (
            f"SELECT work_id FROM search_chapter WHERE document @@ to_tsquery('{CONFIG}', %s) "
            f"UNION SELECT work_id FROM search_work WHERE document @@ to_tsquery('{CONFIG}', %s)",
            [text, text],
        )

    def ranked_work_ids(
        self, query: ParsedQuery, candidate_sql: tuple[str, list[Any]]
    ) -> list[int]:
        text = tsquery_text(query)
        sql, params = candidate_sql
        with connection.cursor() as cursor:
            # The inner queries stop after RANK_LIMIT matches, so ts_rank_cd runs on at most
            # that many rows however common the word is.
            cursor.execute(
                "SELECT work_id, MAX(score) FROM ("
                f"  (SELECT work_id, ts_rank_cd(document, to_tsquery('{CONFIG}', %s)) AS score"
                f"   FROM search_chapter WHERE document @@ to_tsquery('{CONFIG}', %s) LIMIT %s)"
                f"  UNION ALL (SELECT work_id, 2 * ts_rank_cd(document, to_tsquery('{CONFIG}', %s))"
                f"   FROM search_work WHERE document @@ to_tsquery('{CONFIG}', %s) LIMIT %s)"
                ") ranked WHERE work_id IN (" + sql + ") GROUP BY work_id ORDER BY MAX(score) DESC",
                [text, text, RANK_LIMIT, text, text, RANK_LIMIT, *params],
            )
            return [row[0] for row in cursor.fetchall()]

    def snippets(self, query: ParsedQuery, work_ids: list[int]) -> dict[int, Snippet]:
        if not work_ids or not query.has_text:
            return {}
        text = tsquery_text(query)
        options = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=40, MinWords=15"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT ON (s.work_id) s.work_id, c.position, c.title, "
                f"ts_headline('{CONFIG}', s.body, to_tsquery('{CONFIG}', %s), %s) "
                "FROM search_chapter s JOIN works_chapter c ON c.id = s.chapter_id "
                f"WHERE s.document @@ to_tsquery('{CONFIG}', %s) AND s.work_id = ANY(%s) "
                f"ORDER BY s.work_id, ts_rank_cd(s.document, to_tsquery('{CONFIG}', %s)) DESC",
                [text, options, text, list(work_ids), text],
            )
            return {
                work_id: Snippet(work_id, position, title, marked_html(headline))
                for work_id, position, title, headline in cursor.fetchall()
            }

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('search_work') + "
                "pg_total_relation_size('search_chapter')"
            )
            row = cursor.fetchone()
        return int(row[0] or 0) if row else 0
