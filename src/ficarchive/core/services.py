"""Upkeep of the database itself."""

from __future__ import annotations

from django.db import connection


def database_statistics_refresh() -> None:
    """Give the query planner fresh table statistics (after a bulk load, at start-up).

    Without them SQLite guesses that the index on a column of four values (visibility) finds
    a handful of rows, and walks every public work to find a page of 20 by primary key;
    PostgreSQL's autovacuum gets there, but only some time after a bulk import.
    Both sample the tables, so this takes moments however large the archive.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")
