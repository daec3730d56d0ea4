"""Gunicorn's configuration for `ficarchive serve` (loaded with --config python:...).

Gunicorn writes "Server: gunicorn" into every response and has no setting to stop it; the
header only tells an attacker which server (and which of its bugs) to try. The responses'
default headers are filtered here, once, in the master process before it forks its workers.
Each worker then starts the hits flusher (`post_worker_init`). Under `ficarchive serve` the
master also runs the task worker (`ficarchive worker`) beside them and stops it on exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from gunicorn.http import wsgi  # type: ignore[import-untyped]

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self: Any) -> list[str]:
    headers: list[str] = _default_headers(self)
    return [line for line in headers if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server

# One line per request, with its time: client, the address nginx saw it come from (its
# X-Real-IP; behind nginx the client is nginx; "-" without a proxy), request line, status,
# bytes, milliseconds, referrer and user agent ("ficarchive serve" logs to standard output).
access_log_format = '%(h)s %({x-real-ip}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'


def post_worker_init(worker: Any) -> None:
    """Each worker folds buffered hits into the works now and then (one worker per interval),
    since reading pages write nothing to the database."""
    from ficarchive.community.flusher import hits_flusher_start

    hits_flusher_start()


_task_worker: subprocess.Popen[bytes] | None = None


def on_starting(server: Any) -> None:
    global _task_worker
    if os.environ.get("FICARCHIVE_SERVE_WORKER") == "1":
        _task_worker = subprocess.Popen([sys.executable, "-m", "ficarchive.cli", "worker"])


def on_exit(server: Any) -> None:
    if _task_worker is not None and _task_worker.poll() is None:
        _task_worker.terminate()
        try:
            _task_worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _task_worker.kill()
