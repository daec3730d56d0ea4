"""Configuration: every variable documented, safe production defaults."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "ficarchive"


def variables_read_by_settings() -> set[str]:
    names: set[str] = set()
    for path in (SRC / "settings.py", SRC / "env.py", SRC / "cli.py"):
        source = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"env_[a-z_]+\(\s*\"([A-Z0-9_]+)\"", source))
        names |= set(re.findall(r"os\.environ(?:\.get)?[\[(]\s*\"([A-Z0-9_]+)\"", source))
    return names - {"DJANGO_SETTINGS_MODULE"}


def test_settings_read_some_variables() -> None:
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "FICARCHIVE_DATA_DIR"} <= (
        variables_read_by_settings()
    )


def test_every_variable_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    assert variables_read_by_settings() - documented == set()


def run_settings(env: dict[str, str | None], code: str) -> str:
    """Settings imported with `env` over this environment (None: the variable unset)."""
    full_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS"}}
    for name, value in env.items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    result = subprocess.run(
        [sys.executable, "-c", f"import ficarchive.settings as s; {code}"],
        env=full_env, capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return result.stdout.strip()


def test_production_defaults_to_https(tmp_path: Path) -> None:
    out = run_settings(
        {"FICARCHIVE_DATA_DIR": str(tmp_path), "SECRET_KEY": secrets.token_urlsafe(50)},
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
    )
    assert out == "False True True 31536000"


def test_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    env: dict[str, str | None] = {"FICARCHIVE_DATA_DIR": str(tmp_path), "SECRET_KEY": None}
    first = run_settings(env, "print(s.SECRET_KEY)")
    assert len(first) >= 50
    assert run_settings(env, "print(s.SECRET_KEY)") == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_runs_in_wal_mode_under_the_data_folder(tmp_path: Path) -> None:
    out = run_settings(
        {"FICARCHIVE_DATA_DIR": str(tmp_path), "DATABASE_URL": ""},
        "d = s.DATABASES['default']; print(d['NAME'], d['OPTIONS']['transaction_mode'],"
        " 'journal_mode=WAL' in d['OPTIONS']['init_command'])",
    )
    assert out == f"{tmp_path / 'ficarchive.sqlite3'} IMMEDIATE True"


def test_bad_boolean_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError) as error:
        run_settings({"FICARCHIVE_DATA_DIR": str(tmp_path), "DEBUG": "maybe"}, "pass")
    assert "DEBUG='maybe': must be true or false" in error.value.stderr


def test_deploy_check_is_clean_in_production(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "archive.example.org",
        "FICARCHIVE_DATA_DIR": str(tmp_path),
    }
    env.pop("HTTPS", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' process
    result = subprocess.run(
        [sys.executable, "-m", "ficarchive.cli", "manage", "check", "--deploy",
         "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
