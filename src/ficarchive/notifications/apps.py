from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ficarchive.notifications"
    label = "notifications"
    verbose_name = "Subscriptions, inbox and emails"

    def ready(self) -> None:
        from ficarchive.notifications import receivers

        receivers.connect()
