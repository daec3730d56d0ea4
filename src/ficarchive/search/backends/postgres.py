"""PostgreSQL full-text search: narrow tsvector tables, matched and (with RUM) ranked inside
their indexes; snippets drawn from a window of the chapter around the first match."""

from __future__ import annotations

from typing import Any

from django.db import connection, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from ficarchive.search.backends.base import (
    MARK_CLOSE,
    MARK_OPEN,
    ChapterText,
    Snippet,
    WorkText,
    marked_html,
)
from ficarchive.search.backends.postgres_schema import (
    GIN_INDEX,
    LEXEMES_INDEX,
    MATCH_FUNCTIONS,
    RUM_INDEX,
    WORK_LEXEMES,
    rum_install,
    uses_rum,
)
from ficarchive.search.backends.sql import RANK_LIMIT, SqlBackend
from ficarchive.search.query import ParsedQuery, Term
from ficarchive.works.models import Work

CONFIG = "english"
RUM_RANK_LIMIT = 500  # the best chapters (and works' own fields) RUM hands over, in order
# Past this many matching chapters (the planner's estimate), RUM weighing each of them costs
# more than a search may: such a common word ranks works by their own fields alone.
COMMON_MATCHES = 20_000
SNIPPET_WINDOW = 700  # characters either side of where a searched stem first appears
WHOLE_CHAPTER_LIMIT = 100_000  # characters: beyond, a passage without its mark beats a slow page
HEADLINE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=40, MinWords=15"


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


def highlight_tsquery_text(query: ParsedQuery) -> str:
    """Any of the searched words or phrases: what a passage marks (the whole query may need
    more words than one passage holds)."""
    return " | ".join(_ts_term(term) for group in query.required for term in group)


def _stem_pattern_sql(*, cut: int) -> str:
    """SQL for a regular expression (PostgreSQL's) matching a word that starts like one of the
    searched words' stems (the `stems` rows), or NULL when there are none. With cut=1 the
    stem loses its last letter, as the stemmer does not keep every word's start (happi for
    happy, rate for rating). Built in the passage query itself: no query of its own."""
    return (
        r"(SELECT '\m(?:' || string_agg(regexp_replace(p, '(\W)', '\\\1', 'g'), '|'"
        "   ORDER BY length(p) DESC, p) || ')'"
        f" FROM (SELECT p FROM (SELECT DISTINCT left(s, greatest(3, length(s) - {cut})) AS p"
        "   FROM stems) prefixes ORDER BY length(p) DESC, p LIMIT 8) longest)"
    )


def _reading() -> BaseDatabaseWrapper:
    """The connection a search reads on: a read replica inside a read-only scope
    (core/replica.py), else the primary."""
    return connections[router.db_for_read(Work)]


