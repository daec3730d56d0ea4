"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL, by the connection."""

from __future__ import annotations

from django.db import connection

from ficarchive.search.backends.base import SearchBackend


def backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from ficarchive.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from ficarchive.search.backends.sqlite_fts5 import SqliteBackend

    return SqliteBackend()
