"""Background work (DESIGN.md convention 14): Django's tasks API, retried, and a clock.

Every slow job (emails, notification fan-out, big downloads, index rebuilds) is a function
decorated with `background_task`, enqueued through `enqueue()` and run by `ficarchive worker`:
the database backend (django-tasks-db) by default, RQ on Redis when `REDIS_URL` is set.

- **Retries**: django-tasks runs a task once; a task that raises is enqueued again after a
  growing delay (1, 4, 16 minutes...) until its attempts are spent. Each failed attempt stays
  in the task results (the admin shows them) with its traceback.
- **Never before the data**: a task enqueued inside a transaction reaches the queue when it
  commits (on the database backend it is a row of that transaction; on Redis it is sent on
  commit), so a worker never reads rows that are not there yet, and a rollback drops it.
- **A clock**: `periodic(seconds)` tasks (daily digests, pruning) are enqueued once per
  period by whichever worker ticks first; a cache key decides, so several workers on several
  machines enqueue each period once.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks.base import Task

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

ATTEMPT_KWARG = "_attempt"
RETRY_BASE_SECONDS = 60


def background_task(
    *, attempts: int = 4, queue_name: str = "default", priority: int = 0
) -> Callable[[Callable[P, T]], Task[P, T]]:
    """Make `func` a task that is retried, with a growing delay, until `attempts` are spent."""

    def decorate(func: Callable[P, T]) -> Task[P, T]:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except Exception:
                if attempt < attempts:
                    delay = RETRY_BASE_SECONDS * 4 ** (attempt - 1)
                    logger.warning(
                        "task %s failed (attempt %d of %d); again in %ds",
                        _name(func), attempt, attempts, delay,
                    )  # fmt: skip
                    retry = decorated.using(run_after=timezone.now() + timedelta(seconds=delay))
                    retry.enqueue(*args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})
                raise

        # The worker finds a task by its module path: the module attribute named after `func`
        # is this Task, as `@task` would make it.
        decorated: Task[P, T] = task(queue_name=queue_name, priority=priority)(run)
        return decorated

    return decorate


def enqueue(background: Task[P, Any], /, *args: P.args, **kwargs: P.kwargs) -> None:
    """Queue `background(*args, **kwargs)` so that it runs only if the caller's transaction
    commits. The database backend writes the task in that transaction; any other backend is
    sent the task after the commit."""
    if _in_database(background):
        background.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: background.enqueue(*args, **kwargs), robust=True)


def _in_database(background: Task[Any, Any]) -> bool:
    backend = task_backends[background.backend]
    return type(backend).__module__.startswith("django_tasks_db")


def _name(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


@dataclass(frozen=True)
class Periodic:
    task: Task[[], Any]
    seconds: int


_PERIODIC: list[Periodic] = []


def periodic(seconds: int) -> Callable[[Task[[], T]], Task[[], T]]:
    """Have the workers' clock enqueue this argument-less task once every `seconds`."""

    def register(background: Task[[], T]) -> Task[[], T]:
        _PERIODIC.append(Periodic(background, seconds))
        return background

    return register


def clock_tick(now: float | None = None) -> list[str]:
    """Enqueue each periodic task whose period has begun and that no worker has enqueued for
    this period yet. Returns the names of the tasks enqueued."""
    now = time.time() if now is None else now
    enqueued = []
    for entry in _PERIODIC:
        period = int(now // entry.seconds)
        key = f"tasks:periodic:{entry.task.module_path}:{period}"
        if cache.add(key, 1, timeout=entry.seconds * 2):
            entry.task.enqueue()
            enqueued.append(entry.task.module_path)
    return enqueued


def clock_seconds() -> int:
    return int(getattr(settings, "FICARCHIVE_CLOCK_SECONDS", 60))
