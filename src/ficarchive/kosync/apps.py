from __future__ import annotations

from django.apps import AppConfig


class KosyncConfig(AppConfig):
    name = "ficarchive.kosync"
    label = "kosync"
    verbose_name = "KOReader progress sync"
