"""make bench-pages: each page type's req/s from the app beside nginx serving the same bytes.

Builds the demo archive (plus a member, a series and a bookmark) in a temporary data folder,
starts gunicorn as `ficarchive serve` does (2 workers, the same config) and nginx (2 workers)
serving a static copy of each page saved from the app, both on loopback, and loads each with
the same tool in one run: wrk when installed, else a small keep-alive load generator in Python.
Prints the median of --runs runs per page, guest and member (a logged-in session cookie),
with the queries the page runs (Django's test client, CaptureQueriesContext): on the archive's
database, and on the cache's own database file (the default profile's shared cache).
Then the site's frame alone (a 404 page), guest and member: what any page costs at least.

Then the chapter page, guest and member, through the production nginx (deploy/nginx/: the
site's snippets, micro-cache on, 2 workers, in front of the same gunicorn), beside the same
static nginx in the same run; the hits of the pages it served from its cache are then counted
from its hits log, as ficarchive-nginx-hits.timer does.

    python -m benchmarks.bench_pages [--seconds 3] [--runs 3] [--connections 16]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks import nginx_profile
from benchmarks.nginx_profile import free_port, wait_for

console = Console(width=140)
HOST = "127.0.0.1"
MEMBER = ("bench-reader", "a-long-benchmark-password-1")
TARGETS = {("chapter", "guest"): 25, ("chapter", "member"): 100}  # app ≥ nginx / n
# Through the production nginx (micro-cache on): ≥ static nginx / n.
PROXY_TARGETS = {("chapter", "guest"): 2, ("chapter", "member"): 100}
FRAME_URL = "/bench-no-such-page/"  # the 404 page: the site's frame and nothing else


@dataclass
class Row:
    page: str
    who: str
    url: str
    app: float
    nginx: float | None
    queries: int
    cache_queries: int


def build_archive() -> dict[str, str]:
    """The demo works, a member with a bookmark, a series: one URL per page type."""
    from django.core.management import call_command

    from ficarchive.accounts.models import User
    from ficarchive.community.services import bookmark_save
    from ficarchive.tags.models import TagKind
    from ficarchive.works.models import Chapter, Series, SeriesPart, Work

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    member = User.objects.create_user(MEMBER[0], f"{MEMBER[0]}@example.org", MEMBER[1])
    member.email_confirmed = True
    member.save()
    longest = max(Work.objects.all(), key=lambda w: Chapter.objects.filter(work=w).count())
    series = Series.objects.create(title="Benchmark series")
    for position, work in enumerate(Work.objects.order_by("pk")[:3], start=1):
        SeriesPart.objects.create(series=series, work=work, position=position)
    bookmark_save(user=member, work=longest, notes="Read again.", is_private=False)
    fandom = longest.tags.filter(kind=TagKind.FANDOM).first() or longest.tags.first()
    creator = longest.creators.first()
    if fandom is None or creator is None:
        raise RuntimeError("the demo works lost their tags or creators")
    return {
        "chapter": f"/works/{longest.pk}/chapters/2/",
        "work": f"/works/{longest.pk}/",
        "entire work": f"/works/{longest.pk}/?view_full_work=true",
        "home": "/",
        "search": "/search/?q=river",
        "tag": f"/tags/{fandom.pk}/works/",
        "fandom index": "/fandoms/",
        "creator": f"/creators/{creator.pk}/",
        "series": f"/series/{series.pk}/",
        "bookmarks": f"/users/{MEMBER[0]}/bookmarks/",
        "profile": f"/users/{MEMBER[0]}/",
    }


def query_counts(url: str, session: str | None) -> tuple[int, int]:
    """Queries of the page as a visitor who saw it before (a guest's is then cached)."""
    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    client.get(url)
    with ExitStack() as stack:
        captured = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in connections
        }
        client.get(url)
    cache_alias = "cache" if "cache" in captured else None
    archive = sum(len(c.captured_queries) for a, c in captured.items() if a != cache_alias)
    cache = len(captured[cache_alias].captured_queries) if cache_alias else 0
    return archive, cache


def member_session() -> str:
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    if not client.login(username=MEMBER[0], password=MEMBER[1]):
        raise RuntimeError("the benchmark member cannot log in")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def fetch(port: int, url: str, cookie: str | None = None, status: int = 200) -> bytes:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", url, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != status:
        raise RuntimeError(f"{url}: HTTP {response.status}, not {status}")
    return body


