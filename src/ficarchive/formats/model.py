"""What every parser returns: a work as plain data, independent of its source."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ficarchive.formats.rich import plain, rich_to_html

BlockType = Literal["paragraph", "scene_break"]
Status = Literal["complete", "in-progress"]


@dataclass(frozen=True)
class Block:
    """A paragraph (plain text, and HTML keeping its emphasis), or one scene break."""

    type: BlockType
    text: str = ""
    html: str = ""

    @classmethod
    def paragraph(cls, rich: str) -> Block:
        """A paragraph from text that may carry emphasis marks (see rich.py)."""
        collapsed = " ".join(rich.split())
        text = " ".join(plain(collapsed).split())
        return cls("paragraph", unicodedata.normalize("NFC", text), rich_to_html(collapsed))

    @classmethod
    def scene_break(cls) -> Block:
        return cls("scene_break")

    def to_html(self) -> str:
        if self.type == "scene_break":
            return "<hr>"
        return f"<p>{self.html}</p>"


@dataclass
class ParsedChapter:
    title: str | None = None
    # A chapter's own summary (AO3 shows it above the chapter's notes).
    summary: str | None = None
    notes_begin: str | None = None
    notes_end: str | None = None
    blocks: list[Block] = field(default_factory=list)
    # A disclaimer found at the top of the chapter text; it belongs to the work.
    disclaimer: str | None = None

    @property
    def word_count(self) -> int:
        return sum(len(block.text.split()) for block in self.blocks)

    @property
    def plain_text(self) -> str:
        """The paragraphs' text, one per line: what the stored chapter's text derives to."""
        return "\n".join(block.text for block in self.blocks if block.type == "paragraph")

    @property
    def body_html(self) -> str:
        return "\n".join(block.to_html() for block in self.blocks)

    @property
    def preface(self) -> str | None:
        """What a reader sees above the text: the summary, labelled, then the notes. (A stored
        chapter has notes only; its summary leads them.)"""
        summary = f"Chapter summary: {self.summary.strip()}" if self.summary else None
        parts = [part.strip() for part in (summary, self.notes_begin) if part and part.strip()]
        return "\n\n".join(parts) if parts else None


@dataclass
class ParsedWork:
    """A work as a parser found it; `to_contract()` is the `ficarchive parse --json` output."""

    title: str
    source_format: Literal["text", "html", "epub"]
    chapters: list[ParsedChapter]
    creators: list[str] = field(default_factory=list)
    summary: str | None = None
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    # AO3's categories as the source wrote them ("F/M", "Gen"); works map them onto theirs.
    categories: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    status: Status | None = None
    published: date | None = None
    updated: date | None = None
    notes_begin: str | None = None
    notes_end: str | None = None
    betas: list[str] = field(default_factory=list)
    disclaimer: str | None = None
    source_site: str | None = None
    source_url: str | None = None
    # A page that shows one chapter of a longer story: that chapter's number, and the story's
    # chapter count when the page says it. Importers put such chapters together by source.
    chapter_number: int | None = None
    story_chapters: int | None = None

    @property
    def word_count(self) -> int:
        return sum(chapter.word_count for chapter in self.chapters)

    @property
    def content_hash(self) -> str:
        """A digest of title, creators and text: the same story imported twice has the same one."""
        digest = hashlib.sha256()
        digest.update(self.title.casefold().encode())
        for name in self.creators:
            digest.update(b"\x00" + name.casefold().encode())
        for chapter in self.chapters:
            for block in chapter.blocks:
                digest.update(b"\x01" + block.text.encode())
        return digest.hexdigest()

    def to_contract(self) -> dict[str, Any]:
        """The JSON object described in the import corpus README."""
        return {
            "title": self.title,
            "creators": self.creators,
            "summary": self.summary,
            "rating": self.rating,
            "warnings": self.warnings,
            "categories": self.categories,
            "fandoms": self.fandoms,
            "relationships": self.relationships,
            "characters": self.characters,
            "tags": self.tags,
            "language": self.language,
            "status": self.status,
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "notes_begin": self.notes_begin,
            "notes_end": self.notes_end,
            "betas": self.betas,
            "disclaimer": self.disclaimer,
            "source": {"format": self.source_format, "site": self.source_site,
                       "url": self.source_url},
            "chapters": [
                {
                    "title": chapter.title,
                    "summary": chapter.summary,
                    "notes_begin": chapter.notes_begin,
                    "notes_end": chapter.notes_end,
                    "blocks": [
                        {"type": "paragraph", "text": b.text} if b.type == "paragraph"
                        else {"type": "scene_break"}
                        for b in chapter.blocks
                    ],
                    "word_count": chapter.word_count,
                }
                for chapter in self.chapters
            ],
            "word_count": self.word_count,
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_contract(), ensure_ascii=False, indent=2)
