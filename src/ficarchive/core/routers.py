"""Puts Django's database cache in the `cache` database when there is one (SQLite's own file)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

CACHE_APP_LABEL = "django_cache"  # the label of Django's DatabaseCache rows
CACHE_DATABASE = "cache"


class CacheDatabaseRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return CACHE_DATABASE if model._meta.app_label == CACHE_APP_LABEL else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return CACHE_DATABASE if model._meta.app_label == CACHE_APP_LABEL else None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        """The cache file holds the cache table only; the archive's database holds no cache."""
        return (db == CACHE_DATABASE) == (app_label == CACHE_APP_LABEL)
