"""A wrong setting stops `ficarchive` at start-up with one line (the variable, what is wrong,
a right value) and status 2, never a traceback; a database or Redis that does not answer
stops `serve` and `worker` with "cannot reach ..." and status 1."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ficarchive(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`ficarchive ARGS` as an administrator runs it: production defaults, SQLite in a fresh
    data folder, the given variables on top."""
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "HTTPS", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"}
    }
    full_env.update({"FICARCHIVE_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "ficarchive.cli", *args],
        env=full_env, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip


def assert_one_line(result: subprocess.CompletedProcess[str], status: int, *words: str) -> str:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


BAD_VALUES = [
    ("DATABASE_URL", "postgress://archive@db/ficarchive", "'postgress' is not a database"),
    ("DATABASE_URL", "postgres://archive@db:fivefour/ficarchive", "not a valid address"),
    ("DATABASE_URL", "postgres://archive@db/", "names no database"),
    ("DATABASE_REPLICA_URL", "postgres://archive@replica:54x/ficarchive", "not a valid address"),
    ("DATABASE_REPLICA_URL", "postgres://archive@replica/ficarchive", "needs PostgreSQL"),
    ("REDIS_URL", "htp://cache:6379/0", "must start redis://"),
    ("REDIS_URL", "redis://cache:6379/first", "must be a number"),
    ("HTTPS", "maybe", "must be true or false"),
    ("EMAIL_PORT", "five-eight-seven", "must be a whole number"),
    ("EMAIL_PORT", "70000", "from 1 to 65535"),
    ("FICARCHIVE_LOGIN_FAILURES", "-3", "0 or more"),
    ("ALLOWED_HOSTS", " , ", "lists no host"),
    ("ALLOWED_HOSTS", "https://archive.example.org", "not a host name"),
    ("CSRF_TRUSTED_ORIGINS", "archive.example.org", "not an origin"),
    ("SECRET_KEY", "changeme", "too weak for production"),
    # A line of the env file left empty: not unset (a new key, every member signed out).
    ("SECRET_KEY", "", "is empty: fill it in, or remove the line"),
    ("ALLOWED_HOSTS", "", "is empty: name the archive's host"),
    ("FICARCHIVE_TRUSTED_PROXIES", "10.0.0.0/33", "not an IP address or network"),
    ("EMAIL_HOST", "smtp.example.org:587", "the port goes in EMAIL_PORT"),
    ("DEFAULT_FROM_EMAIL", "the archive", "not an email address"),
    ("FICARCHIVE_SITE_URL", "archive.example.org", "http:// or https://"),
    ("FICARCHIVE_SEARCH_BACKEND", "elastic", "must be one of database, tantivy"),
    ("TIME_ZONE", "Europe/Londn", "not a time zone"),
    ("LOG_LEVEL", "loud", "must be one of"),
    ("SECRET_KEY_FILE", "/no/such/secret", "cannot be read"),
]


@pytest.mark.parametrize(("name", "value", "problem"), BAD_VALUES)
def test_a_wrong_setting_is_one_line_with_an_example(
    tmp_path: Path, name: str, value: str, problem: str
) -> None:
    result = ficarchive(tmp_path, "manage", "check", **{name: value})
    line = assert_one_line(result, 2, f"ficarchive: {name}", problem, f"for example {name}=")
    assert name != "SECRET_KEY" or not value or value not in line  # a secret is never shown


@pytest.mark.parametrize(
    "command", [["serve", "--no-demo"], ["worker", "--batch"], ["import", "x"]]
)
def test_every_command_stops_on_a_wrong_setting(tmp_path: Path, command: list[str]) -> None:
    result = ficarchive(tmp_path, *command, HTTPS="maybe")
    assert_one_line(result, 2, "HTTPS='maybe': must be true or false", "for example HTTPS=true")


def test_a_data_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
    result = ficarchive(
        tmp_path, "manage", "check", FICARCHIVE_DATA_DIR=str(tmp_path / "taken" / "data")
    )
    assert_one_line(result, 2, "FICARCHIVE_DATA_DIR=", "is a file, not a folder")


def test_a_password_in_a_wrong_address_is_not_shown(tmp_path: Path) -> None:
    result = ficarchive(tmp_path, "manage", "check", DATABASE_URL="postgress://a:hunter2@db/f")
    line = assert_one_line(result, 2, "postgress://a:***@db/f")
    assert "hunter2" not in line


def test_the_wsgi_application_says_the_same_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(FICARCHIVE_DATA_DIR=str(tmp_path), TIME_ZONE="Mars/Olympus")
    result = subprocess.run(
        [sys.executable, "-c", "import ficarchive.wsgi"],
        env=env, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert_one_line(result, 4, "ficarchive: TIME_ZONE='Mars/Olympus': is not a time zone")


@pytest.mark.parametrize("command", [["serve", "--no-demo"], ["worker", "--batch"], ["ready"]])
def test_a_database_and_redis_that_do_not_answer_are_named(
    tmp_path: Path, command: list[str]
) -> None:
    database, redis = _closed_port(), _closed_port()
    result = ficarchive(
        tmp_path, *command,
        DATABASE_URL=f"postgres://archive@127.0.0.1:{database}/ficarchive",
        REDIS_URL=f"redis://127.0.0.1:{redis}/0",
        SECRET_KEY=secrets.token_urlsafe(50),
    )  # fmt: skip
    assert_one_line(
        result, 1,
        f"cannot reach the database at 127.0.0.1:{database} (Connection refused)",
        f"cannot reach Redis at 127.0.0.1:{redis} (",
    )  # fmt: skip


@pytest.mark.parametrize("command", [["worker", "--batch"], ["ready"]])
def test_a_database_not_yet_made_or_migrated_is_named_by_worker_and_ready(
    tmp_path: Path, command: list[str]
) -> None:
    """`ready` is the web unit's ExecStartPre: the same checks before gunicorn starts."""
    key = secrets.token_urlsafe(50)
    result = ficarchive(tmp_path, *command, SECRET_KEY=key)
    assert_one_line(result, 1, "ficarchive.sqlite3 does not exist yet", "manage migrate`")
    # Half migrated: an upgrade whose migrations have not run yet.
    ficarchive(tmp_path, "manage", "migrate", "works", "0001", "--verbosity", "0", SECRET_KEY=key)
    result = ficarchive(tmp_path, *command, SECRET_KEY=key)
    assert_one_line(result, 1, "the database lacks", "migration(s) of this version", "migrate`")
    ficarchive(tmp_path, "manage", "migrate", "--verbosity", "0", SECRET_KEY=key)
    result = ficarchive(tmp_path, *command, SECRET_KEY=key)
    assert result.returncode == 0, result.stderr


def test_migrate_makes_a_new_data_folder_for_its_owner_when_the_key_is_set(
    tmp_path: Path,
) -> None:
    """A production env file sets SECRET_KEY, so no key file makes the folder first."""
    result = ficarchive(
        tmp_path, "manage", "migrate", "--verbosity", "0", SECRET_KEY=secrets.token_urlsafe(50)
    )
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "ficarchive.sqlite3").stat().st_mode & 0o777 == 0o600
