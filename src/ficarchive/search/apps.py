from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ficarchive.search"
    label = "search"

    def ready(self) -> None:
        from ficarchive.search import receivers

        receivers.connect()
