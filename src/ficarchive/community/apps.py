from __future__ import annotations

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "ficarchive.community"
    label = "community"
    verbose_name = "Kudos, comments, bookmarks and hits"

    def ready(self) -> None:
        from ficarchive.community import receivers

        receivers.connect()
