from __future__ import annotations

from django.apps import AppConfig


class OfflineConfig(AppConfig):
    """Reading offline: the web manifest, the service worker and the saved-works page."""

    name = "ficarchive.offline"
    label = "offline"

    def ready(self) -> None:
        from ficarchive.offline.receivers import connect

        connect()
