from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "ficarchive.accounts"
    label = "accounts"

    def ready(self) -> None:
        from ficarchive.accounts.roles import moderators_group_sync

        # After every app's permissions exist: auth creates them in its own post_migrate.
        post_migrate.connect(moderators_group_sync, dispatch_uid="ficarchive-moderators")
