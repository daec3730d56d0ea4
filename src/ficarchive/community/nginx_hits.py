"""Hits of reading pages nginx answered from its micro-cache (deploy/nginx/), read from its log.

A page nginx serves from its cache never reaches Django, so the app cannot count its hit. nginx
writes one line per such page (`log_format ficarchive_hits`: time, visitor's address, path) to
a log of its own; `hits_from_nginx_log` reads the lines added since its last run and records
each through `hit_record`, the path the app's own reading pages take. Every page the app serves
is counted by the app, never logged here, and `hit_record` counts a visitor once per work and
day whichever path saw them first: nothing is counted twice.

Where it stopped is kept in a small state file (the log's inode and offset). When logrotate has
renamed the log since (a new inode), the rest of the old file is read first from its rotated
name (`LOG.1`, uncompressed by Debian's delaycompress); a log truncated in place is read again
from its start. Reading a line twice counts nothing twice (the visitor's day key is kept).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404, resolve
from django.utils import timezone

from ficarchive.community.services import hit_record
from ficarchive.works.models import Work

logger = logging.getLogger(__name__)
# The views that count a hit when the app renders them (reader.views._render_reading).
READING_VIEWS = frozenset({"reader:work", "reader:chapter"})


@dataclass(frozen=True)
class LogPosition:
    inode: int
    offset: int


@dataclass(frozen=True)
class CachedRead:
    work_id: int
    address: str
    day: date


def _position_load(state: Path) -> LogPosition | None:
    try:
        saved = json.loads(state.read_text(encoding="utf-8"))
        return LogPosition(inode=int(saved["inode"]), offset=int(saved["offset"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        logger.warning("%s is not a log position; reading the log from its start", state)
        return None


def _position_save(state: Path, position: LogPosition) -> None:
    """Written whole or not at all (a new file renamed over the old one)."""
    state.parent.mkdir(parents=True, exist_ok=True)
    partial = state.with_name(f".{state.name}.tmp")
    partial.write_text(json.dumps({"inode": position.inode, "offset": position.offset}))
    partial.replace(state)


def _complete_lines(path: Path, offset: int) -> tuple[list[bytes], LogPosition]:
    """The whole lines written from `offset` on, and the position after the last of them
    (a line nginx is still writing waits for the next run)."""
    with path.open("rb") as log:
        inode = os.fstat(log.fileno()).st_ino
        if offset > os.fstat(log.fileno()).st_size:  # truncated in place (copytruncate)
            offset = 0
        log.seek(offset)
        data = log.read()
    end = data.rfind(b"\n") + 1
    return data[:end].splitlines(), LogPosition(inode=inode, offset=offset + end)


def _rotated(log: Path, inode: int) -> Path | None:
    """The file the log was renamed to by logrotate, if it is still there uncompressed."""
    for candidate in (log.with_name(f"{log.name}.1"), log.with_name(f"{log.name}-1")):
        try:
            if candidate.stat().st_ino == inode:
                return candidate
        except FileNotFoundError:
            continue
    return None


def cached_read_parse(line: bytes) -> CachedRead | None:
    """A log line as the reading page it names; None for any other page or a broken line."""
    try:
        stamp, address, path = line.decode("utf-8", "replace").rstrip("\r\n").split(" ", 2)
        moment = datetime.fromtimestamp(float(stamp), tz=UTC)
        match = resolve(path)
    except (ValueError, OverflowError, Resolver404):
        return None
    work_id = match.kwargs.get("work_id")
    if match.view_name not in READING_VIEWS or not isinstance(work_id, int):
        return None
    return CachedRead(work_id=work_id, address=address, day=timezone.localdate(moment))


def hits_from_nginx_log(*, log: Path, state: Path) -> int:
    """Record the hits of the reading pages logged since the last run; returns how many
    visits counted (a visitor's first of the day on a work)."""
    saved = _position_load(state)
    lines: list[bytes] = []
    if saved is not None:
        try:
            current_inode = log.stat().st_ino
        except FileNotFoundError:
            return 0  # rotated and not yet reopened by nginx: the next run reads both
        if current_inode != saved.inode:
            rotated = _rotated(log, saved.inode)
            if rotated is None:
                logger.warning("the rest of the rotated %s is gone; reading the new log", log)
            else:
                lines += _complete_lines(rotated, saved.offset)[0]
            saved = None
    try:
        new_lines, position = _complete_lines(log, saved.offset if saved else 0)
    except FileNotFoundError:
        return 0
    lines += new_lines
    reads = {read for read in map(cached_read_parse, lines) if read is not None}
    counted = sum(
        hit_record(work=Work(pk=read.work_id), user=AnonymousUser(), address=read.address,
                   today=read.day)
        for read in sorted(reads, key=lambda read: (read.day, read.work_id, read.address))
    )  # fmt: skip
    _position_save(state, position)
    return counted
