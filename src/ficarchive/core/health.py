"""What a load balancer asks before sending traffic: do the database and the shared cache
answer, and how far behind is the task queue."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    database: bool
    cache: bool
    queue_depth: int | None  # tasks waiting to run now; None when the queue did not answer
    oldest_task_seconds: float | None  # how long the oldest of them has waited

    @property
    def ok(self) -> bool:
        return self.database and self.cache

    def as_dict(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "failing",
            "database": "ok" if self.database else "failing",
            "cache": "ok" if self.cache else "failing",
            "tasks": {
                "waiting": self.queue_depth,
                "oldest_waiting_seconds": self.oldest_task_seconds,
            },
        }


def _database_answers() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:  # any failure is the answer: the database does not answer
        logger.exception("health: the database does not answer")
        return False


def _cache_answers() -> bool:
    """A round trip through the shared cache (rate limits, sessions and guest pages use it)."""
    key, value = "health:probe", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=30)
        return bool(cache.get(key) == value)
    except Exception:
        logger.exception("health: the cache does not answer")
        return False


def _queue() -> tuple[int | None, float | None]:
    try:
        if "django_tasks_rq" in settings.INSTALLED_APPS:
            return _rq_queue()
        return _database_queue()
    except Exception:
        logger.exception("health: the task queue does not answer")
        return None, None


def _age(enqueued: datetime | None) -> float | None:
    return None if enqueued is None else round((timezone.now() - enqueued).total_seconds(), 1)


def _database_queue() -> tuple[int, float | None]:
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    summary = ready.aggregate(oldest=Min("enqueued_at"))
    return ready.count(), _age(summary["oldest"])


def _rq_queue() -> tuple[int, float | None]:
    import django_rq

    depth, oldest = 0, None
    for name in settings.TASK_QUEUES:
        queue = django_rq.get_queue(name)
        depth += len(queue)
        first = queue.get_jobs(0, 1)  # the oldest: RQ queues are first in, first out
        if first and first[0].enqueued_at is not None:
            enqueued = first[0].enqueued_at
            if timezone.is_naive(enqueued):
                enqueued = timezone.make_aware(enqueued, UTC)
            oldest = enqueued if oldest is None else min(oldest, enqueued)
    return depth, _age(oldest)


def health_report() -> Health:
    database = _database_answers()
    depth, oldest = _queue() if database else (None, None)
    return Health(database, _cache_answers(), depth, oldest)


def _reason(error: Exception) -> str:
    """The driver's words, on one line, without the address it repeats."""
    lines = str(error).strip().splitlines()
    text = " ".join(lines[0].split()) if lines else type(error).__name__
    return text.rpartition(" failed: ")[2] or text


def unreachable_services() -> list[str]:
    """One line for each server the archive needs that does not answer (the PostgreSQL
    databases, Redis): `ficarchive serve` and `worker` stop with it rather than a traceback.
    SQLite is a file in the data folder, checked with the settings."""
    problems = []
    for alias in settings.DATABASES:
        connection = connections[alias]
        if connection.vendor == "sqlite":
            continue
        where = f"{connection.settings_dict['HOST'] or 'localhost'}:"
        where += str(connection.settings_dict["PORT"] or 5432)
        name = "the database" if alias == "default" else f"the {alias} database"
        try:
            connection.ensure_connection()
        except Exception as error:  # whatever the driver says, it is the reason
            problems.append(f"cannot reach {name} at {where} ({_reason(error)})")
    if settings.REDIS_URL:
        problems.extend(_redis_problem(settings.REDIS_URL))
    return problems


def _redis_problem(url: str) -> list[str]:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        kwargs = client.connection_pool.connection_kwargs
        where = (
            kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
        )
        return [f"cannot reach Redis at {where} ({_reason(error)})"]
    finally:
        client.close()
    return []
