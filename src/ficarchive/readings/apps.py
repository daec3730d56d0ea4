from __future__ import annotations

from django.apps import AppConfig


class ReadingsConfig(AppConfig):
    name = "ficarchive.readings"
    label = "readings"
    verbose_name = "Reading history, Marked for Later and resume points"

    def ready(self) -> None:
        from ficarchive.readings import tasks  # noqa: F401  (registers the clock's flush)
        from ficarchive.readings.selectors import with_reading_state, works_read_by
        from ficarchive.works import viewer

        # Every list of works shows the member's place and mark, and can hide what they read.
        viewer.register_annotation(with_reading_state)
        viewer.register_works("read", works_read_by)
