"""The full-text index: FTS5 virtual tables on SQLite, tsvector tables on PostgreSQL."""

from __future__ import annotations

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_work USING fts5("
    "title, creators, tags, summary, notes, tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_chapter USING fts5("
    "work_id UNINDEXED, body, tokenize='porter unicode61 remove_diacritics 2')",
    # FTS5 cannot index work_id: this map finds a work's chapter rows without a full scan.
    "CREATE TABLE search_chapter_work (chapter_rowid INTEGER PRIMARY KEY, work_id INTEGER NOT NULL)",
    "CREATE INDEX search_chapter_work_work ON search_chapter_work (work_id)",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_work",
    "DROP TABLE IF EXISTS search_chapter",
    "DROP TABLE IF EXISTS search_chapter_work",
]
POSTGRES = [
    # No foreign keys: the services remove a work's rows when it goes, and Django's test
    # flush truncates model tables without CASCADE.
    "CREATE TABLE search_work (work_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX search_work_document ON search_work USING GIN (document)",
    "CREATE TABLE search_chapter (chapter_id bigint PRIMARY KEY, work_id bigint NOT NULL, "
    "body text NOT NULL, document tsvector NOT NULL)",
    "CREATE INDEX search_chapter_document ON search_chapter USING GIN (document)",
    "CREATE INDEX search_chapter_work ON search_chapter (work_id)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_chapter", "DROP TABLE IF EXISTS search_work"]


def create(apps: object, schema_editor: object) -> None:
    vendor = schema_editor.connection.vendor  # type: ignore[attr-defined]
    for statement in POSTGRES if vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement)  # type: ignore[attr-defined]


def drop(apps: object, schema_editor: object) -> None:
    vendor = schema_editor.connection.vendor  # type: ignore[attr-defined]
    for statement in POSTGRES_DROP if vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement)  # type: ignore[attr-defined]


class Migration(migrations.Migration):
    dependencies = [("works", "0004_accounts_and_posting")]
    operations = [migrations.RunPython(create, drop)]
