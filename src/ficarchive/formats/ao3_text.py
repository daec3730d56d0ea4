"""Archive of Our Own's TXT downloads: a text rendering of its HTML download."""

from __future__ import annotations

import re

from ficarchive.formats import ao3, conventions, structure
from ficarchive.formats.errors import FormatError
from ficarchive.formats.model import ParsedChapter, ParsedWork

_POSTED = re.compile(r"^Posted originally on the .{0,60}? at (?P<url>\S+?)\.?\s*$", re.MULTILINE)
_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z ]{1,30}):\s*(?P<value>.*)$")


def is_ao3_download(text: str) -> bool:
    return bool(_POSTED.search(text[:2000]))


def _indented_block(lines: list[str], start: int) -> tuple[str, int]:
    """The indented (or blank) lines from `start`, as paragraphs; and where they end."""
    paragraphs: list[list[str]] = [[]]
    index = start
    while index < len(lines) and (not lines[index].strip() or lines[index][:1] in {" ", "\t"}):
        line = lines[index].strip()
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
        index += 1
    texts = [" ".join(p) for p in paragraphs if p]
    return "\n\n".join(t for t in texts if not ao3.is_jump_link(t)), index


def parse(text: str, *, fallback_title: str) -> ParsedWork:
    lines = text.split("\n")
    posted = _POSTED.search(text)
    work = ParsedWork(
        title="", source_format="text", chapters=[], source_site="archiveofourown.org"
    )
    if posted:
        work.source_url = posted["url"].rstrip(".")
    before = text[: posted.start()].split("\n") if posted else []
    work.title = next((line.strip() for line in reversed(before) if line.strip()), "")
    index = 0
    # The meta block: "Label:" lines, each followed by its indented value.
    while index < len(lines):
        line = lines[index]
        if line.strip().startswith("by ") and index > 2 and not line.startswith(" "):
            work.creators = [c.strip() for c in line.strip()[3:].split(",") if c.strip()]
            # The title stands above the byline too: the one to trust when none led the file.
            above = [candidate.strip() for candidate in lines[:index] if candidate.strip()]
            if not work.title and above and not _LABEL.match(above[-1]):
                work.title = above[-1]
            index += 1
            break
        match = _LABEL.match(line)
        if match:
            value, index = _indented_block(lines, index + 1)
            value = " ".join([match["value"], value]).strip()
            if match["label"] == "Stats":
                ao3.apply_stats(work, value)
            else:
                ao3.apply_ao3_field(work, match["label"], value.split(", "))
            continue
        index += 1
    # Summary and Notes under the byline, until the first chapter or the text.
    while index < len(lines):
        stripped = lines[index].strip()
        if stripped in {"Summary", "Notes"}:
            value, index = _indented_block(lines, index + 1)
            if stripped == "Summary":
                work.summary = value or None
            else:
                work.notes_begin = value or None
            continue
        if stripped:
            break
        index += 1
    _read_chapters(lines[index:], work)
    if not any(chapter.blocks for chapter in work.chapters):
        raise FormatError("no story text found")
    return structure.finish(work, fallback_title=fallback_title)


def _read_chapters(lines: list[str], work: ParsedWork) -> None:
    chapter: ParsedChapter | None = None
    body: list[str] = []

    def close() -> None:
        if chapter is not None:
            units = structure.split_units("\n".join(body))
            read = structure.read_chapter(structure.drop_chrome(units), chapter.title)
            read.notes_begin, read.notes_end = chapter.notes_begin, chapter.notes_end
            work.chapters.append(read)

    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        is_heading, title = conventions.chapter_heading(stripped)
        if is_heading and not line.startswith(" "):
            close()
            chapter, body = ParsedChapter(title=title), []
        elif stripped in {"Chapter Summary", "Chapter Notes", "Chapter End Notes", "End Notes"}:
            value, index = _indented_block(lines, index + 1)
            if stripped == "End Notes":
                work.notes_end = value or None
            elif chapter is not None and value:
                if stripped == "Chapter End Notes":
                    chapter.notes_end = value
                elif stripped == "Chapter Notes":
                    chapter.notes_begin = value
            continue
        elif stripped == "Afterword":
            close()
            chapter = None
        else:
            if chapter is None and stripped and not work.chapters:
                chapter, body = ParsedChapter(), []  # a one-chapter work has no heading
            if chapter is not None:
                body.append(line)
        index += 1
    close()
