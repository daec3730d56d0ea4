"""Hits of pages nginx served from its micro-cache, read from its hits log: each visitor once
per work and day, whatever the log went through (rotation, truncation, a half-written line).
The same path with a real nginx in front: tests/deploy/test_nginx.py."""

from __future__ import annotations

import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from ficarchive.community.nginx_hits import cached_read_parse, hits_from_nginx_log
from ficarchive.community.services import hit_record, hits_flush
from ficarchive.works.models import Work
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db


def line(path: str, address: str = "203.0.113.5", at: float | None = None) -> str:
    return f"{time.time() if at is None else at:.3f} {address} {path}\n"


def hits_of(work: Work) -> int:
    hits_flush()
    work.refresh_from_db()
    return work.hit_count


def test_only_reading_pages_count(tmp_path: Path) -> None:
    work = WorkFactory(chapters=2)
    log, state = tmp_path / "hits.log", tmp_path / "state.json"
    log.write_text(
        line(f"/works/{work.pk}/chapters/2/", "203.0.113.1")
        + line(f"/works/{work.pk}/", "203.0.113.2")
        + line("/", "203.0.113.3")
        + line(f"/tags/{work.pk}/works/", "203.0.113.4")
        + line("/no/such/page/", "203.0.113.5")
        + "garbage\n"
    )
    assert hits_from_nginx_log(log=log, state=state) == 2
    assert hits_of(work) == 2


def test_a_visitor_the_app_counted_today_is_not_counted_again(tmp_path: Path) -> None:
    work = WorkFactory(chapters=2)
    hit_record(work=work, user=AnonymousUser(), address="203.0.113.9", today=timezone.localdate())
    log, state = tmp_path / "hits.log", tmp_path / "state.json"
    log.write_text(line(f"/works/{work.pk}/chapters/1/", "203.0.113.9") * 3)
    assert hits_from_nginx_log(log=log, state=state) == 0
    assert hits_of(work) == 1


def test_lines_are_read_once_and_a_half_written_line_waits(tmp_path: Path) -> None:
    work = WorkFactory(chapters=1)
    log, state = tmp_path / "hits.log", tmp_path / "state.json"
    whole = line(f"/works/{work.pk}/", "203.0.113.1")
    half = line(f"/works/{work.pk}/", "203.0.113.2")
    log.write_text(whole + half[:10])
    assert hits_from_nginx_log(log=log, state=state) == 1
    assert hits_from_nginx_log(log=log, state=state) == 0
    with log.open("a") as out:
        out.write(half[10:])
    assert hits_from_nginx_log(log=log, state=state) == 1
    assert hits_of(work) == 2


def test_the_rest_of_a_rotated_log_is_read_before_the_new_one(tmp_path: Path) -> None:
    work = WorkFactory(chapters=1)
    log, state = tmp_path / "hits.log", tmp_path / "state.json"
    log.write_text(line(f"/works/{work.pk}/", "203.0.113.1"))
    assert hits_from_nginx_log(log=log, state=state) == 1
    with log.open("a") as out:  # written after the last run, before logrotate renamed it
        out.write(line(f"/works/{work.pk}/", "203.0.113.2"))
    log.rename(tmp_path / "hits.log.1")
    log.write_text(line(f"/works/{work.pk}/", "203.0.113.3"))
    assert hits_from_nginx_log(log=log, state=state) == 2
    assert hits_from_nginx_log(log=log, state=state) == 0
    assert hits_of(work) == 3


def test_a_log_truncated_in_place_is_read_from_its_start(tmp_path: Path) -> None:
    work = WorkFactory(chapters=1)
    log, state = tmp_path / "hits.log", tmp_path / "state.json"
    log.write_text(line(f"/works/{work.pk}/", "203.0.113.1") * 5)
    assert hits_from_nginx_log(log=log, state=state) == 1
    log.write_text(line(f"/works/{work.pk}/", "203.0.113.2"))  # copytruncate, then one line
    assert hits_from_nginx_log(log=log, state=state) == 1
    assert hits_of(work) == 2


def test_a_missing_log_counts_nothing_and_keeps_the_position(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    assert hits_from_nginx_log(log=tmp_path / "absent.log", state=state) == 0
    assert not state.exists()


def test_the_day_is_the_visit_s_own(tmp_path: Path) -> None:
    work = WorkFactory(chapters=1)
    yesterday = time.time() - 86400
    read = cached_read_parse(line(f"/works/{work.pk}/", at=yesterday).encode())
    assert read is not None
    assert read.day == timezone.localdate() - timezone.timedelta(days=1)


def test_the_command_reports_what_it_counted(tmp_path: Path) -> None:
    work = WorkFactory(chapters=1)
    log = tmp_path / "hits.log"
    log.write_text(line(f"/works/{work.pk}/"))
    out = StringIO()
    call_command("hits_nginx_log", str(log), state=str(tmp_path / "s.json"), stdout=out)
    assert out.getvalue().strip() == "counted 1 hits"
