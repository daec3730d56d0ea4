"""`ficarchive serve` in a process of its own, with the production settings (the HTTPS
redirect on): it answers a load balancer's plain-HTTP health check and logs one line per
request, with its time."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_logs_one_line_per_request_with_its_time(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(FICARCHIVE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="ficarchive.settings")
    command = [
        sys.executable, "-m", "ficarchive.cli", "serve", "--port", str(port), "--workers", "1",
        "--no-worker", "--no-demo",
    ]  # fmt: skip
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        answer = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as got:
                    answer = got.status
                break
            except OSError:
                time.sleep(0.5)
        assert answer == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    logged = [line for line in output.splitlines() if '"GET /healthz HTTP/1.1" 200' in line]
    assert len(logged) == 1, output[-3000:]
    assert re.search(
        r'^127\.0\.0\.1 - "GET /healthz HTTP/1\.1" 200 \d+ \d+ms "-" "Python-urllib', logged[0]
    )
