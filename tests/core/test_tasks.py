"""Background tasks: queued with the transaction, retried when they fail, run by the worker,
enqueued once per period by the clock however many workers tick."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ficarchive.accounts.roles import MODERATORS_GROUP
from ficarchive.core.tasks import clock_tick, enqueue
from tests.core import background
from tests.core.test_cache import _run

pytestmark = pytest.mark.django_db


def _make_due() -> None:
    """Bring every delayed retry forward, as if its delay had passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs(
    run_tasks: Callable[[], int],
) -> None:
    def post_that_fails() -> None:
        with transaction.atomic():
            enqueue(background.flaky, "rolled-back", 0)
            raise RuntimeError("the post failed")

    with pytest.raises(RuntimeError):
        post_that_fails()
    assert run_tasks() == 0
    assert cache.get("rolled-back") is None


def test_the_worker_runs_a_queued_task(run_tasks: Callable[[], int]) -> None:
    enqueue(background.flaky, "once", 0)
    assert cache.get("once") is None, "queued, not run in the request"
    run_tasks()
    assert cache.get("once") == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failing_task_is_retried_later_until_it_succeeds(run_tasks: Callable[[], int]) -> None:
    enqueue(background.flaky, "flaky", 2)
    run_tasks()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after is not None
    assert retry.run_after > timezone.now() + timedelta(seconds=30), "after a delay"
    _make_due()
    run_tasks()
    _make_due()
    run_tasks()
    assert cache.get("flaky") == 3
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "FAILED", "SUCCESSFUL"], "each failure stays on record"


def test_a_task_stops_after_its_last_attempt(run_tasks: Callable[[], int]) -> None:
    enqueue(background.flaky, "hopeless", 10)
    for _ in range(5):
        run_tasks()
        _make_due()
    assert cache.get("hopeless") == 3, "three attempts, no more"
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_clock_enqueues_a_periodic_task_once_per_period(run_tasks: Callable[[], int]) -> None:
    now = 1_800_000_000.0
    path = background.hourly.module_path
    assert path in clock_tick(now)
    assert path not in clock_tick(now + 60), "another worker, the same hour"
    assert path in clock_tick(now + 3600), "the next hour"
    run_tasks()
    assert cache.get("hourly-ran") == 2


def test_moderators_can_see_the_tasks_in_the_admin() -> None:
    group = Group.objects.get(name=MODERATORS_GROUP)
    assert group.permissions.filter(codename="view_dbtaskresult").exists()


ENQUEUE = """
import django
django.setup()
from ficarchive.core.tasks import enqueue
from tests.core.background import flaky
enqueue(flaky, "from-another-process", 0)
"""


def test_ficarchive_worker_runs_what_another_process_queued(tmp_path: Path) -> None:
    """The command itself, in processes of their own, on a fresh archive's files."""
    _run(tmp_path, "-m", "ficarchive.cli", "manage", "migrate", "--verbosity", "0")
    _run(tmp_path, "-c", ENQUEUE)
    _run(tmp_path, "-m", "ficarchive.cli", "worker", "--batch")
    with sqlite3.connect(tmp_path / "ficarchive.sqlite3") as archive:
        statuses = archive.execute("SELECT status FROM django_tasks_database_dbtaskresult")
        assert [row[0] for row in statuses] == ["SUCCESSFUL"]
        group = archive.execute(
            "SELECT p.codename FROM auth_group g"
            " JOIN auth_group_permissions gp ON gp.group_id = g.id"
            " JOIN auth_permission p ON p.id = gp.permission_id WHERE g.name = ?",
            [MODERATORS_GROUP],
        )
        assert "view_dbtaskresult" in {row[0] for row in group}, "moderators see the tasks"


READ_BACK = """
import django
django.setup()
from django.core.cache import cache
print(cache.get("from-another-process"))
"""


def test_with_redis_the_worker_runs_tasks_from_rq(tmp_path: Path) -> None:
    """REDIS_URL moves the queue to RQ: the same enqueue and the same `ficarchive worker`."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/13"
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.fail("Redis is not running at 127.0.0.1:6379 (.ci/run starts it)")
    try:
        # As the admin's env file sets it for every command (RQ's own app has migrations).
        _run(tmp_path, "-m", "ficarchive.cli", "manage", "migrate", "--verbosity", "0",
             REDIS_URL=url)  # fmt: skip
        _run(tmp_path, "-c", ENQUEUE, REDIS_URL=url)
        assert client.keys("rq:queue:*"), "queued in Redis"
        _run(tmp_path, "-m", "ficarchive.cli", "worker", "--batch", REDIS_URL=url)
        assert _run(tmp_path, "-c", READ_BACK, REDIS_URL=url) == "1", "the task ran"
    finally:
        client.flushdb()
