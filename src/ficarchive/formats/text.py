"""Plain and scraped text: FanFiction.Net pages copied from the browser, .txt downloads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficarchive.formats import conventions
from ficarchive.formats.decode import decode_text
from ficarchive.formats.errors import FormatError
from ficarchive.formats.model import Block, ParsedChapter, ParsedWork

# FanFiction.Net's reader toolbars over the years: "full 3/4 1/2 skin light dark",
# "+ Font Size - Font Size Full 3/4 1/2 Expand Tighten".
_TOOLBAR_WORDS = {
    "full", "3/4", "1/2", "skin", "light", "dark", "font", "size", "+", "-", "expand",
    "tighten", "a", "a+", "a-", "width", "text", "sepia",
}  # fmt: skip
_SITE_CHROME = re.compile(
    r"^(?:<<\s*)?(?:prev(?:ious)?|next)(?:\s+chapter)?(?:\s*>>)?$"
    r"|^(?:follow/fav|fav|review|reviews|back to top|print|report abuse|share)$",
    re.IGNORECASE,
)
_TITLE_BY_AUTHOR = re.compile(r"^(?P<title>\S.{0,200}?)\s+by:?\s+(?P<author>\S.{0,80})$")
_BY_AUTHOR = re.compile(r"^by:?\s+(?P<author>\S.{0,80})$", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ']{1,20}?)\s*:\s*(?P<value>.*)$")
_HEADER_LABELS = {
    "title": "title", "author": "author", "authors": "author", "by": "author",
    "fandom": "fandom", "fandoms": "fandom", "category": "fandom",
    "pairing": "relationship", "pairings": "relationship", "relationship": "relationship",
    "relationships": "relationship", "characters": "character", "character": "character",
    "rating": "rating", "rated": "rating", "warning": "warning", "warnings": "warning",
    "summary": "summary", "word count": "words", "words": "words", "status": "status",
    "genre": "tag", "genres": "tag", "tags": "tag", "additional tags": "tag",
    "beta": "beta", "beta reader": "beta", "betas": "beta", "language": "language",
}  # fmt: skip


@dataclass
class _Unit:
    """One paragraph-sized piece of the text, before we know what it is."""

    text: str


@dataclass
class _Section:
    heading_title: str | None
    units: list[_Unit] = field(default_factory=list)


def _is_toolbar(line: str) -> bool:
    tokens = line.lower().split()
    return len(tokens) >= 3 and all(token in _TOOLBAR_WORDS for token in tokens)


def _is_structural(line: str) -> bool:
    """Lines that stand alone even inside a run of text: breaks, headings, notes."""
    return (
        conventions.is_scene_break(line)
        or conventions.chapter_heading(line)[0]
        or conventions.note_body(line) is not None
        or conventions.disclaimer_body(line) is not None
        or _header_label(line) is not None
    )


def _header_label(line: str) -> str | None:
    """The field a "Label: value" header line sets, if the label is one we know."""
    match = _HEADER_FIELD.match(line.strip())
    return _HEADER_LABELS.get(match["label"].strip().casefold()) if match else None


def _split_units(text: str) -> list[_Unit]:
    """Paragraphs, whether the text separates them by blank lines or by single newlines."""
    lines = [line.rstrip() for line in text.split("\n")]
    nonblank = sum(1 for line in lines if line.strip())
    blank_separated = sum(1 for line in lines if not line.strip()) >= nonblank * 0.3
    units: list[_Unit] = []
    if not blank_separated:
        return [_Unit(" ".join(line.split())) for line in lines if line.strip()]
    group: list[str] = []

    def flush() -> None:
        if group:
            units.append(_Unit(" ".join(" ".join(group).split())))
            group.clear()

    for line in lines:
        if not line.strip():
            flush()
        elif _is_structural(line) or (group and line[:1] in {" ", "\t"}):
            flush()
            group.append(line)
        else:
            group.append(line)
    flush()
    return units


class TextParser:
    """Reads a work out of text: header, notes, chapters, scene breaks; drops site chrome."""

    def parse(self, data: bytes, *, fallback_title: str) -> ParsedWork:
        units = [
            unit
            for unit in _split_units(decode_text(data))
            if not _is_toolbar(unit.text) and not _SITE_CHROME.match(unit.text)
        ]
        if not units:
            raise FormatError("the file has no text")
        work = ParsedWork(title="", source_format="text", chapters=[])
        rest = self._read_header(units, work)
        sections = self._split_sections(rest)
        untitled_single = len(sections) == 1 and sections[0].heading_title is None
        for section in sections:
            work.chapters.append(self._read_chapter(section))
        if untitled_single:
            # A one-shot's notes are the work's notes.
            only = work.chapters[0]
            work.notes_begin = _join_notes(work.notes_begin, only.notes_begin)
            work.notes_end, only.notes_begin, only.notes_end = only.notes_end, None, None
        if not any(chapter.blocks or chapter.notes_begin for chapter in work.chapters):
            raise FormatError("no story text found")
        work.title = work.title or fallback_title
        work.betas = _betas(work)
        return work

    def _read_header(self, units: list[_Unit], work: ParsedWork) -> list[_Unit]:
        """Consume the title line, labelled fields, disclaimer and leading notes."""
        index = 0
        while index < len(units):
            text = units[index].text
            if index < 3 and not work.title and (match := _TITLE_BY_AUTHOR.match(text)):
                work.title, work.creators = match["title"].strip(), [match["author"].strip()]
            elif index < 4 and work.title and not work.creators and (m := _BY_AUTHOR.match(text)):
                work.creators = [m["author"].strip()]
            elif work.title and text.casefold() == work.title.casefold():
                pass  # the site repeats the title above the text
            elif (disclaimer := conventions.disclaimer_body(text)) is not None:
                work.disclaimer = _join_notes(work.disclaimer, disclaimer)
            elif (note := conventions.note_body(text)) is not None:
                work.notes_begin = _join_notes(work.notes_begin, note)
            elif conventions.is_scene_break(text):
                pass  # a separator under the header or a note is not a scene break
            elif index < 12 and self._header_field(text, work):
                pass
            elif index == 0 and not work.title and _looks_like_title(text, units):
                work.title = text
            else:
                break
            index += 1
        return units[index:]

    def _header_field(self, text: str, work: ParsedWork) -> bool:
        label = _header_label(text)
        if label is None:
            return False
        value = text.split(":", 1)[1].strip()
        values = [v.strip() for v in re.split(r"\s*[,;]\s*", value) if v.strip()]
        if label == "title":
            work.title = value
        elif label == "author":
            work.creators = values
        elif label == "rating":
            work.rating = value or None
        elif label == "summary":
            work.summary = value or None
        elif label == "status":
            lowered = value.casefold()
            work.status = (
                "complete"
                if "complete" in lowered and "in" not in lowered
                else ("in-progress" if lowered else None)
            )
        elif label == "language":
            work.language = value or None
        elif label == "beta":
            work.betas.extend(values)
        elif label != "words":
            target = {
                "fandom": work.fandoms, "relationship": work.relationships,
                "character": work.characters, "warning": work.warnings, "tag": work.tags,
            }[label]  # fmt: skip
            target.extend(values)
        return True

    def _split_sections(self, units: list[_Unit]) -> list[_Section]:
        sections = [_Section(heading_title=None)]
        headed = False
        for unit in units:
            is_heading, title = conventions.chapter_heading(unit.text)
            if is_heading:
                if headed or _has_story(sections[-1].units):
                    sections.append(_Section(heading_title=title))
                else:
                    sections[-1].heading_title = title
                headed = True
            else:
                sections[-1].units.append(unit)
        return sections

    def _read_chapter(self, section: _Section) -> ParsedChapter:
        units = list(section.units)
        chapter = ParsedChapter(title=section.heading_title)
        # Leading notes (and a separator closing them).
        while units:
            text = units[0].text
            if (note := conventions.note_body(text)) is not None:
                chapter.notes_begin = _join_notes(chapter.notes_begin, note)
            elif not conventions.is_scene_break(text):
                break
            units.pop(0)
        # Trailing notes: from the last note that follows the story, to the end.
        for position in range(len(units) - 1, -1, -1):
            note = conventions.note_body(units[position].text)
            if note is not None and _has_story(units[:position]):
                tail = [note] + [u.text for u in units[position + 1 :]]
                chapter.notes_end = "\n\n".join(t for t in tail if t)
                units = units[:position]
                break
        blocks: list[Block] = []
        for unit in units:
            if conventions.is_scene_break(unit.text):
                if blocks and blocks[-1].type != "scene_break":
                    blocks.append(Block.scene_break())
            else:
                blocks.append(Block.paragraph(unit.text))
        while blocks and (
            blocks[-1].type == "scene_break" or conventions.is_sign_off(blocks[-1].text)
        ):
            blocks.pop()
        chapter.blocks = blocks
        return chapter


def _has_story(units: list[_Unit]) -> bool:
    return any(
        not conventions.is_scene_break(u.text) and conventions.note_body(u.text) is None
        for u in units
    )


def _looks_like_title(text: str, units: list[_Unit]) -> bool:
    """A short first line with no sentence punctuation, followed by more text."""
    return len(units) > 1 and len(text) <= 120 and not text.endswith((".", "!", "?", '"', "”"))


def _join_notes(first: str | None, second: str | None) -> str | None:
    parts = [part for part in (first, second) if part]
    return "\n\n".join(parts) if parts else None


def _betas(work: ParsedWork) -> list[str]:
    names = list(work.betas)
    notes = [work.notes_begin, work.notes_end]
    for chapter in work.chapters:
        notes += [chapter.notes_begin, chapter.notes_end]
    for note in notes:
        for name in conventions.beta_names(note or ""):
            if name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
    return names
