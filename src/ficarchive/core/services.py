"""Upkeep of the database itself."""

from __future__ import annotations

from django.db import connection


def database_statistics_refresh() -> None:
    """Give SQLite's query planner the table statistics PostgreSQL's autovacuum keeps itself.

    Without them SQLite guesses that the index on a column of four values (visibility) finds
    a handful of rows, and walks every public work to find a page of 20 by primary key.
    Sampled (analysis_limit), so it takes milliseconds however large the archive.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")
