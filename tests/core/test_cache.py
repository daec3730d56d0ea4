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
