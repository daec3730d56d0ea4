"""`ficarchive worker`: runs the background tasks (ficarchive.core.tasks) and their clock."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command

from ficarchive.core.tasks import clock_seconds, clock_tick

logger = logging.getLogger(__name__)


def _clock(stop: threading.Event) -> None:
    while not stop.wait(clock_seconds()):
        try:
            clock_tick()
        except Exception:  # the clock outlives a cache or database hiccup
            logger.exception("the task clock could not enqueue its periodic tasks")


def worker_run(*, batch: bool = False) -> None:
    """Work the queues until stopped (or, with `batch`, until they are empty). A long-running
    worker also keeps the clock that enqueues periodic tasks."""
    stop = threading.Event()
    if not batch:
        clock_tick()
        threading.Thread(target=_clock, args=(stop,), name="task-clock", daemon=True).start()
    try:
        if settings.REDIS_URL:
            call_command(
                "rqworker", *settings.TASK_QUEUES,
                job_class="django_tasks_rq.Job", with_scheduler=True, burst=batch,
            )  # fmt: skip
        else:
            call_command("db_worker", queue_name="*", batch=batch, reload=False)
    finally:
        stop.set()
