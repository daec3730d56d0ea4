"""The deployed shared cache: on SQLite, its own file made by `migrate`, shared by processes.

Rate limits count for the archive, not per web worker: two separate processes (as two
gunicorn workers or the command line are) see each other's counts.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

COUNT_ONE = """
import django
django.setup()
from ficarchive.core.ratelimit import RateLimit
limit = RateLimit("shared", "FICARCHIVE_LOGIN_FAILURES", 600)
print(limit.attempt("203.0.113.1"))
"""


def _run(data_dir: Path, *args: str, **environment: str) -> str:
    """Run Python in a process of its own on a fresh archive in `data_dir` (SQLite, and no
    Redis unless `environment` names one); returns what it printed."""
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(FICARCHIVE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="ficarchive.settings")
    env.update(environment)
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=180, check=True
    )
    return done.stdout.strip()


def test_migrate_makes_the_cache_file_and_processes_share_counts(tmp_path: Path) -> None:
    _run(tmp_path, "-m", "django", "migrate", "--verbosity", "0")
    cache_file = tmp_path / "cache.sqlite3"
    with sqlite3.connect(cache_file) as cache_db:
        tables = {row[0] for row in cache_db.execute("SELECT name FROM sqlite_master")}
    assert {"ficarchive_cache", "ficarchive_cache_pages"} <= tables, "limits apart from pages"
    with sqlite3.connect(tmp_path / "ficarchive.sqlite3") as archive_db:
        tables = {row[0] for row in archive_db.execute("SELECT name FROM sqlite_master")}
    assert "ficarchive_cache" not in tables, "the archive's file holds no cache rows"
    assert (cache_file.stat().st_mode & 0o777) == 0o600
    answers = [_run(tmp_path, "-c", COUNT_ONE) for _ in range(6)]
    assert answers == ["True"] * 5 + ["False"]


BURST = """
import sys, threading
import django
django.setup()
from ficarchive.core.ratelimit import RateLimit
limit = RateLimit("burst", "FICARCHIVE_KUDOS_PER_HOUR", 600)
how = sys.argv[1]
key = f"203.0.113.9 {how}"
let_through = []
start = threading.Barrier(4)
def burst():
    start.wait()
    for _ in range(10):
        if how == "attempt":
            let_through.append(limit.attempt(key))
        else:
            limit.record(key)
threads = [threading.Thread(target=burst) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sum(let_through) if how == "attempt" else limit.exceeded(key))
"""


def _burst(data_dir: Path, how: str, limit: int, **environment: str) -> list[str]:
    """Two processes of four threads each, 40 events apiece on one key, at the same time."""
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(FICARCHIVE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="ficarchive.settings")
    env.update(FICARCHIVE_KUDOS_PER_HOUR=str(limit), **environment)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", BURST, how], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    printed = [process.communicate(timeout=180)[0].strip() for process in processes]
    assert all(process.returncode == 0 for process in processes)
    return printed


@pytest.mark.parametrize("backend", ["database cache", "redis"])
def test_a_burst_on_one_key_passes_the_limit_nowhere(tmp_path: Path, backend: str) -> None:
    """80 attempts at once from 8 threads in 2 processes, limit 30: exactly 30 let through.
    And 80 events recorded at once all count: a limit of 80 is then reached (a lost update
    would leave it open, and a burst of guesses would never lock a login)."""
    environment: dict[str, str] = {}
    if backend == "redis":
        redis = pytest.importorskip("redis")
        url = "redis://127.0.0.1:6379/11"
        try:
            redis.Redis.from_url(url).flushdb()
        except redis.ConnectionError:
            pytest.fail("Redis is not running at 127.0.0.1:6379 (.ci/run starts it)")
        environment["REDIS_URL"] = url
    else:
        _run(tmp_path, "-m", "django", "migrate", "--verbosity", "0")
    let_through = _burst(tmp_path, "attempt", 30, **environment)
    assert sum(int(count) for count in let_through) == 30
    assert "True" in _burst(tmp_path, "record", 80, **environment)
