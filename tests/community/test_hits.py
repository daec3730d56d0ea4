"""Reading never writes (DESIGN.md 16): a guest's page view only reads the archive's database;
hits wait in the shared cache until `hits_flush` adds them to the works' totals."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficarchive.accounts.models import User
from ficarchive.community import services
from ficarchive.community.flusher import FLUSH_CLAIM, hits_flush_if_due, hits_flusher_start
from ficarchive.community.services import hit_record, hits_flush
from ficarchive.search.services import search_index_work
from ficarchive.works.models import Creator, Work
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "BEGIN")


@contextmanager
def no_database_writes() -> Iterator[None]:
    """Fails if a statement that writes, or opens a transaction, reaches the archive's database
    (the test runs in a transaction, so any `atomic` block shows as a SAVEPOINT)."""
    with ExitStack() as stack:
        captured = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in connections
        }
        yield
    statements = [query["sql"] for query in captured["default"].captured_queries]
    assert [sql for sql in statements if sql.lstrip().upper().startswith(WRITES)] == []
    assert statements, "the pages were read from the database"


def read(work: Work, address: str, *, user: User | None = None) -> None:
    """A visitor reads the work page, chapter 2 and the entire work."""
    client = Client(REMOTE_ADDR=address)
    if user is not None:
        client.force_login(user)
    for url in (
        work.get_absolute_url(),
        f"/works/{work.pk}/chapters/2/",
        f"/works/{work.pk}/?view_full_work=true",
    ):
        assert client.get(url).status_code == 200, url


def hits_sorted(query: str) -> list[str]:
    response = Client().get("/search/", {"q": query, "sort": "hits"})
    return [result["work"].title for result in response.context["results"]]


def fresh(work: Work) -> Work:
    return Work.objects.get(pk=work.pk)


@pytest.mark.django_db(databases="__all__")
def test_a_guest_reading_a_work_writes_nothing() -> None:
    work = WorkFactory(chapters=2)
    guest = Client(REMOTE_ADDR="198.51.100.7")
    with no_database_writes():
        first = guest.get(work.get_absolute_url())
        chapter = guest.get(f"/works/{work.pk}/chapters/2/")
        whole = guest.get(f"/works/{work.pk}/?view_full_work=true")
    assert "Chapter 1 opens here" in first.content.decode()
    assert "Chapter 2 opens here" in chapter.content.decode()
    assert "Chapter 2 opens here" in whole.content.decode()
    assert all("sessionid" not in r.cookies for r in (first, chapter, whole)), "no session"


def test_each_guest_counts_once_and_the_hits_sort_sees_them_after_a_flush() -> None:
    read_a_lot = WorkFactory(title="Lantern", chapters=2)
    known = WorkFactory(title="Harbour", chapters=2)
    Work.objects.filter(pk=known.pk).update(hit_count=2)
    for work in (read_a_lot, known):
        search_index_work(work_id=work.pk)
    for guest in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        read(read_a_lot, guest)
        read(read_a_lot, guest)  # again the same day: not counted again
    assert fresh(read_a_lot).hit_count == 0, "buffered until the flush"
    assert hits_sorted("opens") == ["Harbour", "Lantern"]
    assert hits_flush() == 3
    assert fresh(read_a_lot).hit_count == 3
    assert hits_sorted("opens") == ["Lantern", "Harbour"]


def test_members_count_once_creators_never_and_a_second_flush_adds_nothing(
    alice: User, alice_creator: Creator, bob: User
) -> None:
    work = WorkFactory(creators=[alice_creator], chapters=2)
    read(work, "198.51.100.1", user=alice)
    read(work, "198.51.100.1", user=bob)
    read(work, "198.51.100.2", user=bob)  # one member from another address: still one visitor
    read(work, "198.51.100.1")
    assert hits_flush() == 2
    assert hits_flush() == 0
    read(work, "198.51.100.1", user=bob)
    assert hits_flush() == 0
    assert fresh(work).hit_count == 2


def test_the_same_guest_counts_again_the_next_day() -> None:
    work = WorkFactory()
    for day in (dt.date(2026, 3, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 2)):
        hit_record(work=work, user=AnonymousUser(), address="198.51.100.1", today=day)
    hits_flush()
    assert fresh(work).hit_count == 2


def test_a_failed_flush_keeps_its_hits_for_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    work = WorkFactory(chapters=2)
    read(work, "198.51.100.1")

    def index_down(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index down")

    with monkeypatch.context() as patched:  # a follower of the announcement fails
        patched.setattr(services, "announce_counts", index_down)
        with pytest.raises(RuntimeError):
            hits_flush()
    assert fresh(work).hit_count == 0
    read(work, "198.51.100.2")
    assert hits_flush() == 2
    assert fresh(work).hit_count == 2


def test_one_flush_per_interval_whichever_worker_asks() -> None:
    work = WorkFactory(chapters=2)
    read(work, "198.51.100.1")
    assert hits_flush_if_due() == 1
    read(work, "198.51.100.2")
    assert hits_flush_if_due() is None, "another flush within the interval"
    cache.delete(FLUSH_CLAIM)  # the interval is over
    assert hits_flush_if_due() == 1
    assert fresh(work).hit_count == 2


def test_the_flush_command_for_cron() -> None:
    work = WorkFactory(chapters=2)
    read(work, "198.51.100.1")
    out = StringIO()
    call_command("hits_flush", stdout=out)
    assert out.getvalue() == "added 1 hits\n"
    assert fresh(work).hit_count == 1


def test_a_worker_starts_one_flusher_thread() -> None:
    from ficarchive.gunicorn_conf import post_worker_init

    post_worker_init(worker=None)
    flusher = hits_flusher_start()
    try:
        assert flusher.is_alive()
        assert flusher.daemon
        assert [t for t in threading.enumerate() if t.name == "hits-flusher"] == [flusher]
    finally:
        flusher.stop()
        flusher.join(timeout=10)


COUNT = """
import datetime, sys, time, django
django.setup()
from django.contrib.auth.models import AnonymousUser
from ficarchive.community.services import hit_record
from ficarchive.works.models import Work
work, first, today = Work(pk=int(sys.argv[1])), int(sys.argv[2]), datetime.date(2026, 3, 1)
time.sleep(max(float(sys.argv[3]) - time.time(), 0))  # all start together
for n in range(first, first + 100):
    hit_record(work=work, user=AnonymousUser(), address=f"10.0.0.{n}", today=today)
"""
FLUSH_TWICE = """
import sys, django
django.setup()
from ficarchive.community.services import hits_flush
from ficarchive.works.models import Work
first, second = hits_flush(), hits_flush()
print(first, second, Work.objects.get(pk=int(sys.argv[1])).hit_count)
"""
MIGRATE_AND_MAKE_WORK = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.factories import WorkFactory
print(WorkFactory().pk)
"""


def test_worker_processes_share_the_deployed_cache_and_lose_no_hit(tmp_path: Path) -> None:
    """Two processes, as two gunicorn workers, count at once on the database cache in its own
    SQLite file; a third flushes. Guests 100 to 199 visit through both, so count once."""
    unset = {"DATABASE_URL", "REDIS_URL"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(FICARCHIVE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="ficarchive.settings")

    def run(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, *args], env=env, cwd=ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip

    def output(process: subprocess.Popen[str]) -> str:
        out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
        return out.strip()

    work_id = output(run("-c", MIGRATE_AND_MAKE_WORK))
    start = str(time.time() + 8)
    workers = [run("-c", COUNT, work_id, first, start) for first in ("0", "100", "100", "200")]
    for worker in workers:
        output(worker)
    assert output(run("-c", FLUSH_TWICE, work_id)) == "300 0 300"
