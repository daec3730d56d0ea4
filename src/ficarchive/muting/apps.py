from __future__ import annotations

from django.apps import AppConfig


class MutingConfig(AppConfig):
    name = "ficarchive.muting"
    label = "muting"
    verbose_name = "Mutes and blocks"

    def ready(self) -> None:
        from ficarchive.core import relations
        from ficarchive.muting import receivers, selectors

        relations.register(selectors.MutingRelations())
        receivers.connect()
