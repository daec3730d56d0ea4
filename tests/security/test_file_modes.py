"""The SQLite database (and its WAL files) and the secret key are readable by their owner only,
however the archive is first created: migrate, import, serve or a test database on disk."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connections
from django.db.utils import ConnectionHandler

ROOT = Path(__file__).resolve().parents[2]
STORY = "Quiet Hours by Linnet Shaw\n\nThe clocks stopped at three.\n"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def ficarchive_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    # The default umask lets new files be read by everyone: the archive must not rely on it.
    return {**env, "FICARCHIVE_DATA_DIR": str(data), "HTTPS": "false"}


def run(data: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-c", "import os, sys; os.umask(0o022); from ficarchive.cli import main;"
         " sys.exit(main(sys.argv[1:]))", *args],
        env=ficarchive_env(data), cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


def private_files(data: Path) -> dict[str, int]:
    return {
        path.name: mode(path)
        for path in data.iterdir()
        if path.name.startswith(("ficarchive.sqlite3", "secret_key"))
    }


def test_migrate_creates_a_private_database_and_key(tmp_path: Path) -> None:
    run(tmp_path, "manage", "migrate", "--verbosity", "0")
    files = private_files(tmp_path)
    assert "ficarchive.sqlite3" in files
    assert "secret_key" in files
    assert set(files.values()) == {0o600}


def test_import_into_a_new_archive_creates_a_private_database(tmp_path: Path) -> None:
    story = tmp_path / "quiet.txt"
    story.write_text(STORY, encoding="utf-8")
    data = tmp_path / "data"
    run(data, "manage", "migrate", "--verbosity", "0")
    (data / "ficarchive.sqlite3").unlink()  # import opens (creates) a fresh database file
    for leftover in data.glob("ficarchive.sqlite3-*"):
        leftover.unlink()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.umask(0o022); from ficarchive.cli import main;"
            " sys.exit(main(['import', sys.argv[1]]))",
            str(story),
        ],
        env=ficarchive_env(data),
        cwd=ROOT,
        capture_output=True,
        check=True,
    )  # fmt: skip  (a new archive's database is prepared by the import itself)
    files = private_files(data)
    assert "ficarchive.sqlite3" in files
    assert set(files.values()) == {0o600}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_creates_a_private_database_and_names_no_server_software(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "import os, sys; os.umask(0o022); from ficarchive.cli import main;"
         " sys.exit(main(sys.argv[1:]))", "serve", "--no-demo", "--workers", "1",
         "--port", str(port)],
        env=ficarchive_env(tmp_path), cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    headers = response.headers
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("ficarchive serve did not answer")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "gunicorn" not in str(headers).lower()
    assert headers.get("Server") is None
    files = private_files(tmp_path)
    assert "ficarchive.sqlite3" in files
    assert set(files.values()) == {0o600}


@pytest.mark.django_db
def test_a_test_database_on_disk_is_private(tmp_path: Path) -> None:
    settings = {**connections["default"].settings_dict}
    if settings["ENGINE"].rsplit(".", 1)[-1] != "sqlite3":
        pytest.skip("SQLite only")
    path = tmp_path / "test.sqlite3"
    handler = ConnectionHandler({"default": {**settings, "NAME": str(path), "TEST": {}}})
    connection = handler["default"]
    previous = os.umask(0o022)
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x)")
    finally:
        os.umask(previous)
        connection.close()
    assert mode(path) == 0o600


OPEN_AND_CLOSE = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM t").fetchone()
connection.close()
"""


@pytest.mark.django_db
def test_opening_a_connection_keeps_this_process_s_hold_on_the_database(
    tmp_path: Path,
) -> None:
    """A thread connects (a web worker's flusher, a threaded task) while this process has the
    archive open: when another process then closes the last connection it has, it must still
    see this one, and leave the write-ahead log in place. Closing a descriptor of the file
    dropped the process's locks, so the other process deleted the log under this one (a
    "disk I/O error" here, and writes lost)."""
    path = tmp_path / "archive.sqlite3"
    reading = sqlite3.connect(path, isolation_level=None)
    reading.execute("PRAGMA journal_mode=WAL")
    reading.execute("CREATE TABLE t (x)")
    reading.execute("INSERT INTO t VALUES (1)")
    handler = ConnectionHandler({"default": {
        "ENGINE": "ficarchive.core.sqlite3", "NAME": str(path), "OPTIONS": {}, "TEST": {},
    }})  # fmt: skip
    other = handler["default"]
    try:
        other.ensure_connection()  # a new connection in this process, as a thread opens one
        subprocess.run([sys.executable, "-c", OPEN_AND_CLOSE, str(path)], timeout=60, check=True)
        assert Path(f"{path}-wal").exists(), "another process deleted the log in use here"
        assert reading.execute("SELECT count(*) FROM t").fetchone() == (1,)
    finally:
        other.close()
        reading.close()
