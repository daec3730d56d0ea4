"""`ficarchive backup` while the archive is being written to, then `ficarchive restore` on a
fresh machine: a consistent archive comes back, with its secret key. On SQLite always; on
PostgreSQL in the suite's PostgreSQL pass (a scratch database of its own)."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

WRITER = """
import django, sys, time
from datetime import date
django.setup()
from ficarchive.works.models import Work
for n in range(int(sys.argv[1])):
    Work.objects.create(title=f"Written {n}", visibility="public", published=date(2026, 1, 1),
                        updated=date(2026, 1, 1))
    time.sleep(0.01)
print(Work.objects.count())
"""

SEARCH_WRITTEN = """
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ficarchive.search.selectors import works_search
found = works_search(user=AnonymousUser(), raw_query="written", filters={}, sort="",
                     today=timezone.localdate())
print(len(found.ordered))
"""

COUNT = """
import django
django.setup()
from ficarchive.works.models import Work
print(Work.objects.count())
"""


def _env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(FICARCHIVE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="ficarchive.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def _backup_while_writing(env: dict[str, str], folder: Path) -> tuple[int, Path, int]:
    """Works before the backup, the backup file, works after the writer finished."""
    _run(env, "-m", "ficarchive.cli", "manage", "migrate", "--verbosity", "0")
    _run(env, "-c", WRITER, "20")
    before = int(_run(env, "-c", COUNT))
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, "150"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        made = Path(_run(env, "-m", "ficarchive.cli", "backup", "--to", str(folder)))
    finally:
        out, _ = writer.communicate(timeout=300)
    assert writer.returncode == 0
    return before, made, int(out.strip())


def test_sqlite_backup_while_writing_restores_on_a_fresh_machine(tmp_path: Path) -> None:
    live, fresh = tmp_path / "live", tmp_path / "fresh"
    env = _env(live)
    before, made, after = _backup_while_writing(env, tmp_path / "backups")
    assert made.stat().st_mode & 0o777 == 0o600, "every member's data: the archive's user only"
    assert before == 20
    assert after == 170
    restored_env = _env(fresh)
    _run(restored_env, "-m", "ficarchive.cli", "restore", str(made), "--yes")
    with sqlite3.connect(fresh / "ficarchive.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        restored = db.execute("SELECT count(*) FROM works_work").fetchone()[0]
    assert before <= restored <= after, "a consistent moment between the two"
    assert (fresh / "secret_key").read_text() == (live / "secret_key").read_text()
    assert (fresh / "secret_key").stat().st_mode & 0o777 == 0o600
    titles = _run(restored_env, "-c", COUNT)
    assert int(titles) == restored


def _refused_restore(tmp_path: Path, make_file: Callable[[Path], None]) -> str:
    """Restore a file that is not a whole backup into an archive of 3 works: it is refused
    with one message (no traceback) and the 3 works are still there; returns the message."""
    env = _env(tmp_path / "live")
    _run(env, "-m", "ficarchive.cli", "manage", "migrate", "--verbosity", "0")
    _run(env, "-c", WRITER, "3")
    bad = tmp_path / "bad.tar.gz"
    make_file(bad)
    done = subprocess.run(
        [sys.executable, "-m", "ficarchive.cli", "restore", str(bad), "--yes"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert _run(env, "-c", COUNT) == "3"
    return done.stderr


def test_a_broken_or_foreign_file_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    def junk(path: Path) -> None:
        path.write_bytes(b"not a backup at all")

    assert "is not a Ficarchive backup" in _refused_restore(tmp_path, junk)


def test_a_manifest_without_its_database_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    """Restoring it would put an empty archive in place of this one."""

    def hollow(path: Path) -> None:
        with tarfile.open(path, "w:gz") as tar:
            manifest = b'{"format": 1, "database": "sqlite"}'
            info = tarfile.TarInfo("manifest.json")
            info.size = len(manifest)
            tar.addfile(info, io.BytesIO(manifest))

    assert "holds no database" in _refused_restore(tmp_path, hollow)


@pytest.mark.parametrize(
    "entry", ["../outside", "link", "database.sqlite3/../../x", "manifest twice"]
)
def test_a_backup_with_a_path_or_a_link_is_refused_and_writes_nothing(
    tmp_path: Path, entry: str
) -> None:
    """Checked entry by entry, on every Python 3.11 (Debian 12's has no extraction filter)."""
    from ficarchive.core.backup import BackupError, _read

    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(hostile, "w:gz") as tar:
        if entry == "link":
            info = tarfile.TarInfo("secret_key")
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
        elif entry == "manifest twice":  # the second would overrule the first
            for _ in range(2):
                info = tarfile.TarInfo("manifest.json")
                info.size = 2
                tar.addfile(info, io.BytesIO(b"{}"))
        else:
            info = tarfile.TarInfo(entry)
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
    into = tmp_path / "into"
    into.mkdir()
    with pytest.raises(BackupError, match="is not a Ficarchive backup"):
        _read(hostile, into)
    assert not (tmp_path / "outside").exists()
    # Only what came before the refused entry, each file by its own name, in `into`.
    assert [p.name for p in into.iterdir()] == (["manifest.json"] if "twice" in entry else [])


def test_restore_without_a_terminal_asks_for_yes_and_changes_nothing(tmp_path: Path) -> None:
    """From cron or `ssh host cmd`: no one can type yes, so nothing happens, with a hint."""
    env = _env(tmp_path / "live")
    _run(env, "-m", "ficarchive.cli", "manage", "migrate", "--verbosity", "0")
    _run(env, "-c", WRITER, "2")
    done = subprocess.run(
        [sys.executable, "-m", "ficarchive.cli", "restore", str(tmp_path / "any.tar.gz")],
        env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Nothing changed" in done.stdout
    assert "--yes" in done.stdout
    assert "Traceback" not in done.stderr
    assert _run(env, "-c", COUNT) == "2"


def _postgres_server() -> dict[str, Any]:
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL pass of the suite runs this (DATABASE_URL=postgres://...)")
    config = settings.DATABASES["default"]
    return {
        "host": config.get("HOST") or "127.0.0.1", "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres", "password": config.get("PASSWORD") or None,
    }  # fmt: skip


@contextmanager
def _scratch_database(server: dict[str, Any], *, owner: str | None = None) -> Iterator[str]:
    """A database of its own on the suite's server, dropped afterwards; with `owner`, owned
    by that role (which the caller made), RUM made in it by the server's superuser as the
    README says, and the address is that role's."""
    import psycopg

    name = f"ficarchive_backup_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' OWNER "{owner}"' if owner else ""))
    if owner:
        with psycopg.connect(dbname=name, autocommit=True, **server) as admin:
            available = admin.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'rum'"
            ).fetchone()
            if available:
                admin.execute("CREATE EXTENSION rum")
    user = owner or server["user"]
    password = f":{server['password']}" if server["password"] and not owner else ""
    try:
        yield f"postgres://{user}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    with _scratch_database(_postgres_server()) as url:
        yield url


@pytest.fixture
def scratch_postgres_of_its_own_role() -> Iterator[str]:
    """As the README sets an archive up: a role that is not a superuser owns the database."""
    import psycopg

    server = _postgres_server()
    role = f"ficarchive_role_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE')
    try:
        with _scratch_database(server, owner=role) as url:
            yield url
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_postgres_backup_while_writing_restores_what_was_lost(
    tmp_path: Path, scratch_postgres: str
) -> None:
    env = _env(tmp_path / "live", scratch_postgres)
    before, made, after = _backup_while_writing(env, tmp_path / "backups")
    assert (before, after) == (20, 170)
    _run(env, "-c", "import django; django.setup(); from ficarchive.works.models import Work; "
                    "Work.objects.all().delete()")  # fmt: skip
    assert _run(env, "-c", COUNT) == "0"
    _run(env, "-m", "ficarchive.cli", "restore", str(made), "--yes")
    restored = int(_run(env, "-c", COUNT))
    assert before <= restored <= after


def test_postgres_restore_by_the_archive_s_own_role_that_is_not_a_superuser(
    tmp_path: Path, scratch_postgres_of_its_own_role: str
) -> None:
    """Its database has extensions (RUM) a superuser made: the restore leaves them be."""
    env = _env(tmp_path / "live", scratch_postgres_of_its_own_role)
    before, made, after = _backup_while_writing(env, tmp_path / "backups")
    _run(env, "-c", "import django; django.setup(); from ficarchive.works.models import Work; "
                    "Work.objects.all().delete()")  # fmt: skip
    _run(env, "-m", "ficarchive.cli", "restore", str(made), "--yes")
    restored = int(_run(env, "-c", COUNT))
    assert before <= restored <= after
    found = _run(env, "-c", SEARCH_WRITTEN)
    assert found == str(restored), "the search index was rebuilt from the restored works"
