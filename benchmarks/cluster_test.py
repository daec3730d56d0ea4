"""make cluster-test: two app servers behind nginx, one task worker, PostgreSQL and Redis, under
a bounded mixed load; then every acknowledged write is checked in the database.

Set-up: a scratch PostgreSQL database (made here, dropped at the end), a dedicated Redis
database (flushed at the start and at the end), one data folder shared by every process
(built downloads, members' exports, static files), members and works made through the
services, then `ficarchive serve --no-demo --no-worker` twice (two gunicorn servers on two
ports), one `ficarchive worker` (RQ), and nginx in front: the production profile
(deploy/nginx, as benchmarks/nginx_profile.py runs it, guest micro-cache included) with an
upstream of the two servers.

Load: closed-loop visitors for --seconds through nginx only. Guests read chapters, search and download
EPUBs; members, each signed in through the login form, read, search, post chapters, comment
and leave kudos, each staying under the archive's default rate limits (budgets kept here),
so nothing is raised for the test. Every write carries a unique token; a write counts as
acknowledged when the answer says it was taken (a redirect to the new chapter or comment, the
kudos JSON). Right after each new chapter is acknowledged, its poster asks each app server
directly (bypassing nginx) to find it by its token.

Checks: no request failed (no 5xx, no refused write, no connection error); each acknowledged
chapter, comment and kudos is in the database exactly once and where the answer said; no
write is there that was not acknowledged; each work's kudos and comment totals equal its rows;
chapter positions run 1..n; each new chapter was found by search on both servers within
--search-seconds; both servers took traffic; the task queues drained with no failed job.
Prints req/s, p50 and p99 per kind. Everything is torn down, even on failure or Ctrl-C.

    python -m benchmarks.cluster_test [--seconds 90] [--guests 6] [--members 6]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks import nginx_profile
from benchmarks.nginx_profile import free_port

console = Console(width=140)
HOST = "127.0.0.1"
REPO = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-cluster-test-password-1"  # noqa: S105 - throwaway accounts
WORDS = (
    "lantern harbour meadow quiet thunder ember willow silver letter journey candle river "
    "stranger promise winter garden whisper shadow morning storm hollow bridge"
).split()
# The archive's default limits per member and hour (settings.py): the load stays under them.
POSTS_PER_HOUR, COMMENTS_PER_HOUR, KUDOS_PER_HOUR = 30, 60, 100
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MAX_SECONDS = 600
LOGIN = "login (before the load)"
SEARCH_DIRECT = "search new chapter (each server directly)"
# In the servers' and the worker's logs: a traceback, an error logged, a 5xx answered.
SERVER_ERROR = re.compile(r'Traceback|\bERROR\b|Internal Server Error|" 5\d\d \d')


def token(prefix: str) -> str:
    """A word no text contains by chance, and that search finds whole."""
    return prefix + "".join(random.choices(string.ascii_lowercase, k=12))


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited ({process.returncode})")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {HOST}:{port}")


# --- HTTP ---------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def location(self) -> str:
        """Where a redirect points, without scheme and host."""
        parts = urllib.parse.urlsplit(self.headers.get("location", ""))
        query = f"?{parts.query}" if parts.query else ""
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f"{parts.path}{query}{fragment}"


class Visitor:
    """One browser: a keep-alive connection, its cookies, and (for guests) an address."""

    def __init__(self, port: int, address: str | None = None) -> None:
        self.port = port
        self.address = address
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:  # fmt: skip
        sent = {"Host": "localhost", "User-Agent": "ficarchive-cluster-test", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.address:
            sent["X-Forwarded-For"] = self.address
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        # A kept-alive connection the server closed meanwhile is reopened once for a read; a
        # write is never sent twice (that would be the duplicate this test looks for).
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                if attempt == 2 or method != "GET":
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                for key, morsel in SimpleCookie(value).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[key] = morsel.value
                    else:
                        self.cookies.pop(key, None)
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)

    def close(self) -> None:
        self.connection.close()


# --- Results -------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: Counter[str] = field(default_factory=Counter)
    failure_notes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, failed: str | None = None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if failed:
                self.failures[kind] += 1
                if len(self.failure_notes) < 20:
                    self.failure_notes.append(f"{kind}: {failed}")


@dataclass
class Acks:
    """The writes the archive said it took."""

    chapters: list[tuple[str, int, int]] = field(default_factory=list)  # token, work, position
    comments: list[tuple[str, int, int]] = field(default_factory=list)  # token, comment, work
    kudos: list[tuple[int, int]] = field(default_factory=list)  # work, member
    found: dict[str, tuple[float, float]] = field(default_factory=dict)  # token: delays A, B
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Member:
    user_id: int
    username: str
    own_works: list[int]
    kudos_targets: list[int]
    posts_left: int
    comments_left: int = COMMENTS_PER_HOUR - 2
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, budget: str) -> bool:
        """Spend one of this hour's posts or comments, if any is left (devices share them)."""
        with self.lock:
            if getattr(self, budget) <= 0:
                return False
            setattr(self, budget, getattr(self, budget) - 1)
            return True

    def kudos_target(self) -> int | None:
        with self.lock:
            return self.kudos_targets.pop() if self.kudos_targets else None


