"""/healthz for load balancers: 200 while the database and the cache answer, with the task
queue's depth and oldest wait; 503 when either does not; never cached."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from ficarchive.core.tasks import enqueue
from ficarchive.privacy.tasks import exports_expire
from tests.core.test_cache import _run

pytestmark = pytest.mark.django_db


def test_a_healthy_archive_answers_200_with_its_queue() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("ok", "ok", "ok")
    assert body["tasks"] == {"waiting": 0, "oldest_waiting_seconds": None}


def test_the_queue_depth_counts_the_tasks_waiting() -> None:
    enqueue(exports_expire)
    enqueue(exports_expire)
    tasks = Client().get("/healthz").json()["tasks"]
    assert tasks["waiting"] == 2
    assert 0 <= tasks["oldest_waiting_seconds"] < 60


def test_a_database_that_does_not_answer_is_a_503() -> None:
    unreachable = mock.MagicMock()
    unreachable.__getitem__.return_value.cursor.side_effect = OperationalError("refused")
    with mock.patch("ficarchive.core.health.connections", unreachable):
        response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("failing", "failing", "ok")


def test_a_cache_that_does_not_answer_is_a_503() -> None:
    with mock.patch("ficarchive.core.health.cache.set", side_effect=ConnectionError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "failing"


def test_only_get_and_head() -> None:
    assert Client().head("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405


HEALTH_WITH_A_TASK = """
import django
django.setup()
import json
from ficarchive.core.health import health_report
from ficarchive.core.tasks import enqueue
from tests.core.background import flaky
enqueue(flaky, "health", 0)
print(json.dumps(health_report().as_dict()))
"""


def test_with_redis_the_queue_depth_is_read_from_rq(tmp_path: Path) -> None:
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/12"
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.fail("Redis is not running at 127.0.0.1:6379 (.ci/run starts it)")
    try:
        _run(tmp_path, "-m", "ficarchive.cli", "manage", "migrate", "--verbosity", "0")
        body = json.loads(_run(tmp_path, "-c", HEALTH_WITH_A_TASK, REDIS_URL=url))
        assert (body["status"], body["database"], body["cache"]) == ("ok", "ok", "ok")
        assert body["tasks"]["waiting"] == 1
        assert 0 <= body["tasks"]["oldest_waiting_seconds"] < 60
    finally:
        client.flushdb()


HEALTH_AS_A_GUEST = """
import django
django.setup()
from django.test import Client
for method in ("get", "head"):
    response = getattr(Client(HTTP_HOST="localhost"), method)("/healthz")
    print(response.status_code, response.json()["cache"] if method == "get" else "")
"""


def test_with_redis_down_a_guest_load_balancer_gets_a_503_not_a_500(tmp_path: Path) -> None:
    """The guest page cache, which reads Redis before any view, steps aside when Redis does
    not answer: the health check reports the cache failing."""
    _run(tmp_path, "-m", "ficarchive.cli", "manage", "migrate", "--verbosity", "0")
    printed = _run(tmp_path, "-c", HEALTH_AS_A_GUEST, REDIS_URL="redis://127.0.0.1:1/0")
    assert printed.split("\n") == ["503 failing", "503"]
