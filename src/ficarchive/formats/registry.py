"""One entry point: sniff the bytes, pick the parser."""

from __future__ import annotations

import logging
from pathlib import PurePath
from typing import Protocol

from ficarchive.formats.docx import DocxParser, is_docx
from ficarchive.formats.epub import EpubParser
from ficarchive.formats.errors import FormatError
from ficarchive.formats.html import HtmlParser
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.text import TextParser

MAX_FILE_BYTES = 20 * 1024 * 1024
logger = logging.getLogger(__name__)


class Parser(Protocol):
    def parse(self, data: bytes, *, fallback_title: str) -> ParsedWork: ...


PARSERS: dict[str, Parser] = {
    "epub": EpubParser(),
    "docx": DocxParser(),
    "html": HtmlParser(),
    "text": TextParser(),
}


def sniff_format(data: bytes) -> str:
    """'epub', 'docx', 'html' or 'text', from the content rather than the file name."""
    if is_docx(data):
        return "docx"
    if data.startswith(b"PK\x03\x04"):
        return "epub"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data[:8192].decode("utf-16", errors="ignore").lower().lstrip().encode()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in head for tag in (b"<body", b"<head", b"<p>", b"<div", b"<br")
    ):
        return "html"
    return "text"


def parse(data: bytes, *, name: str = "untitled") -> ParsedWork:
    """Parse one file's bytes into a work, or raise FormatError with one clear line."""
    if len(data) > MAX_FILE_BYTES:
        raise FormatError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if data[:1024].lstrip()[:5] == b"%PDF-":
        raise FormatError("the file is a PDF: save the story as text, HTML, EPUB or Word")
    fallback_title = PurePath(name).stem.replace("_", " ").strip() or "Untitled"
    kind = sniff_format(data)
    try:
        return PARSERS[kind].parse(data, fallback_title=fallback_title)
    except FormatError:
        raise
    except RecursionError:
        raise FormatError("the file is nested too deeply to read") from None
    except Exception as error:
        # The parsers' own tests feed them arbitrary bytes; should one still fail in an
        # unforeseen way, the person importing gets one line, and the log the details.
        logger.exception("parser %s failed on %s", kind, name)
        raise FormatError(f"the {kind} file could not be read ({type(error).__name__})") from None
