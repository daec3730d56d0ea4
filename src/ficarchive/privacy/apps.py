from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ficarchive.privacy"
    label = "privacy"
    verbose_name = "Policies and members' data"

    def ready(self) -> None:
        from ficarchive.privacy import tasks  # noqa: F401  (registers the clock's pruning)
