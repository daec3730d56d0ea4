from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _create_cache_table(sender: AppConfig, **kwargs: Any) -> None:
    """`migrate` also makes the shared cache's table, wherever the router puts it (on SQLite,
    the cache's own file), so a fresh archive needs no `createcachetable` step. Sent once per
    app with models (core has none); the command skips a table that exists."""
    for alias in settings.DATABASES:
        call_command("createcachetable", database=alias, verbosity=0)


class CoreConfig(AppConfig):
    name = "ficarchive.core"
    label = "core"

    def ready(self) -> None:
        from ficarchive.core.pagecache import invalidate_on_changes
        from ficarchive.core.replica import settle_on_changes

        post_migrate.connect(_create_cache_table, dispatch_uid="ficarchive-cache-table")
        invalidate_on_changes()
        settle_on_changes()
