"""FanFicFare's TXT downloads: its title page as 'Label: value' lines, a table of contents,
then each chapter under its title indented by spaces, the text wrapped at 78 columns with
html2text's _emphasis_, and "End file." at the very end."""

from __future__ import annotations

import re

from ficarchive.formats import conventions, structure
from ficarchive.formats.html import fanficfare
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.rich import MARKS

_BY = re.compile(r"^by\s+(?P<authors>\S.*)$")
_LABEL_LINE = re.compile(r"^[A-Z][A-Za-z ]{1,24}:\s")
_CHAPTER_TITLE = re.compile(r"^[ \t]{4,}(?P<title>\S.{0,200})$")
_EMPHASIS = re.compile(r"(?<![\w_])_(?=\S)(?P<text>[^_\n]+?)(?<=\S)_(?![\w_])")
_SPACE_BEFORE_PUNCTUATION = re.compile(f"({MARKS['em'][1]}) (?=[,.;:!?’”)\\]])")
_END = "End file."
# Labels its title page always has, whatever the story's site; four or more mark the file.
_KNOWN_LABELS = {
    "category", "genre", "language", "characters", "relationships", "status", "published",
    "updated", "packaged", "rating", "chapters", "words", "publisher", "story url",
    "author url", "summary", "series", "warnings",
}  # fmt: skip


def _start(lines: list[str]) -> tuple[int, int] | None:
    """(title's first line, byline) when the text opens like FanFicFare's title page (a long
    title wraps over a few lines above the byline)."""
    nonblank = [i for i, line in enumerate(lines[:40]) if line.strip()]
    by = next(
        (n for n in range(1, min(4, len(nonblank))) if _BY.match(lines[nonblank[n]].strip())), None
    )
    if by is None or len(nonblank) < by + 5:
        return None
    labels = {
        lines[i].split(":", 1)[0].strip().casefold()
        for i in nonblank[by + 1 : 40]
        if _LABEL_LINE.match(lines[i])
    }
    return (nonblank[0], nonblank[by]) if len(labels & _KNOWN_LABELS) >= 4 else None


def is_fanficfare_text(text: str) -> bool:
    return _start(text.split("\n")) is not None


def parse(text: str, *, fallback_title: str) -> ParsedWork:
    lines = text.split("\n")
    start = _start(lines)
    assert start is not None, "callers check is_fanficfare_text first"
    title_at, by_at = start
    title = " ".join(line.strip() for line in lines[title_at:by_at] if line.strip())
    work = ParsedWork(title=title, source_format="text", chapters=[])
    authors = _BY.match(lines[by_at].strip())["authors"]  # type: ignore[index]
    work.creators = [name.strip() for name in re.split(r",\s*|\s+and\s+", authors) if name]
    index = _read_fields(lines, by_at + 1, work)
    toc: list[str] = []
    while index < len(lines) and not _CHAPTER_TITLE.match(lines[index]):
        line = lines[index].strip()
        if line and line != "TABLE OF CONTENTS":
            toc.append(line)
        index += 1
    sections: list[tuple[str, list[str]]] = []
    after_heading = False
    for line in lines[index:]:
        heading = _CHAPTER_TITLE.match(line)
        if heading and (not toc or heading["title"].strip() in toc or not sections):
            sections.append((heading["title"].strip(), []))
            after_heading = True
        elif after_heading and line.strip():
            # A long chapter title wraps onto the next line (its text starts after a gap).
            title, body = sections[-1]
            sections[-1] = (f"{title} {line.strip()}", body)
        elif sections:
            after_heading = False
            sections[-1][1].append(line)
    for number, (title, body) in enumerate(sections, start=1):
        if number == len(sections):
            body = _without_end(body)
        units = structure.drop_chrome(structure.split_units(_emphasis("\n".join(body))))
        title = conventions.strip_numbering(title)
        if len(sections) == 1 and title == work.title:
            title = ""
        work.chapters.append(structure.read_chapter(units, title or None))
    return structure.finish(work, fallback_title=fallback_title)


def _read_fields(lines: list[str], index: int, work: ParsedWork) -> int:
    """The title page's fields (a long value wraps onto the lines below); where they end."""
    fields: list[str] = []
    while index < len(lines):
        line = lines[index]
        if line.strip() == "TABLE OF CONTENTS" or _CHAPTER_TITLE.match(line):
            break
        if _LABEL_LINE.match(line):
            fields.append(line.strip())
        elif line.strip() and fields:
            fields[-1] += " " + line.strip()
        elif not line.strip() and fields and index + 1 < len(lines):
            # Fields end at the first blank line after them that no field follows.
            following = next((later for later in lines[index + 1 :] if later.strip()), "")
            if not _LABEL_LINE.match(following):
                index += 1
                break
        index += 1
    for field in fields:
        fanficfare.apply_title_page_field(field, work)
    return index


def _without_end(body: list[str]) -> list[str]:
    """The last chapter without FanFicFare's closing "End file."."""
    for position in range(len(body) - 1, -1, -1):
        if body[position].strip():
            return body[:position] if body[position].strip() == _END else body
    return body


def _emphasis(text: str) -> str:
    """html2text's _italic_ back to emphasis, and the space it leaves before punctuation."""
    opening, closing = MARKS["em"]
    marked = _EMPHASIS.sub(lambda m: f"{opening}{m['text']}{closing}", text)
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", marked)
