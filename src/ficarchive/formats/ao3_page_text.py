"""An AO3 work or chapter page copied or saved as text, the site around the work included.

The page reads: the site's menus, the work's navigation, the tag block ("Rating:",
"Archive Warning:", … "Stats:", each value under its label), the title, the creators,
"Summary:" and "Notes:" blocks, then each chapter ("Chapter 2: Title", its own "Summary:"
and "Notes:", the landmark "Chapter Text", the text, end "Notes:"), or "Work Text:" for a
one-chapter work, and the page's actions, kudos and comments below. The tag block and the
landmarks identify such a page; everything else is found relative to them.
"""

from __future__ import annotations

import re

from ficarchive.formats import ao3, conventions, fields, structure
from ficarchive.formats.model import ParsedChapter, ParsedWork

_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z ]{1,30}):\s*(?P<value>.*)$")
_TAG_LABELS = {*ao3.AO3_FIELDS, "stats", "series", "collections"}
_TEXT_LANDMARKS = {"chapter text", "work text:", "work text"}
_BLOCKS = {"summary:", "notes:", "chapter summary:", "chapter notes:", "end notes:"}
# Where the page around the work begins again below it.
_PAGE_FOOT = {
    "actions", "kudos", "comments", "top", "share", "bookmark", "← previous chapter",
    "next chapter →", "entire work", "footer", "kudos ♥", "comment", "(comments)",
}  # fmt: skip


def _is_tag_label(line: str) -> bool:
    match = _LABEL.match(line.strip())
    return bool(match) and match["label"].casefold() in _TAG_LABELS  # type: ignore[index]


def is_ao3_page_text(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n")[:400]]
    labels = sum(1 for line in lines if _is_tag_label(line))
    landmark = any(line.casefold() in _TEXT_LANDMARKS for line in lines)
    return labels >= 3 and landmark and any(line.startswith("Stats:") for line in lines)


def parse(text: str, *, fallback_title: str) -> ParsedWork:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    work = ParsedWork(
        title="", source_format="text", chapters=[], source_site="archiveofourown.org"
    )
    index = _read_tags(lines, work)
    heads = [line.strip() for line in lines[index:] if line.strip()]
    # The title, then the creators, stand between the tags and the first block or chapter.
    cursor = 0
    if cursor < len(heads) and not _is_boundary(heads[cursor]):
        work.title, cursor = heads[cursor], cursor + 1
    if cursor < len(heads) and not _is_boundary(heads[cursor]):
        names = heads[cursor].removeprefix("by ")
        work.creators = [name.strip() for name in names.split(",") if name.strip()]
        cursor += 1
    _read_sections(heads[cursor:], work)
    if len(work.chapters) == 1 and (work.story_chapters or 0) > 1:
        work.chapter_number = _chapter_number(heads)  # one chapter's page of a longer work
    return structure.finish(work, fallback_title=fallback_title)


def _read_tags(lines: list[str], work: ParsedWork) -> int:
    """The tag block, each value on the lines under its label; returns where it ends."""
    start = next(i for i, line in enumerate(lines) if _is_tag_label(line))
    found: list[tuple[str, list[str]]] = []
    index = start
    while index < len(lines):
        line = lines[index].strip()
        match = _LABEL.match(line)
        if match and match["label"].casefold() in _TAG_LABELS:
            found.append((match["label"], [match["value"]] if match["value"] else []))
        elif line and found and found[-1][0] == "Stats" and found[-1][1]:
            break  # the stats are one line: the title follows them
        elif line and found:
            found[-1][1].append(line)
        index += 1
    for label, values in found:
        value = " ".join(values)
        if label == "Stats":
            ao3.apply_stats(work, value)
        else:
            ao3.apply_ao3_field(work, label, [v.strip() for v in value.split(", ")])
    return index


def _is_boundary(line: str) -> bool:
    lowered = line.casefold()
    return (
        lowered in _BLOCKS
        or lowered in _TEXT_LANDMARKS
        or conventions.chapter_heading(line)[0]
        or lowered in _PAGE_FOOT
    )


def _chapter_number(heads: list[str]) -> int | None:
    for line in heads:
        if conventions.chapter_heading(line)[0]:
            digits = re.search(r"\d+", line)
            return int(digits[0]) if digits else None
    return None


def _read_sections(heads: list[str], work: ParsedWork) -> None:
    """Summary and notes of the work, then each chapter's own, its text and end notes."""
    chapter: ParsedChapter | None = None
    body: list[str] | None = None
    block: str | None = None
    values: list[str] = []

    def close_block() -> None:
        nonlocal block, values
        kept = [v for v in values if not ao3.is_jump_link(v)]
        text = "\n\n".join(kept) or None
        if block == "summary:" and chapter is None:
            work.summary = work.summary or text
        elif block == "notes:" and chapter is None:
            work.notes_begin = work.notes_begin or text
        elif block in {"notes:", "chapter notes:"} and chapter is not None:
            if body is None:
                chapter.notes_begin = fields.join_notes(chapter.notes_begin, text)
            else:
                chapter.notes_end = fields.join_notes(chapter.notes_end, text)
        elif block == "chapter summary:" and chapter is not None:
            chapter.summary = fields.join_notes(chapter.summary, text)
        elif block == "end notes:":
            work.notes_end = text
        block, values = None, []

    def close_chapter() -> None:
        nonlocal chapter, body
        if chapter is not None and body is not None:
            read = structure.read_chapter(structure.drop_chrome([structure.Unit(b) for b in body]))
            read.title = chapter.title
            read.notes_begin, read.notes_end = chapter.notes_begin, chapter.notes_end
            read.summary = chapter.summary
            work.chapters.append(read)
        chapter, body = None, None

    for line in heads:
        lowered = line.casefold()
        heading, title = conventions.chapter_heading(line)
        if lowered in _PAGE_FOOT:
            close_block()
            if body is not None:
                close_chapter()
            if work.chapters:
                break
        elif heading:
            close_block()
            close_chapter()
            chapter = ParsedChapter(title=title)
        elif lowered in _BLOCKS:
            close_block()
            if lowered == "chapter summary:" or (lowered == "summary:" and chapter):
                block = "chapter summary:"
            else:
                block = lowered
        elif lowered in _TEXT_LANDMARKS:
            close_block()
            chapter = chapter or ParsedChapter()
            body = []
        elif block is not None:
            values.append(line)
        elif body is not None:
            body.append(line)
    close_block()
    close_chapter()