class PostgresBackend(SqlBackend):
    def __init__(self, *, rum: bool | None = None) -> None:
        self._rum = rum

    @property
    def rum(self) -> bool:
        return uses_rum(connection) if self._rum is None else self._rum

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_work, search_chapter")

    def rebuild(self, batch_size: int) -> int:
        """From scratch, with the text indexes built once at the end (faster than growing them
        row by row); the chapters' as RUM's when the server has the extension, else GIN's."""
        rum = rum_install(connection)
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_chapter_document")
            cursor.execute("DROP INDEX IF EXISTS search_work_lexemes")
        count = super().rebuild(batch_size)
        with connection.cursor() as cursor:
            cursor.execute(RUM_INDEX if rum else GIN_INDEX)
            cursor.execute(LEXEMES_INDEX)
            for statement in MATCH_FUNCTIONS:
                cursor.execute(statement)
            cursor.execute("ANALYZE search_chapter")
            cursor.execute("ANALYZE search_work")
        connection._ficarchive_search_rum = rum  # type: ignore[attr-defined]
        return count

    def add_many(self, works: list[WorkText], chapters: list[ChapterText]) -> None:
        """The chapters first: each work's lexemes are read from its chapters' tsvectors."""
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_chapter (chapter_id, work_id, document) "
                f"VALUES (%s, %s, to_tsvector('{CONFIG}', %s))",
                [(c.chapter_id, c.work_id, c.body) for c in chapters],
            )
            cursor.executemany(
                "INSERT INTO search_work (work_id, document) VALUES (%s, "
                f"setweight(to_tsvector('{CONFIG}', %s), 'A') || "
                f"setweight(to_tsvector('{CONFIG}', %s || ' ' || %s), 'B') || "
                f"setweight(to_tsvector('{CONFIG}', %s || ' ' || %s), 'C'))",
                [(w.work_id, w.title, w.creators, w.tags, w.summary, w.notes) for w in works],
            )
            cursor.execute(
                f"UPDATE search_work SET lexemes = {WORK_LEXEMES} WHERE work_id = ANY(%s)",
                [[w.work_id for w in works]],
            )

    def remove_work(self, work_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_work WHERE work_id = %s", [work_id])
            cursor.execute("DELETE FROM search_chapter WHERE work_id = %s", [work_id])

    def matching_work_ids_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """Without a phrase, one row per work (its lexemes); a phrase needs word positions,
        so chapters and the work's own fields are matched apart (postgres_schema.py)."""
        terms = [term for group in query.required for term in group] + query.excluded
        function = (
            "search_works_with_text"
            if any(term.is_phrase for term in terms)
            else "search_works_with_words"
        )
        return f"SELECT {function}(to_tsquery('{CONFIG}', %s))", [tsquery_text(query)]

    def ranked_work_ids(
        self, query: ParsedQuery, candidate_sql: tuple[str, list[Any]]
    ) -> list[int]:
        text = tsquery_text(query)
        sql, params = candidate_sql
        if self.rum:
            # RUM's distance (1 / rank), computed inside the index from the word positions it
            # keeps, best chapters first. It still weighs every matching chapter, so a word in
            # most chapters ranks by the works' own fields alone: a title, a tag or a summary
            # that says it (the rest follow by date). A match there counts double, as below.
            # Whether the word is that common is the planner's estimate, tested once before
            # the chapters' scan (which it skips), in the same query.
            ranked = (
                f"(SELECT work_id, weight AS distance FROM search_works_by_fields("
                f"to_tsquery('{CONFIG}', %s), %s, true))"
                f" UNION ALL (SELECT work_id, document <=> to_tsquery('{CONFIG}', %s)"
                f" FROM search_chapter WHERE document @@ to_tsquery('{CONFIG}', %s)"
                f" AND (SELECT search_chapters_expected(to_tsquery('{CONFIG}', %s))) <= %s"
                f" ORDER BY document <=> to_tsquery('{CONFIG}', %s) LIMIT %s)"
            )
            ranked_params: list[Any] = [
                text, RUM_RANK_LIMIT, text, text, text, COMMON_MATCHES, text, RUM_RANK_LIMIT
            ]  # fmt: skip
            order = "MIN(distance) ASC"
        else:
            # The inner queries stop after RANK_LIMIT matches, so ts_rank_cd runs on at most
            # that many rows however common the word is.
            ranked = (
                f"  (SELECT work_id, ts_rank_cd(document, to_tsquery('{CONFIG}', %s)) AS distance"
                f"   FROM search_chapter WHERE document @@ to_tsquery('{CONFIG}', %s) LIMIT %s)"
                f"  UNION ALL (SELECT work_id, weight FROM search_works_by_fields("
                f"to_tsquery('{CONFIG}', %s), %s, false))"
            )
            order = "MAX(distance) DESC"
            ranked_params = [text, text, RANK_LIMIT, text, RANK_LIMIT]
        if query.excluded:
            # A chapter without the excluded word is ranked even when another chapter of its
            # work has it: only works that match as a whole stay.
            matching, matching_params = self.matching_work_ids_sql(query)
            sql, params = f"{sql} INTERSECT {matching}", [*params, *matching_params]
        with _reading().cursor() as cursor:
            # Ranked first (in an array: with RUM at most a thousand works, with GIN a few
            # thousand), then each looked up among the candidates by its key: joined the other
            # way round, the planner hashed every visible work in the archive (5 ms at 20,000
            # works) to keep a few dozen.
            cursor.execute(
                "SELECT r.work_id FROM unnest(ARRAY("
                f" SELECT work_id FROM ({ranked}) ranked"
                f" GROUP BY work_id ORDER BY {order}, work_id"
                f")) WITH ORDINALITY AS r (work_id, place) WHERE r.work_id IN ({sql})"
                " ORDER BY r.place",
                [*ranked_params, *params],
            )
            return [row[0] for row in cursor.fetchall()]

    def snippets(self, query: ParsedQuery, work_ids: list[int]) -> dict[int, Snippet]:
        """Each work's first posted chapter that matches, and the passage around the match.

        ts_headline reads only a window of the chapter around the first word that starts like
        a searched stem (a long chapter costs no more than a short one); when that word was
        not a match after all, the whole chapter is read.
        """
        if not work_ids or not query.has_text:
            return {}
        text = tsquery_text(query)
        window = (
            f"ts_headline('{CONFIG}', substr(body, greatest(COALESCE(NULLIF("
            "regexp_instr(body, COALESCE({pattern}, '^'), 1, 1, 0, 'i'), 0), 1) - %s, 1),"
            " %s), marked, %s)"
        )
        window_params: list[Any] = [SNIPPET_WINDOW, 2 * SNIPPET_WINDOW, HEADLINE]
        with _reading().cursor() as cursor:
            cursor.execute(
                # The loose stem's first word (rating for rate), else the exact stem's first
                # word, else the whole chapter when it is not too long to read. OFFSET 0 keeps
                # each passage computed once: unnested, PostgreSQL would copy the expression
                # into every branch that names it, and draw the passage twice. The chapter
                # text is read out of its compressed storage once per row (`body`).
                "WITH stems AS (SELECT DISTINCT s"
                f"  FROM unnest(tsvector_to_array(to_tsvector('{CONFIG}', %s))) s) "
                "SELECT work_id, position, title, CASE"
                "  WHEN strpos(near, %s) > 0 THEN near"
                "  ELSE (SELECT CASE"
                "    WHEN strpos(exact, %s) > 0 THEN exact"
                "    WHEN length(body) <= %s"
                f"     THEN ts_headline('{CONFIG}', body, marked, %s)"
                "    ELSE near END"
                f"   FROM (SELECT {window.format(pattern=_stem_pattern_sql(cut=0))} AS exact"
                "    OFFSET 0) exact_passage)"
                "  END FROM ("
                "  SELECT work_id, position, title, body, marked, "
                f"  {window.format(pattern=_stem_pattern_sql(cut=1))} AS near"
                "  FROM (SELECT first.work_id, c.position, c.title, c.body_text || '' AS body,"
                "   marked"
                "   FROM (SELECT DISTINCT ON (s.work_id) s.work_id, s.chapter_id"
                f"    FROM search_chapter s JOIN works_chapter w ON w.id = s.chapter_id,"
                f"     to_tsquery('{CONFIG}', %s) q"
                "    WHERE s.work_id = ANY(%s) AND s.document @@ q"
                "    ORDER BY s.work_id, w.position) first"
                "   JOIN works_chapter c ON c.id = first.chapter_id,"
                f"   to_tsquery('{CONFIG}', %s) marked"
                "   OFFSET 0) chapters"
                "  OFFSET 0) passages",
                [
                    " ".join(query.highlight_words()),
                    MARK_OPEN,
                    MARK_OPEN,
                    WHOLE_CHAPTER_LIMIT,
                    HEADLINE,
                    *window_params,
                    *window_params,
                    text,
                    list(work_ids),
                    highlight_tsquery_text(query),
                ],
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
