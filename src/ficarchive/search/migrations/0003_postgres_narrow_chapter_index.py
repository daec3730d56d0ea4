"""PostgreSQL: the chapter index holds only ids and the tsvector, stored out of line; each
work also gets its lexemes: every word of its fields and chapters, without positions.

A match then reads a narrow table (a bitmap scan over a few pages, never each chapter's
document), a search without a phrase reads one row per work (not one per chapter), and
snippets read the text from works_chapter instead of a second copy of it.
With the RUM extension (Debian's postgresql-NN-rum) the documents are indexed with their word
positions: phrases are matched and matches ranked inside the index. Without it, GIN as before.
SQLite's FTS5 tables are untouched.
"""

from __future__ import annotations

from django.db import migrations

from ficarchive.search.backends.postgres_schema import (
    LEXEMES_INDEX,
    MATCH_FUNCTIONS,
    MATCH_FUNCTIONS_DROP,
    WORK_LEXEMES,
    chapter_index_statements,
    rum_install,
)

OLD_TABLE = [
    "CREATE TABLE search_chapter_previous (chapter_id bigint PRIMARY KEY, work_id bigint NOT NULL, "
    "body text NOT NULL, document tsvector NOT NULL)",
    "INSERT INTO search_chapter_previous (chapter_id, work_id, body, document) "
    "SELECT s.chapter_id, s.work_id, COALESCE(c.title || E'\\n' || c.body_text, ''), s.document "
    "FROM search_chapter s LEFT JOIN works_chapter c ON c.id = s.chapter_id",
    "DROP TABLE search_chapter",
    "ALTER TABLE search_chapter_previous RENAME TO search_chapter",
    "CREATE INDEX search_chapter_document ON search_chapter USING GIN (document)",
    "CREATE INDEX search_chapter_work ON search_chapter (work_id)",
]


def narrow(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    if connection.vendor != "postgresql":
        return
    rum = rum_install(connection)
    schema_editor.execute("ALTER TABLE search_chapter RENAME TO search_chapter_previous")  # type: ignore[attr-defined]
    schema_editor.execute("ALTER INDEX search_chapter_pkey RENAME TO search_chapter_previous_pkey")  # type: ignore[attr-defined]
    schema_editor.execute("DROP INDEX search_chapter_document")  # type: ignore[attr-defined]
    schema_editor.execute("DROP INDEX search_chapter_work")  # type: ignore[attr-defined]
    for statement in chapter_index_statements(rum=rum, copy_from="search_chapter_previous"):
        schema_editor.execute(statement)  # type: ignore[attr-defined]
    schema_editor.execute("DROP TABLE search_chapter_previous")  # type: ignore[attr-defined]
    schema_editor.execute(  # type: ignore[attr-defined]
        "ALTER TABLE search_work SET (toast_tuple_target = 128), "
        "ADD COLUMN lexemes tsvector NOT NULL DEFAULT ''"
    )
    schema_editor.execute(f"UPDATE search_work SET lexemes = {WORK_LEXEMES}")  # type: ignore[attr-defined]  # noqa: S608 - constant SQL
    schema_editor.execute(LEXEMES_INDEX)  # type: ignore[attr-defined]
    for statement in MATCH_FUNCTIONS:
        schema_editor.execute(statement)  # type: ignore[attr-defined]


def widen(apps: object, schema_editor: object) -> None:
    if schema_editor.connection.vendor != "postgresql":  # type: ignore[attr-defined]
        return
    for statement in MATCH_FUNCTIONS_DROP:
        schema_editor.execute(statement)  # type: ignore[attr-defined]
    schema_editor.execute("ALTER TABLE search_work DROP COLUMN lexemes")  # type: ignore[attr-defined]
    for statement in OLD_TABLE:
        schema_editor.execute(statement)  # type: ignore[attr-defined]


class Migration(migrations.Migration):
    dependencies = [("search", "0002_pending_index_update"), ("works", "0004_accounts_and_posting")]
    operations = [migrations.RunPython(narrow, widen)]
