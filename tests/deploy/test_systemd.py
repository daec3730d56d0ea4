"""The systemd units (deploy/systemd/) are valid, and agree with the nginx site on where things
are: gunicorn binds where the upstream points, the hits reader reads the log nginx writes, the
data folder is the one nginx serves static files from."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"
SITE = (ROOT / "deploy" / "nginx" / "ficarchive.conf").read_text(encoding="utf-8")
UNITS = sorted(SYSTEMD.iterdir())


def unit(name: str) -> str:
    return (SYSTEMD / name).read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_units_are_valid(tmp_path: Path) -> None:
    """With the install folder pointing at this checkout, so the commands exist."""
    for path in UNITS:
        text = path.read_text(encoding="utf-8").replace("/opt/ficarchive/app", str(ROOT))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    checked = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *(str(tmp_path / p.name) for p in UNITS)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == ""


def test_gunicorn_binds_where_nginx_sends_requests() -> None:
    upstream = re.search(r"upstream ficarchive_app \{[^}]*server ([^;]+);", SITE)
    assert upstream is not None
    assert f"--bind {upstream.group(1)} " in unit("ficarchive-web.service")
    assert "--config python:ficarchive.gunicorn_conf" in unit("ficarchive-web.service")


def test_the_web_server_starts_only_on_a_ready_archive() -> None:
    """`ficarchive ready` (tests/core/test_setting_errors.py) runs before gunicorn, and a
    failure is retried: the web unit waits for PostgreSQL and Redis at boot."""
    web = unit("ficarchive-web.service")
    assert "ExecStartPre=/opt/ficarchive/app/.venv/bin/ficarchive ready\n" in web
    assert web.index("ExecStartPre=") < web.index("ExecStart=")
    assert "Restart=on-failure" in web


def test_the_hits_reader_reads_the_log_nginx_writes() -> None:
    logged = re.search(r"access_log (\S+) ficarchive_hits", SITE)
    assert logged is not None
    assert logged.group(1) in unit("ficarchive-nginx-hits.service")
    assert "OnUnitActiveSec=" in unit("ficarchive-nginx-hits.timer")


def test_every_service_runs_as_the_archive_s_user_with_its_data_folder() -> None:
    static = re.search(r"set \$ficarchive_static_root (\S+);", SITE)
    assert static is not None
    data_dir = str(Path(static.group(1)).parent)
    for name in ("ficarchive-web.service", "ficarchive-worker.service",
                 "ficarchive-nginx-hits.service"):  # fmt: skip
        text = unit(name)
        assert "User=ficarchive" in text
        assert "EnvironmentFile=/etc/ficarchive/env" in text
        assert f"ReadWritePaths={data_dir}" in text
        assert "ProtectSystem=strict" in text
        assert "NoNewPrivileges=yes" in text
