"""Archive of Our Own's TXT downloads: a text rendering of its HTML download.

Renderings differ: values indented under their labels or set on their own lines, a
"Preface" heading or none, Windows line endings. What they share is the order (the
"Posted originally on" line, the labelled tags, the title and byline, Summary and Notes,
the chapters with their own notes, the Afterword) and AO3's own labels, which are read
wherever they sit.
"""

from __future__ import annotations

import re

from ficarchive.formats import ao3, conventions, structure
from ficarchive.formats.errors import FormatError
from ficarchive.formats.model import ParsedChapter, ParsedWork

_POSTED = re.compile(r"^Posted originally on the .{0,60}? at (?P<url>\S+?)\.?\s*$", re.MULTILINE)
_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z ]{1,30}):\s*(?P<value>.*)$")
_META_LABELS = {*ao3.AO3_FIELDS, "stats", "series", "collections"}
_WORK_BLOCKS = {"Summary", "Notes"}
_CHAPTER_BLOCKS = {"Chapter Summary", "Chapter Notes", "Chapter End Notes", "End Notes"}
_AFTERWORD = {"Afterword"}


def is_ao3_download(text: str) -> bool:
    return bool(_POSTED.search(text[:2000]))


def _meta_label(line: str) -> re.Match[str] | None:
    match = _LABEL.match(line.strip())
    return match if match and match["label"].casefold() in _META_LABELS else None


def _is_boundary(line: str) -> bool:
    """A line that starts something else: a block's heading or a chapter's."""
    stripped = line.strip()
    return stripped in _WORK_BLOCKS | _CHAPTER_BLOCKS | _AFTERWORD or (
        conventions.chapter_heading(stripped)[0] and not line.startswith((" ", "\t"))
    )


def _block(lines: list[str], start: int, *, to_next_heading: bool = False) -> tuple[str, int]:
    """A block's paragraphs from `start`, and where it ends. Indented renderings mark the
    block by indentation; flat ones end it at the next heading (end notes, which run to the
    next chapter) or after its first paragraph (anything else: the text follows at once)."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    indented = index < len(lines) and lines[index][:1] in {" ", "\t"}
    paragraphs: list[list[str]] = [[]]
    while index < len(lines):
        line = lines[index]
        if indented and line.strip() and line[:1] not in {" ", "\t"}:
            break
        if not indented and _is_boundary(line):
            break
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            if not indented and not to_next_heading and not _jump_link_follows(lines, index):
                break  # a flat block is one paragraph, and the jump link that may close it
            paragraphs.append([])
        index += 1
    texts = [" ".join(p) for p in paragraphs if p]
    return "\n\n".join(t for t in texts if not ao3.is_jump_link(t)), index


def _jump_link_follows(lines: list[str], index: int) -> bool:
    following = next((line for line in lines[index:] if line.strip()), "")
    return ao3.is_jump_link(following)


def parse(text: str, *, fallback_title: str) -> ParsedWork:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    posted = _POSTED.search(text)
    work = ParsedWork(
        title="", source_format="text", chapters=[], source_site="archiveofourown.org"
    )
    if posted:
        work.source_url = posted["url"].rstrip(".")
    before = text[: posted.start()].split("\n") if posted else []
    work.title = next((line.strip() for line in reversed(before) if line.strip()), "")
    index = text[: posted.end()].count("\n") + 1 if posted else 0
    index = _read_meta(lines, index, work)
    # Summary and Notes under the byline, until the first chapter or the text.
    while index < len(lines):
        stripped = lines[index].strip()
        if stripped in _WORK_BLOCKS:
            value, index = _block(lines, index + 1)
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


def _read_meta(lines: list[str], index: int, work: ParsedWork) -> int:
    """The labelled tags (each value under its label, indented or not), then the title and
    byline; returns where the byline ends."""
    fields: list[tuple[str, list[str]]] = []
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if stripped.startswith("by ") and not line.startswith((" ", "\t")) and fields:
            work.creators = [c.strip() for c in stripped[3:].split(",") if c.strip()]
            # The title stands above the byline too (a flat rendering reads it as one more
            # line of the last tag): the one to trust when none led the file.
            last_values = fields[-1][1]
            above = max(i for i in range(index) if lines[i].strip())
            if (
                last_values
                and last_values[-1] == lines[above].strip()
                and above > 0
                and not lines[above - 1].strip()
                and not _meta_label(lines[above])
            ):
                work.title = work.title or last_values.pop()
            index += 1
            break
        if match := _meta_label(line):
            fields.append((match["label"], [match["value"]] if match["value"] else []))
        elif stripped and fields:
            fields[-1][1].append(stripped)
        index += 1
    for label, values in fields:
        value = " ".join(values)
        if label == "Stats":
            ao3.apply_stats(work, value)
        elif label.casefold() in ao3.AO3_FIELDS:
            ao3.apply_ao3_field(work, label, value.split(", "))
    return index


def _drawn_breaks(text: str) -> str:
    """The rendering draws a <hr> as a wider gap: where paragraphs are one blank line apart,
    two or more blank lines between them are a scene break."""
    if not re.search(r"\S\n[ \t]*\n[ \t]*\S", text):
        return text
    return re.sub(r"(?<=\S)[ \t]*(?:\n[ \t]*){4,}(?=\S)", "\n\n* * *\n\n", text)


def _read_chapters(lines: list[str], work: ParsedWork) -> None:
    chapter: ParsedChapter | None = None
    body: list[str] = []

    def close() -> None:
        if chapter is not None:
            units = structure.split_units(_drawn_breaks("\n".join(body)))
            read = structure.read_chapter(structure.drop_chrome(units), chapter.title)
            read.notes_begin, read.notes_end = chapter.notes_begin, chapter.notes_end
            read.summary = chapter.summary
            work.chapters.append(read)

    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        is_heading, title = conventions.chapter_heading(stripped)
        if is_heading and not line.startswith((" ", "\t")):
            close()
            chapter, body = ParsedChapter(title=title), []
        elif stripped in _CHAPTER_BLOCKS:
            ending = stripped in {"Chapter End Notes", "End Notes"}
            value, index = _block(lines, index + 1, to_next_heading=ending)
            if stripped == "End Notes":
                work.notes_end = value or None
            elif chapter is not None and value:
                if stripped == "Chapter End Notes":
                    chapter.notes_end = value
                elif stripped == "Chapter Notes":
                    chapter.notes_begin = value
                elif stripped == "Chapter Summary":
                    chapter.summary = value
            continue
        elif stripped in _AFTERWORD:
            close()
            chapter = None
        else:
            if chapter is None and stripped and not work.chapters:
                chapter, body = ParsedChapter(), []  # a one-chapter work has no heading
            if chapter is not None:
                body.append(line)
        index += 1
    close()
