"""One entry point: sniff the bytes, pick the parser."""

from __future__ import annotations

from pathlib import PurePath

from ficarchive.formats.errors import FormatError
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.text import TextParser

MAX_FILE_BYTES = 20 * 1024 * 1024


def sniff_format(data: bytes) -> str:
    """'epub', 'html' or 'text', from the content rather than the file name."""
    if data.startswith(b"PK\x03\x04"):
        return "epub"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "text"


def parse(data: bytes, *, name: str = "untitled") -> ParsedWork:
    """Parse one file's bytes into a work, or raise FormatError with one clear line."""
    if len(data) > MAX_FILE_BYTES:
        raise FormatError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    kind = sniff_format(data)
    if kind != "text":
        raise FormatError(f"{kind.upper()} import is not supported yet; save the story as text")
    fallback_title = PurePath(name).stem.replace("_", " ").strip() or "Untitled"
    return TextParser().parse(data, fallback_title=fallback_title)
