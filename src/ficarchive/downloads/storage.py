"""Built downloads kept as files, once per version.

A work's (or a series') version is a token in the shared cache that the change events
replace (receivers.py); the files live under `FICARCHIVE_DOWNLOADS_DIR/<kind>/<id>/<token>/`,
so an edit makes every older file unreachable at once, on every web server, and the old
folder is removed once the edit commits. Files are written whole to a temporary name and
renamed, so a reader never gets half a book.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_SECONDS = 30 * 24 * 60 * 60


def root() -> Path:
    return Path(settings.FICARCHIVE_DOWNLOADS_DIR)


def _generation_key(kind: str, ident: int) -> str:
    return f"downloads:generation:{kind}:{ident}"


def version(kind: str, ident: int) -> str:
    """The current version token of a work or series (made on first use)."""
    key = _generation_key(kind, ident)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=GENERATION_SECONDS)
        token = cache.get(key) or uuid.uuid4().hex
    return str(token)


def file_path(kind: str, ident: int, token: str, name: str) -> Path:
    return root() / kind / str(ident) / token / name


def read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def invalidate(kind: str, idents: frozenset[int]) -> None:
    """New versions for these works or series: now, and again with the old files removed when
    the change commits (a build that read the data before the change must not outlive it)."""

    def renew() -> None:
        for ident in idents:
            cache.set(_generation_key(kind, ident), uuid.uuid4().hex, timeout=GENERATION_SECONDS)

    def remove() -> None:
        renew()
        for ident in idents:
            shutil.rmtree(root() / kind / str(ident), ignore_errors=True)

    renew()
    transaction.on_commit(remove)


def pending_digest_write(record: dict[str, object]) -> None:
    """Leave a served file's digest for `downloads_digests_record` (a GET writes no row)."""
    write(
        root() / "digests" / f"{record['work_id']}-{record['md5']}.json",
        json.dumps(record).encode(),
    )


def pending_digests() -> list[tuple[Path, dict[str, object]]]:
    folder = root() / "digests"
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            found.append((path, json.loads(path.read_text())))
        except (OSError, ValueError):
            continue
    return found
