from __future__ import annotations

from django.apps import AppConfig


class EfictionConfig(AppConfig):
    name = "ficarchive.efiction"
    label = "efiction"
    verbose_name = "eFiction migration"

    def ready(self) -> None:
        from ficarchive.efiction import receivers

        receivers.connect()
