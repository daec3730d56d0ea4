from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ficarchive.privacy"
    label = "privacy"
    verbose_name = "Policies and members' data"
