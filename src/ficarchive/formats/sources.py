"""The files an import command is given: paths, folders, and ZIP archives of stories."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ficarchive.formats.registry import MAX_FILE_BYTES

MAX_ARCHIVE_MEMBERS = 10_000
STORY_SUFFIXES = {".txt", ".htm", ".html", ".xhtml", ".epub", ".docx", ".text", ""}


@dataclass(frozen=True)
class Source:
    """One story file to import: its bytes, or why they could not be read."""

    name: str
    data: bytes | None = None
    error: str | None = None


def iter_sources(paths: Sequence[str | Path]) -> Iterator[Source]:
    """Each story file in turn, read only when its turn comes (memory stays flat)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not child.name.startswith("."):
                    yield from _from_file(child)
        else:
            yield from _from_file(path)


def _from_file(path: Path) -> Iterator[Source]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and path.suffix.lower() != ".zip":
            yield Source(str(path), error=f"larger than {MAX_FILE_BYTES // 2**20} MB")
            return
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        yield Source(str(path), error=f"cannot read: {error.strerror}")
        return
    if head == b"PK\x03\x04" and not _is_one_document(path):
        yield from _from_archive(path)
        return
    try:
        yield Source(str(path), data=path.read_bytes())
    except OSError as error:
        yield Source(str(path), error=f"cannot read: {error.strerror}")


def _is_one_document(path: Path) -> bool:
    """An EPUB or a Word document (both ZIP files), rather than an archive of stories."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return True  # let the EPUB parser say what is wrong with it
    return bool({"META-INF/container.xml", "mimetype", "word/document.xml"} & names)


def _from_archive(path: Path) -> Iterator[Source]:
    """The stories inside a ZIP: each member checked for size before it is read."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield Source(str(path), error=f"not a readable ZIP archive ({error})")
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ARCHIVE_MEMBERS:
            yield Source(str(path), error=f"more than {MAX_ARCHIVE_MEMBERS} files in the archive")
            return
        for info in members:
            member = PurePosixPath(info.filename)
            label = f"{path}:{info.filename}"
            if member.name.startswith(".") or "__MACOSX" in member.parts:
                continue
            if member.suffix.lower() not in STORY_SUFFIXES:
                continue
            if info.file_size > MAX_FILE_BYTES:
                yield Source(label, error=f"larger than {MAX_FILE_BYTES // 2**20} MB")
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:
                yield Source(label, error=f"damaged in the archive ({error})")
                continue
            if len(data) > MAX_FILE_BYTES:
                yield Source(label, error=f"larger than {MAX_FILE_BYTES // 2**20} MB")
            else:
                yield Source(label, data=data)
