"""The production nginx profile (deploy/nginx/) run in a temporary prefix, by anyone.

`make bench-pages` measures pages through it and tests/deploy/ checks its behaviour: both run
the very snippets an admin installs (ficarchive-http.conf, ficarchive-locations.conf) in a
plain-HTTP server on loopback, with the upstream, the micro-cache zone, the static folder and
the hits log defined here as the site file (deploy/nginx/ficarchive.conf) defines them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NGINX_DIR = REPO / "deploy" / "nginx"
MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
HOST = "127.0.0.1"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/sbin/nginx") if Path(path).exists()), None
    )


def missing_modules() -> list[str]:
    """Debian's brotli modules the snippet needs (libnginx-mod-http-brotli-filter, -static)."""
    return [name for name in BROTLI_MODULES if not (MODULES / name).exists()]


def main_conf(work_dir: Path, http: str, *, workers: int = 1) -> Path:
    """nginx.conf for a private nginx in work_dir (its pid, logs, temporary files)."""
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work_dir / folder).mkdir(parents=True, exist_ok=True)
    modules = "\n".join(f"load_module {MODULES / name};" for name in BROTLI_MODULES)
    mime = Path("/etc/nginx/mime.types")
    types = f"include {mime};" if mime.exists() else "types { text/css css; }"
    # As root, workers would otherwise run as nobody and not reach a private temporary folder.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = work_dir / "nginx.conf"
    conf.write_text(
        f"""
{modules}
{user}
worker_processes {workers};
daemon off;
pid {work_dir}/nginx.pid;
error_log {work_dir}/error.log;
events {{ worker_connections 1024; }}
http {{
    {types}
    default_type application/octet-stream;
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path {work_dir}/body;
    proxy_temp_path {work_dir}/proxy;
    fastcgi_temp_path {work_dir}/fastcgi;
    uwsgi_temp_path {work_dir}/uwsgi;
    scgi_temp_path {work_dir}/scgi;
{http}
}}
""",
        encoding="utf-8",
    )
    return conf


def production_http(
    *,
    work_dir: Path,
    port: int,
    app_port: int,
    static_root: Path,
    hits_log: Path,
    buffered: bool = False,
    more_app_ports: tuple[int, ...] = (),
    server_extra: str = "",
) -> str:
    """The site file's http-level parts and a plain-HTTP server including the locations;
    `buffered` writes the hits log as the site file does (tests read it at once instead).
    `more_app_ports` balances over several app servers (make cluster-test)."""
    buffer = "buffer=32k flush=5s" if buffered else ""
    servers = " ".join(f"server {HOST}:{port};" for port in (app_port, *more_app_ports))
    return f"""
    upstream ficarchive_app {{ {servers} keepalive 16; }}
    proxy_cache_path {work_dir}/micro-cache levels=1:2 keys_zone=ficarchive_micro:10m
                     max_size=64m inactive=10m use_temp_path=off;
    include {NGINX_DIR}/ficarchive-http.conf;
    server {{
        listen {HOST}:{port};
        server_name localhost;
        set $ficarchive_static_root {static_root};
        access_log {hits_log} ficarchive_hits {buffer} if=$ficarchive_cached_read;
        {server_extra}
        include {NGINX_DIR}/ficarchive-locations.conf;
    }}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {HOST}:{port}")


def start(conf: Path, work_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """nginx in the foreground on conf, once it answers on port."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    checked = subprocess.run(
        [binary, "-t", "-q", "-c", str(conf), "-p", str(work_dir)], capture_output=True, text=True
    )
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t: {checked.stderr}")
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work_dir)])
    try:
        wait_for(port)
    except RuntimeError:
        process.kill()
        raise
    return process