def start_nginx(root: Path, pages: dict[str, bytes], work_dir: Path) -> tuple[Any, int] | None:
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None
    )
    if nginx is None:
        return None
    for name, body in pages.items():
        (root / f"{name.replace(' ', '-')}.html").write_bytes(body)
    port = free_port()
    conf = work_dir / "nginx.conf"
    conf.write_text(
        f"""
user root;
worker_processes 2;
daemon off;
pid {work_dir}/nginx.pid;
error_log {work_dir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    keepalive_requests 1000000;
    client_body_temp_path {work_dir}/body;
    proxy_temp_path {work_dir}/proxy;
    fastcgi_temp_path {work_dir}/fastcgi;
    uwsgi_temp_path {work_dir}/uwsgi;
    scgi_temp_path {work_dir}/scgi;
    server {{ listen {HOST}:{port}; root {root}; }}
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(work_dir)])
    wait_for(port)
    return process, port


def load_wrk(
    port: int, url: str, cookie: str | None, seconds: float, connections: int, status: int = 200
) -> float:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"http://{HOST}:{port}{url}",
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if ("Non-2xx" in out) != (status >= 300):  # wrk only tells 2xx from the rest
        raise RuntimeError(f"{url}: errors under load\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if match is None:
        raise RuntimeError(out)
    return float(match.group(1))


def load_python(
    port: int, url: str, cookie: str | None, seconds: float, connections: int, status: int = 200
) -> float:
    """Without wrk: threads on keep-alive connections, counting complete answers of `status`."""
    counts = [0] * connections
    stop = time.monotonic() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == status:
                counts[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    load = load_wrk if shutil.which("wrk") else load_python
    tool = "wrk" if load is load_wrk else "Python keep-alive load generator (no wrk)"
    work_dir = Path(tempfile.mkdtemp(prefix="ficarchive-bench-pages-"))
    os.environ.update(
        FICARCHIVE_DATA_DIR=str(work_dir / "data"), HTTPS="false", DEBUG="false", LOG_LEVEL="WARNING"
    )  # fmt: skip
    for name in ("DATABASE_URL", "REDIS_URL"):  # the default profile: SQLite, database cache
        os.environ.pop(name, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.settings")
    import django

    django.setup()
    processes: list[Any] = []
    try:
        console.print(f"Building the demo archive in {work_dir} ...")
        urls = build_archive()
        session = member_session()
        cookie = f"sessionid={session}"
        port = free_port()
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ficarchive.wsgi:application",
             "--config", "python:ficarchive.gunicorn_conf", "--bind", f"{HOST}:{port}",
             "--workers", "2"],
        )  # fmt: skip
        processes.append(gunicorn)
        wait_for(port)
        pages = {name: fetch(port, url) for name, url in urls.items()}
        root = work_dir / "static-copy"
        root.mkdir()
        nginx = start_nginx(root, pages, work_dir)
        if nginx is None:
            console.print(
                "[bold red]nginx is not installed[/bold red]: only the app is measured "
                "(apt-get install nginx-light; `make bench-pages` installs it)."
            )
        else:
            processes.append(nginx[0])
        console.print(f"Load: {tool}, {args.connections} connections, {args.seconds:g} s, "
                      f"median of {args.runs} runs.")  # fmt: skip

        def median(target_port: int, url: str, who_cookie: str | None, status: int = 200) -> float:
            load(target_port, url, who_cookie, 1, args.connections, status)  # warm up
            return statistics.median(
                load(target_port, url, who_cookie, args.seconds, args.connections, status)
                for _ in range(args.runs)
            )

        rows: list[Row] = []
        for name, url in urls.items():
            static = None
            if nginx is not None:
                static = median(nginx[1], f"/{name.replace(' ', '-')}.html", None)
            for who, who_cookie in (("guest", None), ("member", cookie)):
                queries, cache_queries = query_counts(url, session if who_cookie else None)
                app = median(port, url, who_cookie)
                rows.append(Row(name, who, url, app, static, queries, cache_queries))
                console.print(f"  {name:13} {who:6} {app:9.0f} req/s", highlight=False)
        print_table(rows)
        chapter_static = next(r.nginx for r in rows if (r.page, r.who) == ("chapter", "guest"))
        frame = []
        for who_cookie in (None, cookie):
            fetch(port, FRAME_URL, who_cookie, status=404)  # a 404, not an error page
            frame.append(median(port, FRAME_URL, who_cookie, status=404))
        print_frame(chapter_static, *frame)
        proxied: list[Row] = []
        if nginx is not None:
            proxied = measure_production_nginx(
                work_dir, port, urls["chapter"], cookie, nginx[1], median, processes
            )
            print_proxy_table(proxied)
        ok = all(meets(row) for row in rows) and all(meets_proxy(row) for row in proxied)
        return 0 if ok else 1
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(work_dir, ignore_errors=True)


def measure_production_nginx(
    work_dir: Path, app_port: int, url: str, cookie: str, static_port: int,
    median: Any, processes: list[Any],
) -> list[Row]:  # fmt: skip
    """The chapter page through deploy/nginx's snippets (as the site file includes them), and
    the static copy again, so both are measured under the same conditions."""
    from django.conf import settings

    from ficarchive.community.nginx_hits import hits_from_nginx_log

    prefix = work_dir / "production-nginx"
    prefix.mkdir()
    port = nginx_profile.free_port()
    hits_log = prefix / "ficarchive-hits.log"
    conf = nginx_profile.main_conf(
        prefix,
        nginx_profile.production_http(
            work_dir=prefix, port=port, app_port=app_port,
            static_root=Path(settings.STATIC_ROOT), hits_log=hits_log, buffered=True,
        ),
        workers=2,
    )  # fmt: skip
    processes.append(nginx_profile.start(conf, prefix, port))
    static = median(static_port, "/chapter.html", None)
    rows = []
    for who, who_cookie in (("guest", None), ("member", cookie)):
        through = median(port, url, who_cookie)
        rows.append(Row("chapter", who, url, through, static, 0, 0))
        console.print(f"  chapter via production nginx {who:6} {through:9.0f} req/s",
                      highlight=False)  # fmt: skip
    stopped = processes.pop()
    stopped.terminate()  # nginx writes out its buffered log as it stops
    stopped.wait(timeout=10)
    counted = hits_from_nginx_log(log=hits_log, state=prefix / "hits-position.json")
    lines = sum(1 for _ in hits_log.open("rb")) if hits_log.exists() else 0
    console.print(f"Hits log: {lines} pages served from the micro-cache, {counted} new visitor "
                  "counted from them (the benchmark is one visitor, counted by the app first).")  # fmt: skip
    return rows


def print_frame(static: float | None, guest: float, member: float) -> None:
    """The cheapest page the app draws, beside the chapter page's static copy (when nginx is
    installed): the least any page costs a guest the cache missed, and a member (session,
    account, header)."""
    table = Table(title=f"The site's frame alone ({FRAME_URL}: a 404 page, no query of its own)")
    for column in ("visitor", "app req/s", "static chapter req/s", "app / nginx"):
        table.add_column(column, justify="left" if column == "visitor" else "right")
    for who, app in (("guest", guest), ("member", member)):
        ratio = f"1/{static / app:.0f}" if static and app else "n/a"
        table.add_row(who, f"{app:.0f}", f"{static:.0f}" if static else "n/a", ratio)
    console.print(table)


def meets_proxy(row: Row) -> bool:
    target = PROXY_TARGETS[(row.page, row.who)]
    return row.nginx is None or row.app * target >= row.nginx


def print_proxy_table(rows: list[Row]) -> None:
    table = Table(
        title="Chapter page through the production nginx (deploy/nginx, micro-cache on) "
        "beside nginx serving the same bytes"
    )
    for column in ("page", "visitor", "production nginx req/s", "static nginx req/s", "ratio",
                   "target"):  # fmt: skip
        table.add_column(column, justify="left" if column in {"page", "visitor"} else "right")
    for row in rows:
        ratio = row.app / row.nginx if row.nginx else 0.0
        target = PROXY_TARGETS[(row.page, row.who)]
        shown = f"{ratio:.2f}×" if ratio >= 0.1 else f"1/{1 / ratio:.0f}" if ratio else "n/a"
        wanted = "≥ 0.5×" if target == 2 else f"≥ 1/{target}"
        verdict = f"{wanted} " + ("ok" if meets_proxy(row) else "MISSED")
        table.add_row(
            row.page, row.who, f"{row.app:.0f}", f"{row.nginx:.0f}" if row.nginx else "n/a",
            shown, verdict,
        )  # fmt: skip
    console.print(table)


def meets(row: Row) -> bool:
    target = TARGETS.get((row.page, row.who))
    return target is None or row.nginx is None or row.app * target >= row.nginx


def print_table(rows: list[Row]) -> None:
    table = Table(title="Pages: the app (gunicorn, 2 workers) beside nginx serving the same bytes")
    for column in ("page", "visitor", "app req/s", "nginx req/s", "app / nginx", "queries",
                   "cache db queries", "target"):  # fmt: skip
        table.add_column(column, justify="left" if column in {"page", "visitor"} else "right")
    for row in rows:
        ratio = f"1/{row.nginx / row.app:.0f}" if row.nginx and row.app else "n/a"
        target = TARGETS.get((row.page, row.who))
        verdict = "" if target is None else f"≥ 1/{target} " + ("ok" if meets(row) else "MISSED")
        table.add_row(
            row.page, row.who, f"{row.app:.0f}", f"{row.nginx:.0f}" if row.nginx else "n/a",
            ratio, str(row.queries), str(row.cache_queries), verdict,
        )  # fmt: skip
    console.print(table)


if __name__ == "__main__":
    sys.exit(main())
