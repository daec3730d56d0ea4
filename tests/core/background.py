"""Tasks the task tests enqueue (a worker finds a task by its module path)."""

from __future__ import annotations

from django.core.cache import cache

from ficarchive.core.tasks import background_task, periodic


@background_task(attempts=3)
def flaky(key: str, failures: int) -> int:
    """Fails `failures` times, then succeeds; counts its runs in the cache."""
    runs = cache.get(key, 0) + 1
    cache.set(key, runs)
    if runs <= failures:
        raise RuntimeError(f"failure {runs}")
    return runs


@periodic(3600)
@background_task()
def hourly() -> None:
    cache.set("hourly-ran", cache.get("hourly-ran", 0) + 1)
