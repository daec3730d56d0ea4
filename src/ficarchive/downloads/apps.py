from __future__ import annotations

from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "ficarchive.downloads"
    label = "downloads"
    verbose_name = "Downloads"

    def ready(self) -> None:
        from ficarchive.downloads import receivers, tasks  # noqa: F401  (tasks: the clock's)

        receivers.connect()
