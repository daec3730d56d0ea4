"""Full-text search behind one interface: the database's own (SQLite FTS5 or PostgreSQL, by
the connection) or, when FICARCHIVE_SEARCH_BACKEND=tantivy, a Tantivy index."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from ficarchive.search.backends.base import SearchBackend


def backend() -> SearchBackend:
    if settings.SEARCH_BACKEND == "tantivy":
        from ficarchive.search.backends.tantivy_index import tantivy_backend

        return tantivy_backend(settings.SEARCH_INDEX_DIR)
    if connection.vendor == "postgresql":
        from ficarchive.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from ficarchive.search.backends.sqlite_fts5 import SqliteBackend

    return SqliteBackend()
