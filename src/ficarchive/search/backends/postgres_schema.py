"""The PostgreSQL chapter index's shape: which index method the server offers, and the
statements that build the table (by the migration and by `search_rebuild`'s callers alike)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.utils import DatabaseError

logger = logging.getLogger(__name__)

# toast_tuple_target=128 moves every document but the shortest out of the table's pages, so
# a match's bitmap scan reads a few narrow pages instead of a row the size of the chapter.
CHAPTER_TABLE = (
    "CREATE TABLE search_chapter (chapter_id bigint PRIMARY KEY, work_id bigint NOT NULL, "
    "document tsvector NOT NULL) WITH (toast_tuple_target = 128)"
)
RUM_INDEX = (
    "CREATE INDEX search_chapter_document ON search_chapter USING rum (document rum_tsvector_ops)"
)
GIN_INDEX = "CREATE INDEX search_chapter_document ON search_chapter USING GIN (document)"
# A work's lexemes: its own fields' and every indexed chapter's words, without positions (one
# row per work to match a search without a phrase). Read from the chapters' tsvectors, not
# from the text again; search_work.document (fields, with positions) must be in place. A
# tsvector holds at most 1 MB: past 60,000 different words (a long novel uses 20,000 to
# 30,000) the rest are left out rather than fail the work's save.
WORK_LEXEMES = (
    "strip(document) || COALESCE((SELECT array_to_tsvector(array_agg(lexeme)) FROM ("
    "SELECT DISTINCT lexeme FROM search_chapter s, unnest(tsvector_to_array(s.document)) lexeme "
    "WHERE s.work_id = search_work.work_id LIMIT 60000) words), '')"
)
LEXEMES_INDEX = "CREATE INDEX search_work_lexemes ON search_work USING GIN (lexemes)"
WORK_INDEX = "CREATE INDEX search_chapter_work ON search_chapter (work_id)"


# The matching works, as functions that plan their query with sequential scans off. The
# tsvectors live out of line, so a scan that tests each row reads every document, while the
# index reads none; the planner prices the test as cheap and, for a common word or a small
# table, would scan (20,000 works' documents: 50 ms, for a word in none of them).
MATCH_FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION search_works_with_words(query tsquery) RETURNS SETOF bigint "
    "LANGUAGE sql STABLE ROWS 1000 SET enable_seqscan = off "
    "AS $$ SELECT work_id FROM search_work WHERE lexemes @@ query $$",
    "CREATE OR REPLACE FUNCTION search_works_with_text(query tsquery) RETURNS SETOF bigint "
    "LANGUAGE sql STABLE ROWS 1000 SET enable_seqscan = off "
    "AS $$ SELECT work_id FROM search_chapter WHERE document @@ query "
    "UNION SELECT work_id FROM search_work WHERE document @@ query $$",
    # How many chapters the planner expects to match (its word statistics; nothing is read).
    # (EXPLAIN makes it VOLATILE: a query tests it in a sub-select of its own, run once.)
    "CREATE OR REPLACE FUNCTION search_chapters_expected(query tsquery) RETURNS bigint "
    "LANGUAGE plpgsql VOLATILE AS $$ DECLARE plan json; BEGIN "
    "EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM search_chapter WHERE document @@ ' "
    "|| quote_literal(query::text) || '::tsquery' INTO plan; "
    "RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint; END $$",
    # The works whose own fields (title, tags, summary...) match, ranked: RUM's distance, or
    # GIN's ts_rank_cd (the first `top` found). PL/pgSQL, as `<=>` exists only with RUM.
    "CREATE OR REPLACE FUNCTION search_works_by_fields(query tsquery, top integer, rum boolean) "
    "RETURNS TABLE (work_id bigint, weight double precision) "
    "LANGUAGE plpgsql STABLE ROWS 500 SET enable_seqscan = off AS $$ BEGIN "
    "IF rum THEN RETURN QUERY EXECUTE 'SELECT work_id, (document <=> $1)::double precision / 2 "
    "FROM search_work WHERE document @@ $1 ORDER BY 2 LIMIT $2' USING query, top; "
    "ELSE RETURN QUERY SELECT s.work_id, 2 * ts_rank_cd(s.document, query)::double precision "
    "FROM search_work s WHERE s.document @@ query LIMIT top; END IF; END $$",
]
MATCH_FUNCTIONS_DROP = [
    "DROP FUNCTION IF EXISTS search_works_with_words(tsquery)",
    "DROP FUNCTION IF EXISTS search_works_with_text(tsquery)",
    "DROP FUNCTION IF EXISTS search_chapters_expected(tsquery)",
    "DROP FUNCTION IF EXISTS search_works_by_fields(tsquery, integer, boolean)",
]


def rum_install(connection: Any) -> bool:
    """Whether the RUM extension is (now) in this database: created when the server has it and
    the migrating role may; otherwise the GIN index serves, and the log says why."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT installed_version IS NOT NULL, true FROM pg_available_extensions "
            "WHERE name = 'rum'"
        )
        row = cursor.fetchone()
        if row is None:
            logger.warning(
                "PostgreSQL has no RUM extension (Debian: apt install postgresql-15-rum): "
                "search uses a GIN index, slower on phrases and ranking in large archives"
            )
            return False
        if row[0]:
            return True
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except DatabaseError as error:
            logger.warning(
                "Could not create the RUM extension (%s); run CREATE EXTENSION rum as a "
                "superuser in this database, then `ficarchive manage search_rebuild`",
                error,
            )
            return False
    return True


def chapter_index_statements(*, rum: bool, copy_from: str | None = None) -> list[str]:
    statements = [CHAPTER_TABLE]
    if copy_from:
        statements.append(
            "INSERT INTO search_chapter (chapter_id, work_id, document) "
            f"SELECT chapter_id, work_id, document FROM {copy_from}"  # a constant table name
        )
    return [*statements, RUM_INDEX if rum else GIN_INDEX, WORK_INDEX]


def uses_rum(connection: Any) -> bool:
    """Whether the chapter index is RUM's (asked once per connection: it changes only by a
    migration or a rebuild, never while the process serves)."""
    known = getattr(connection, "_ficarchive_search_rum", None)
    if known is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT am.amname FROM pg_class i JOIN pg_am am ON am.oid = i.relam "
                "WHERE i.relname = 'search_chapter_document'"
            )
            row = cursor.fetchone()
        known = bool(row and row[0] == "rum")
        connection._ficarchive_search_rum = known
    return bool(known)
