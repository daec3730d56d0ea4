"""Building a download once per version: the formats, the file cache, Calibre.

`work_file()` answers from the file cache or builds (the caller has already checked the
reader may read the work: views do it on every request, before this). `work_epub()` is the
public way to a work's EPUB bytes and digests (KOReader sync needs them).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ficarchive.downloads import storage
from ficarchive.downloads.selectors import books_for, html_style_for, omnibus_for
from ficarchive.formats.export import Book, HtmlStyle
from ficarchive.formats.export.epub import build_epub, epub_digests
from ficarchive.formats.export.html import build_html
from ficarchive.formats.export.pdf import build_pdf
from ficarchive.formats.export.txt import build_txt
from ficarchive.reader.preferences import ReaderPreferences
from ficarchive.works.models import Series, Work

CALIBRE_FORMATS = {"azw3", "mobi"}
logger = logging.getLogger(__name__)
MEDIA_TYPES = {
    "epub": "application/epub+zip",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
    "azw3": "application/vnd.amazon.ebook",
    "mobi": "application/x-mobipocket-ebook",
}
FORMATS = tuple(MEDIA_TYPES)
CONVERT_SECONDS = 600
# WeasyPrint lays out a page at a time: a novel-length PDF takes it tens of seconds, so PDFs
# of works longer than this build in the background like very big works.
PDF_INLINE_WORDS = 50_000


@dataclass(frozen=True)
class BuiltFile:
    data: bytes
    md5: str
    partial_md5: str  # KOReader's document digest
    version: str


def builds_in_background(*, fmt: str, words: int) -> bool:
    """Whether a work's download is built by a task while the reader waits."""
    return (
        fmt in CALIBRE_FORMATS
        or words > settings.FICARCHIVE_DOWNLOADS_BACKGROUND_WORDS
        or (fmt == "pdf" and words > PDF_INLINE_WORDS)
    )


def calibre_available() -> bool:
    return shutil.which("ebook-convert") is not None


def variant_of(fmt: str, preferences: ReaderPreferences) -> str:
    """What besides the version tells two files of a work apart: the HTML carries the skin."""
    if fmt != "html":
        return ""
    return hashlib.sha256(preferences.to_cookie().encode()).hexdigest()[:12]


def _name(fmt: str, variant: str) -> str:
    return f"book-{variant}.{fmt}" if variant else f"book.{fmt}"


def cached_work_file(*, work_id: int, fmt: str, variant: str) -> bytes | None:
    path = storage.file_path(
        "works", work_id, storage.version("works", work_id), _name(fmt, variant)
    )
    return storage.read(path)


def _render(book: Book, fmt: str, style: HtmlStyle, epub: bytes | None = None) -> bytes:
    builders: dict[str, Callable[[], bytes]] = {
        "epub": lambda: build_epub(book),
        "html": lambda: build_html(book, style),
        "txt": lambda: build_txt(book),
        "pdf": lambda: build_pdf(book),
    }
    if fmt in CALIBRE_FORMATS:
        return convert_with_calibre(epub if epub is not None else build_epub(book), fmt)
    return builders[fmt]()


def work_file(*, work: Work, fmt: str, preferences: ReaderPreferences, site_url: str) -> bytes:
    """The download's bytes for a work loaded with `for_reading()`: from the file cache, or
    built now and kept for this version."""
    token = storage.version("works", work.pk)
    variant = variant_of(fmt, preferences)
    path = storage.file_path("works", work.pk, token, _name(fmt, variant))
    data = storage.read(path)
    if data is not None:
        return data
    [book] = books_for([work], site_url=site_url)
    data = _render(book, fmt, html_style_for(preferences))
    try:
        storage.write(path, data)
    except OSError:  # the version's folder went with an edit meanwhile: serve, keep nothing
        logger.warning("download of work %s not kept", work.pk, exc_info=True)
        return data
    if fmt == "epub":
        md5, partial = epub_digests(data)
        storage.pending_digest_write(
            {"work_id": work.pk, "version": token, "md5": md5, "partial_md5": partial}
        )
    return data


def work_epub(*, work_id: int, site_url: str) -> BuiltFile:
    """The work's current EPUB (built if need be) with its MD5 and KOReader digest. Checks no
    visibility: callers decide who may have it."""
    work = Work.objects.for_reading().get(pk=work_id)
    data = work_file(work=work, fmt="epub", preferences=ReaderPreferences(), site_url=site_url)
    md5, partial = epub_digests(data)
    return BuiltFile(data, md5, partial, storage.version("works", work_id))


def series_name(work_ids: list[int]) -> str:
    """The series file for exactly these parts: readers who may read different parts get
    different books."""
    digest = hashlib.sha256(",".join(map(str, work_ids)).encode()).hexdigest()[:16]
    return f"series-{digest}.epub"


def cached_series_file(*, series_id: int, work_ids: list[int]) -> bytes | None:
    token = storage.version("series", series_id)
    return storage.read(storage.file_path("series", series_id, token, series_name(work_ids)))


def series_file(*, series_id: int, work_ids: list[int], site_url: str) -> bytes:
    token = storage.version("series", series_id)
    path = storage.file_path("series", series_id, token, series_name(work_ids))
    data = storage.read(path)
    if data is None:
        series = Series.objects.get(pk=series_id)
        data = build_epub(omnibus_for(series=series, work_ids=work_ids, site_url=site_url))
        storage.write(path, data)
    return data


def convert_with_calibre(epub: bytes, fmt: str) -> bytes:
    """AZW3 or MOBI from the EPUB through Calibre's `ebook-convert` (one process per file)."""
    with tempfile.TemporaryDirectory(prefix="ficarchive-convert-") as folder:
        source, target = Path(folder) / "book.epub", Path(folder) / f"book.{fmt}"
        source.write_bytes(epub)
        subprocess.run(
            ["ebook-convert", str(source), str(target)],
            check=True, capture_output=True, timeout=CONVERT_SECONDS,
        )  # fmt: skip
        return target.read_bytes()
