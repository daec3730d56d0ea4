"""`ficarchive worker`: runs the background tasks (ficarchive.core.tasks) and their clock."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections
from django_tasks.signals import task_finished, task_started

from ficarchive.core.tasks import clock_seconds, clock_tick

logger = logging.getLogger(__name__)


def _clock(stop: threading.Event) -> None:
    while not stop.wait(clock_seconds()):
        try:
            clock_tick()
        except Exception:  # the clock outlives a cache or database hiccup
            logger.exception("the task clock could not enqueue its periodic tasks")


def _fresh_connections(**kwargs: object) -> None:
    close_old_connections()


def worker_run(*, batch: bool = False) -> None:
    """Work the queues until stopped (or, with `batch`, until they are empty). A long-running
    worker also keeps the clock that enqueues periodic tasks."""
    stop = threading.Event()
    if not batch:
        clock_tick()
        threading.Thread(target=_clock, args=(stop,), name="task-clock", daemon=True).start()
    try:
        if settings.REDIS_URL:
            # Each job in the worker's own process (RQ's default forks one per job, which costs
            # more than most of ours take: a new chapter's notices queued up behind the forks).
            # Its database connection is checked around each job, as a request's is.
            task_started.connect(_fresh_connections, dispatch_uid="ficarchive-task-started")
            task_finished.connect(_fresh_connections, dispatch_uid="ficarchive-task-finished")
            call_command(
                "rqworker", *settings.TASK_QUEUES, job_class="django_tasks_rq.Job",
                worker_class="rq.worker.SimpleWorker", with_scheduler=True, burst=batch,
            )  # fmt: skip
        else:
            call_command("db_worker", queue_name="*", batch=batch, reload=False)
    finally:
        stop.set()