@dataclass
class Archive:
    works: dict[int, int]  # work id: chapters (grows as chapters are acknowledged)
    downloads: list[str]
    members: list[Member]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def random_chapter(self) -> tuple[int, int]:
        with self.lock:
            work_id = random.choice(list(self.works))
            return work_id, random.randint(1, self.works[work_id])


def timed(stats: Stats, kind: str, visitor: Visitor, method: str, path: str,
          expect: tuple[int, ...] = (200,), **kwargs: Any) -> Answer | None:  # fmt: skip
    started = time.perf_counter()
    try:
        answer = visitor.request(method, path, **kwargs)
    except (OSError, http.client.HTTPException) as error:
        stats.add(kind, time.perf_counter() - started, f"{method} {path}: {error!r}")
        visitor.connection.close()
        return None
    elapsed = time.perf_counter() - started
    if answer.status not in expect:
        stats.add(kind, elapsed, f"{method} {path}: HTTP {answer.status}")
        return None
    stats.add(kind, elapsed)
    return answer


# --- Set-up --------------------------------------------------------------------------------


def cluster_environment(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": f"{args.postgres.rstrip('/')}/{args.database}",
        "REDIS_URL": args.redis,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "HTTPS": "false",
        "DEBUG": "false",
        "FICARCHIVE_DATA_DIR": str(data_dir),
        # nginx on loopback is the one proxy: the visitor's address is what it appends.
        "FICARCHIVE_TRUSTED_PROXIES": "127.0.0.1/32",
        # Several servers: the index lives in PostgreSQL, not in a folder of one server.
        "FICARCHIVE_SEARCH_BACKEND": "database",
        "FICARCHIVE_SITE_URL": "http://localhost",
        "LOG_LEVEL": "WARNING",
    }


def admin_connection(args: argparse.Namespace) -> Any:
    import psycopg

    return psycopg.connect(f"{args.postgres.rstrip('/')}/postgres", autocommit=True)


def database_create(args: argparse.Namespace) -> None:
    with admin_connection(args) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{args.database}"')


def database_drop(args: argparse.Namespace) -> None:
    with admin_connection(args) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


def redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def chapter_text(words: int, mark: str = "") -> str:
    paragraphs = []
    for _ in range(max(words // 60, 1)):
        paragraphs.append(" ".join(random.choices(WORDS, k=60)).capitalize() + ".")
    if mark:
        paragraphs.append(f"The lantern burned low ({mark}).")
    return "\n\n".join(paragraphs)


def seed(args: argparse.Namespace) -> Archive:
    """Members (confirmed, as after sign-up) and their works, through the services."""
    from django.urls import reverse

    from ficarchive.accounts.models import User
    from ficarchive.downloads.selectors import title_slug
    from ficarchive.works.posting import ChapterData, WorkData, work_create

    members: list[Member] = []
    for number in range(args.accounts):
        user = User.objects.create_user(
            username=f"member{number}", email=f"member{number}@example.org", password=PASSWORD
        )
        user.email_confirmed = True
        user.save(update_fields=["email_confirmed"])
        members.append(Member(user.pk, user.username, [], [], POSTS_PER_HOUR))
    users = {member.user_id: User.objects.get(pk=member.user_id) for member in members}
    works: dict[int, int] = {}
    downloads = []
    for number in range(args.works):
        member = members[number % len(members)]
        title = f"The {random.choice(WORDS)} {random.choice(WORDS)} {number}"
        work = work_create(
            user=users[member.user_id],
            data=WorkData(
                title=title, fandoms=["Original Work"], rating="general", text_format="plain"
            ),
            chapter=ChapterData(text=chapter_text(600), text_format="plain"),
            post=True,
        )
        works[work.pk] = 1
        member.own_works.append(work.pk)
        member.posts_left -= 1
        downloads.append(reverse("downloads:work", args=[work.pk, title_slug(title), "epub"]))
    for member in members:
        member.kudos_targets = [w for w in works if w not in member.own_works]
        random.shuffle(member.kudos_targets)
        # Under the hourly limits with room to spare (a request in flight at the deadline).
        member.posts_left -= 2
        member.kudos_targets = member.kudos_targets[: KUDOS_PER_HOUR - 2]
    return Archive(works, downloads, members)


@dataclass
class Cluster:
    tmp: Path
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    def start(self, name: str, command: list[str], port: int | None = None) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            command, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.tmp,
            start_new_session=True,  # its own group: stopped with its workers, by its id
        )  # fmt: skip
        if port is not None:
            self.ports[name] = port
            wait_for(port, self.processes[name])

    def stop(self) -> None:
        for name, process in reversed(self.processes.items()):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def log_tail(self, name: str, lines: int = 15) -> str:
        path = self.tmp / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def nginx_config(cluster: Cluster, port: int, app_ports: list[int]) -> str:
    """The production nginx profile (deploy/nginx, micro-cache included) balancing the two app
    servers, with a log of which server answered each request."""
    tmp = cluster.tmp
    http = "    log_format cluster '$status $upstream_addr $request_time \"$request\"';\n"
    http += nginx_profile.production_http(
        work_dir=tmp, port=port, app_port=app_ports[0], more_app_ports=tuple(app_ports[1:]),
        static_root=Path(cluster.env["FICARCHIVE_DATA_DIR"]) / "static",
        hits_log=tmp / "nginx-hits.log", server_extra=f"access_log {tmp}/nginx-access.log cluster;",
    )  # fmt: skip
    return nginx_profile.main_conf(tmp, http).read_text(encoding="utf-8")


def start_cluster(cluster: Cluster, args: argparse.Namespace) -> None:
    python = sys.executable
    cli = [python, "-m", "ficarchive.cli"]
    app_ports = [free_port(), free_port()]
    # One after the other: each runs migrate (a no-op now) and collectstatic into the shared
    # folder, which two at once would race on.
    for number, port in enumerate(app_ports, start=1):
        cluster.start(
            f"app{number}",
            [*cli, "serve", "--no-demo", "--no-worker", "--port", str(port),
             "--workers", str(args.app_workers)],
            port,
        )  # fmt: skip
    cluster.start("worker", [*cli, "worker"])
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    conf = cluster.tmp / "nginx.conf"
    conf.write_text(nginx_config(cluster, port, app_ports), encoding="utf-8")
    cluster.start("nginx", [nginx, "-c", str(conf), "-p", str(cluster.tmp)], port)


def sign_in(visitor: Visitor, member: Member, stats: Stats) -> None:
    """Through the login form, as a browser does; a failure is counted, never raised (the
    other visitors are waiting for this one to start)."""
    page = timed(stats, LOGIN, visitor, "GET", "/accounts/login/")
    match = page and CSRF_FIELD.search(page.body.decode())
    if not match:
        stats.add(LOGIN, 0, "no CSRF token on the login page")
        return
    form = {"csrfmiddlewaretoken": match.group(1), "username": member.username,
            "password": PASSWORD}  # fmt: skip
    answer = timed(stats, LOGIN, visitor, "POST", "/accounts/login/", (302,), form=form)
    if answer is not None and "sessionid" not in visitor.cookies:
        stats.add(LOGIN, 0, f"{member.username} was not signed in")


# --- Load ----------------------------------------------------------------------------------


def guest_loop(port: int, archive: Archive, stats: Stats, clock: dict[str, float],
               ready: threading.Barrier, number: int) -> None:  # fmt: skip
    visitor = Visitor(port, address=f"10.{number // 250}.{number % 250}.{random.randint(1, 250)}")
    ready.wait(timeout=300)
    while time.monotonic() < clock["deadline"]:
        roll = random.random()
        if roll < 0.7:
            work_id, position = archive.random_chapter()
            timed(stats, "guest read", visitor, "GET", f"/works/{work_id}/chapters/{position}/")
        elif roll < 0.95:
            query = urllib.parse.quote(" ".join(random.sample(WORDS, 2)))
            timed(stats, "search", visitor, "GET", f"/search/?q={query}")
        else:
            # A new version builds on the server asked (or waits for the other's build).
            timed(stats, "download", visitor, "GET", random.choice(archive.downloads),
                  (200, 202))  # fmt: skip
    visitor.close()


def post_chapter(member: Member, visitor: Visitor, archive: Archive, stats: Stats, acks: Acks,
                 direct: list[Visitor], limit: float, work_id: int | None = None,
                 together: threading.Barrier | None = None) -> None:  # fmt: skip
    work_id = work_id or random.choice(member.own_works)
    page = timed(stats, "member form", visitor, "GET", f"/works/{work_id}/chapters/new/")
    match = page and CSRF_FIELD.search(page.body.decode())
    if not match:
        return
    mark = token("chq")
    form = {
        "csrfmiddlewaretoken": match.group(1), "chapter_title": f"Part {mark}",
        "text": chapter_text(240, mark), "text_format": "plain", "action": "post",
    }  # fmt: skip
    if together is not None:
        together.wait(timeout=60)
    answer = timed(stats, "post chapter", visitor, "POST", f"/works/{work_id}/chapters/new/",
                   (302,), form=form)  # fmt: skip
    if answer is None:
        return
    found = re.fullmatch(rf"/works/{work_id}/chapters/(\d+)/", answer.location)
    if not found:
        stats.add("post chapter", 0, f"refused: redirected to {answer.location}")
        return
    position = int(found.group(1))
    with acks.lock:
        acks.chapters.append((mark, work_id, position))
    with archive.lock:
        archive.works[work_id] = max(archive.works[work_id], position)
    search_until_found(direct, mark, work_id, stats, acks, limit)


def comment(visitor: Visitor, archive: Archive, stats: Stats, acks: Acks) -> None:
    work_id, position = archive.random_chapter()
    path = f"/works/{work_id}/chapters/{position}/"
    page = timed(stats, "member read", visitor, "GET", path)
    match = page and CSRF_FIELD.search(page.body.decode())
    if not match:
        return
    mark = token("cmq")
    form = {"csrfmiddlewaretoken": match.group(1), "next": path, "parent": "",
            "text": f"I did not see that {random.choice(WORDS)} coming. {mark}"}  # fmt: skip
    answer = timed(stats, "comment", visitor, "POST", f"{path}comments/", (302,), form=form)
    if answer is None:
        return
    found = re.search(r"#comment-(\d+)$", answer.location)
    if not found:
        stats.add("comment", 0, f"refused: redirected to {answer.location}")
        return
    with acks.lock:
        acks.comments.append((mark, int(found.group(1)), work_id))


def kudos(member: Member, work_id: int, visitor: Visitor, stats: Stats, acks: Acks) -> None:
    answer = timed(
        stats, "kudos", visitor, "POST", f"/works/{work_id}/kudos/", form={},
        headers={"Accept": "application/json", "X-CSRFToken": visitor.cookies["csrftoken"],
                 "Referer": f"http://localhost/works/{work_id}/"},
    )  # fmt: skip
    if answer is None:
        return
    reply = json.loads(answer.body)
    if not reply.get("left") or not reply.get("message", "").startswith("Thank you"):
        stats.add("kudos", 0, f"refused: {reply}")
        return
    with acks.lock:
        acks.kudos.append((work_id, member.user_id))


def member_loop(members: list[Member], port: int, archive: Archive, stats: Stats, acks: Acks,
                clock: dict[str, float], app_ports: list[int], limit: float,
                ready: threading.Barrier) -> None:  # fmt: skip
    """One device per member of the group, each signed in through the login form."""
    devices = {member.user_id: Visitor(port) for member in members}
    direct = [Visitor(app_port) for app_port in app_ports]  # a guest, on each server
    for member in members:
        sign_in(devices[member.user_id], member, stats)
    ready.wait(timeout=300)
    while time.monotonic() < clock["deadline"]:
        member = random.choice(members)
        visitor = devices[member.user_id]
        roll = random.random()
        if roll < 0.2 and member.take("posts_left"):
            post_chapter(member, visitor, archive, stats, acks, direct, limit)
        elif roll < 0.5 and member.take("comments_left"):
            comment(visitor, archive, stats, acks)
        elif roll < 0.75 and (work_id := member.kudos_target()) is not None:
            kudos(member, work_id, visitor, stats, acks)
        elif roll < 0.85:
            query = urllib.parse.quote(random.choice(WORDS))
            timed(stats, "search", visitor, "GET", f"/search/?q={query}")
        else:
            work_id, position = archive.random_chapter()
            timed(stats, "member read", visitor, "GET", f"/works/{work_id}/chapters/{position}/")
    for visitor in [*devices.values(), *direct]:
        visitor.close()


def race_pair(member: Member, port: int, archive: Archive, stats: Stats, acks: Acks,
              app_ports: list[int], limit: float) -> None:  # fmt: skip
    """An author's two devices post a chapter to the same work at the same instant (nginx
    sends the two to different servers): both must be taken, at different positions."""
    devices = [Visitor(port), Visitor(port)]
    for device in devices:
        sign_in(device, member, stats)
    both = threading.Barrier(2)
    work_id = member.own_works[0]

    def post(device: Visitor) -> None:
        direct = [Visitor(app_port) for app_port in app_ports]
        member.take("posts_left")
        post_chapter(member, device, archive, stats, acks, direct, limit, work_id, both)
        for visitor in [device, *direct]:
            visitor.close()

    threads = [threading.Thread(target=post, args=(device,)) for device in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def found_by_search(visitor: Visitor, mark: str, work_id: int) -> bool:
    answer = visitor.request("GET", f"/search/?q={mark}")
    return answer.status == 200 and f'href="/works/{work_id}/'.encode() in answer.body


def search_until_found(direct: list[Visitor], mark: str, work_id: int, stats: Stats,
                       acks: Acks, limit: float) -> None:  # fmt: skip
    """Right after the answer: each app server, asked directly, finds the new chapter."""
    acknowledged = time.monotonic()
    delays = []
    for visitor in direct:
        while True:
            started = time.perf_counter()
            try:
                found = found_by_search(visitor, mark, work_id)
            except (OSError, http.client.HTTPException) as error:
                stats.add(SEARCH_DIRECT, time.perf_counter() - started, repr(error))
                visitor.connection.close()
                found = False
            else:
                stats.add(SEARCH_DIRECT, time.perf_counter() - started)
            delay = time.monotonic() - acknowledged
            if found or delay > limit:
                delays.append(delay if found else float("inf"))
                break
            time.sleep(0.2)
    with acks.lock:
        acks.found[mark] = (delays[0], delays[1])


# --- Checks --------------------------------------------------------------------------------


def check_database(acks: Acks, archive: Archive) -> list[tuple[str, bool, str]]:
    from django.db.models import Count, Q

    from ficarchive.community.models import Comment, Kudos
    from ficarchive.works.models import Chapter, Work

    results: list[tuple[str, bool, str]] = []
    rows = {
        mark: list(
            Chapter.objects.filter(body_html__contains=mark).values_list("work_id", "position")
        )
        for mark, _, _ in acks.chapters
    }
    wrong = [m for m, w, p in acks.chapters if rows[m] != [(w, p)]]
    stray = Chapter.objects.filter(body_html__contains="(chq").count() - len(acks.chapters)
    results.append(("each acknowledged chapter stored once, where the answer said",
                     not wrong and stray == 0,
                     f"{len(acks.chapters)} chapters; {len(wrong)} wrong, {stray} unacknowledged"))  # fmt: skip
    stored = {
        c.body_html: (c.pk, c.work_id) for c in Comment.objects.filter(body_html__contains=" cmq")
    }
    wrong = []
    for mark, pk, work_id in acks.comments:
        matches = [v for body, v in stored.items() if mark in body]
        if matches != [(pk, work_id)]:
            wrong.append(mark)
    stray = len(stored) - len(acks.comments)
    results.append(("each acknowledged comment stored once, where the answer said",
                    not wrong and stray == 0,
                    f"{len(acks.comments)} comments; {len(wrong)} wrong, {stray} unacknowledged"))  # fmt: skip
    pairs = Counter(Kudos.objects.values_list("work_id", "user_id"))
    wrong_kudos = [pair for pair in acks.kudos if pairs.get(pair) != 1]
    stray = sum(pairs.values()) - len(acks.kudos)
    results.append(("each acknowledged kudos stored once", not wrong_kudos and stray == 0,
                    f"{len(acks.kudos)} kudos; {len(wrong_kudos)} wrong, {stray} unacknowledged"))  # fmt: skip
    totals = Work.objects.annotate(
        kudos_rows=Count("kudos", distinct=True),
        comment_rows=Count(
            "comments", distinct=True,
            filter=Q(comments__is_approved=True, comments__is_deleted=False,
                     comments__is_hidden=False),
        ),
    ).values_list("pk", "kudos_count", "kudos_rows", "comment_count", "comment_rows")  # fmt: skip
    off = [t for t in totals if t[1] != t[2] or t[3] != t[4]]
    results.append(("works' kudos and comment totals equal their rows", not off,
                    f"{len(totals)} works; {len(off)} off" + (f": {off[:3]}" if off else "")))  # fmt: skip
    gaps = []
    for work_id in archive.works:
        positions = sorted(
            Chapter.objects.filter(work_id=work_id).values_list("position", flat=True)
        )
        if positions != list(range(1, len(positions) + 1)):
            gaps.append(work_id)
    results.append(("chapter positions run 1..n", not gaps, f"{len(gaps)} works with gaps"))
    return results


def check_queues(seconds: float = 30) -> tuple[str, bool, str]:
    """No job failed or is scheduled again (a retry is a failed attempt). Jobs still waiting
    after `seconds` are reported, not failed: a backlog is slow, not lost."""
    import django_rq
    from django.conf import settings
    from rq.registry import FailedJobRegistry, ScheduledJobRegistry

    queues = [django_rq.get_queue(name) for name in settings.TASK_QUEUES]
    began = time.monotonic()
    while time.monotonic() < began + seconds and any(
        q.count or q.started_job_registry.count for q in queues
    ):
        time.sleep(0.5)
    waited = time.monotonic() - began
    waiting: Counter[str] = Counter()
    for queue in queues:
        for job in queue.get_jobs():
            waiting[job.func_name.rsplit(".", 1)[-1]] += 1
        waiting["(running)"] += queue.started_job_registry.count
    failed = sum(FailedJobRegistry(queue=q).count for q in queues)
    retried = sum(ScheduledJobRegistry(queue=q).count for q in queues)
    done = sum(q.finished_job_registry.count for q in queues)
    left = sum(waiting.values())
    details = f"{done} finished ({waited:.0f} s after the load), {left} waiting"
    if left:
        details += f" ({', '.join(f'{k}: {v}' for k, v in waiting.items() if v)})"
    return ("task worker: no failed or retried job", failed == 0 and retried == 0,
            f"{details}, {failed} failed, {retried} to retry")  # fmt: skip


def upstream_shares(cluster: Cluster) -> Counter[str]:
    shares: Counter[str] = Counter()
    for line in (cluster.tmp / "nginx-access.log").read_text(errors="replace").splitlines():
        parts = line.split(" ", 2)
        if len(parts) > 1:
            shares[parts[1]] += 1
    return shares


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def report(stats: Stats, seconds: float) -> Table:
    table = Table(title=f"Load through nginx, {seconds:.0f} s (latencies in ms)")
    for column in ("kind", "requests", "req/s", "p50", "p99", "max", "failures"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    total = 0
    for kind in sorted(stats.latencies):
        values = stats.latencies[kind]
        during = kind != LOGIN  # the sign-ins happen before the clock starts
        total += len(values) if during else 0
        table.add_row(
            kind, str(len(values)), f"{len(values) / seconds:.1f}" if during else "",
            f"{statistics.median(values) * 1000:.0f}", f"{percentile(values, 0.99) * 1000:.0f}",
            f"{max(values) * 1000:.0f}", str(stats.failures[kind]),
        )  # fmt: skip
    table.add_row("all during the load", str(total), f"{total / seconds:.1f}", "", "", "",
                  str(sum(stats.failures.values())), style="bold")  # fmt: skip
    return table


# --- Main ----------------------------------------------------------------------------------


def run(args: argparse.Namespace, cluster: Cluster) -> bool:
    began = time.monotonic()
    console.print(f"Set-up: database {args.database}, Redis {args.redis}, data {cluster.tmp}")
    database_create(args)
    redis_flush(args.redis)
    os.environ.update(cluster.env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ficarchive.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)  # once, before any server
    archive = seed(args)
    from django.db import connections

    connections.close_all()
    start_cluster(cluster, args)
    nginx_port, app_ports = cluster.ports["nginx"], [cluster.ports["app1"], cluster.ports["app2"]]
    console.print(
        f"nginx :{nginx_port} → app servers :{app_ports[0]} and :{app_ports[1]}"
        f" ({args.app_workers} workers each), RQ worker;"
        " the production nginx profile (deploy/nginx);"
        f" set-up took {time.monotonic() - began:.0f} s"
    )
    stats, acks = Stats(), Acks()
    # Before the load: a few authors post from two devices at once, to the same work.
    for member in archive.members[: args.races]:
        race_pair(member, nginx_port, archive, stats, acks, app_ports, args.search_seconds)
    # Each member is signed in on two devices, used by two visitors at once (an author's
    # phone and laptop, co-writing tabs): their writes may race each other.
    k = args.members
    groups = [archive.members[n::k] + archive.members[(n + 1) % k :: k] for n in range(k)]
    clock: dict[str, float] = {}

    def start_clock() -> None:
        clock["started"] = time.monotonic()
        clock["deadline"] = clock["started"] + args.seconds
        console.print(f"Load: {args.guests} guests and {k} members for {args.seconds:g} s…")

    ready = threading.Barrier(args.guests + k, action=start_clock)
    threads = [
        threading.Thread(target=guest_loop, args=(nginx_port, archive, stats, clock, ready, n))
        for n in range(args.guests)
    ] + [
        threading.Thread(target=member_loop, args=(
            group, nginx_port, archive, stats, acks, clock, app_ports, args.search_seconds,
            ready))
        for group in groups
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - clock["started"]

    console.print(report(stats, elapsed))
    for note in stats.failure_notes:
        console.print(f"  [red]failed[/red] {note}")
    results = check_database(acks, archive)
    results.append(check_queues())
    slow = [m for m, (a, b) in acks.found.items() if max(a, b) > args.search_seconds]
    missing = len(acks.chapters) - len(acks.found)
    worst = max((max(a, b) for a, b in acks.found.values()), default=0.0)
    results.append((
        f"each new chapter found by search on both servers within {args.search_seconds:g} s",
        not slow and missing == 0,
        f"{len(acks.found)} checked on each; {len(slow)} not found in time, {missing} unchecked;"
        f" slowest {worst:.2f} s after the answer",
    ))  # fmt: skip
    shares = upstream_shares(cluster)
    both = all(shares.get(f"{HOST}:{port}", 0) > 0 for port in app_ports)
    results.append(("nginx sent traffic to both app servers", both,
                    ", ".join(f"{k}: {v}" for k, v in sorted(shares.items()))))  # fmt: skip
    failed = sum(stats.failures.values())
    results.append(("no request failed", failed == 0, f"{failed} failed"))
    table = Table(title="Checks")
    for column in ("check", "result", "details"):
        table.add_column(column)
    for name, ok, details in results:
        table.add_row(name, "[green]pass[/green]" if ok else "[red]FAIL[/red]", details)
    console.print(table)
    return all(ok for _, ok, _ in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=90, help="how long the load runs")
    parser.add_argument("--guests", type=int, default=6, help="guest visitors at once")
    parser.add_argument("--members", type=int, default=6, help="member visitors at once")
    parser.add_argument("--accounts", type=int, default=24, help="member accounts")
    parser.add_argument("--works", type=int, default=72, help="works to start with")
    parser.add_argument("--races", type=int, default=4,
                        help="authors posting from two devices at once before the load")  # fmt: skip
    parser.add_argument("--app-workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--search-seconds", type=float, default=5)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432",
                        help="the server, where the scratch --database is made")  # fmt: skip
    parser.add_argument("--database", default="ficarchive_cluster")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7",
                        help="a Redis database of its own: flushed at the start and the end")  # fmt: skip
    args = parser.parse_args()
    if args.seconds > 300:
        parser.error("--seconds: at most 300 (set-up, load and tear-down fit in 10 minutes)")
    began = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="ficarchive-cluster-"))
    data_dir = tmp / "data"
    data_dir.mkdir()
    cluster = Cluster(tmp, {**os.environ, **cluster_environment(args, data_dir)})
    # SIGTERM (a CI timeout) tears down like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    passed = False
    try:
        passed = run(args, cluster)
    except Exception:
        console.print_exception()
        for name in cluster.processes:
            console.print(f"[bold]{name}.log[/bold] (last lines):\n{cluster.log_tail(name)}")
    except KeyboardInterrupt:
        console.print("[red]interrupted[/red]")
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        cluster.stop()
        for name in ("app1", "app2", "worker"):
            tail = [line for line in cluster.log_tail(name, 100_000).splitlines()
                    if SERVER_ERROR.search(line)]  # fmt: skip
            if tail:
                passed = False
                console.print(f"[red]{name} logged errors[/red]:\n" + "\n".join(tail[:10]))
        database_drop(args)
        redis_flush(args.redis)
        shutil.rmtree(tmp, ignore_errors=True)
    total = time.monotonic() - began
    console.print(
        f"[bold]{'PASSED' if passed else 'FAILED'}[/bold]: set-up, load and tear-down in"
        f" {total:.0f} s (limit {MAX_SECONDS} s)"
    )
    return 0 if passed and total <= MAX_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
