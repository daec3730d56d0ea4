"""What the exporters read: a work, or a series of works, as plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class BookChapter:
    """One posted chapter. `key` is stable for the chapter's life (its database id, never its
    position): the EPUB's file name and ids come from it, so a chapter inserted before it
    renames nothing, a reader keeps their place and FanFicFare or Calibre see what is new."""

    key: str
    number: int
    title: str  # as the reader shows it: "Chapter 2: Salt Roads"
    body_html: str  # sanitized HTML
    notes_begin: str = ""
    notes_end: str = ""
    url: str = ""


@dataclass(frozen=True)
class SeriesPlace:
    title: str
    position: int
    url: str = ""


@dataclass(frozen=True)
class Book:
    """A work with everything its title page and metadata show."""

    key: str  # stable: "work-12"
    identifier: str  # "urn:uuid:…", derived from the site and the work's id
    title: str
    creators: list[str]
    url: str  # the work's page on this archive
    language: str
    published: date
    updated: date
    modified: datetime  # timezone-aware: dcterms:modified
    words: int
    chapter_progress: str  # "3/10" or "3/?"
    complete: bool
    chapters: list[BookChapter]
    site_name: str = "Ficarchive"
    source_url: str = ""  # where an imported work came from
    summary_html: str = ""
    rating: str = ""
    warnings: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeforms: list[str] = field(default_factory=list)
    series: list[SeriesPlace] = field(default_factory=list)
    betas: list[str] = field(default_factory=list)
    notes_begin: str = ""
    notes_end: str = ""

    @property
    def display_title(self) -> str:
        return self.title.strip() or "Untitled"

    @property
    def byline(self) -> str:
        return ", ".join(self.creators) or "Anonymous"

    @property
    def language_tag(self) -> str:
        """A well-formed BCP 47 tag (readers and epubcheck refuse others), else English."""
        return self.language if _LANGUAGE.match(self.language) else "en"

    @property
    def source(self) -> str:
        return self.source_url or self.url

    @property
    def status(self) -> str:
        return "Completed" if self.complete else "Updated"

    @property
    def metadata(self) -> list[tuple[str, list[str]]]:
        """The title page's block, AO3's order; empty kinds left out."""
        rows: list[tuple[str, list[str]]] = [
            ("Rating", [self.rating] if self.rating else []),
            ("Archive Warnings", self.warnings),
            ("Fandoms", self.fandoms),
            ("Relationships", self.relationships),
            ("Characters", self.characters),
            ("Additional Tags", self.freeforms),
            ("Language", [self.language]),
            ("Series", [f"Part {place.position} of {place.title}" for place in self.series]),
            ("Beta readers", self.betas),
            (
                "Stats",
                [
                    f"Published: {self.published.isoformat()}",
                    f"{self.status}: {self.updated.isoformat()}",
                    f"Words: {self.words:,}",
                    f"Chapters: {self.chapter_progress}",
                ],
            ),
        ]
        return [(label, values) for label, values in rows if values]


@dataclass(frozen=True)
class Omnibus:
    """A series as one book: its works in order."""

    key: str  # "series-3"
    identifier: str
    title: str
    url: str
    modified: datetime
    books: list[Book]
    summary_html: str = ""
    site_name: str = "Ficarchive"

    @property
    def display_title(self) -> str:
        return self.title.strip() or "Untitled series"

    @property
    def creators(self) -> list[str]:
        return list(dict.fromkeys(name for book in self.books for name in book.creators))

    @property
    def byline(self) -> str:
        return ", ".join(self.creators) or "Anonymous"

    @property
    def language_tag(self) -> str:
        return self.books[0].language_tag if self.books else "en"


@dataclass(frozen=True)
class HtmlStyle:
    """The reader's skin for a self-contained HTML download, as CSS values."""

    background: str = "#fdfdfb"
    color: str = "#1d1d1b"
    link: str = "#1f4e99"
    muted: str = "#55554f"
    font_family: str = "Georgia, 'Times New Roman', serif"
    font_size_em: float = 1.0
    line_height: float = 1.5
    max_width: str = "42rem"
