"""eFiction 3.x story pages and printable views, copied from the browser or saved as text.

Top to bottom such a page reads: the archive's name and menu; "Title by Author"; on a story
page the links under it ("[Reviews - 4]", "Printer", "Table of Contents"); the story block's
labelled fields, several to a line ("Categories: X Characters: Y"); "Story Notes:" and the
notes; then each chapter under its heading ("N. Title by Author" in the printable view,
"Title by Author" on many story pages), with "Author's Chapter Notes:" above the text and
"(Chapter) End Notes:" below it; the page's navigation; "This story archived at <url>"
and the archive's footer. The story block is what identifies such a page.
"""

from __future__ import annotations

import re

from ficarchive.formats import chrome, efiction, fields, structure
from ficarchive.formats.errors import FormatError
from ficarchive.formats.model import ParsedChapter, ParsedWork

_TITLE_BY = re.compile(r"^(?P<title>\S.{0,200}?)\s+by\s+(?P<authors>\S.{0,120})$")
# A chapter's heading title and number, and the lines under it.
_Section = tuple[str | None, int | None, list[str]]
_OPTION = re.compile(r"^(?P<number>\d{1,4})\.\s+\S.{0,150}$")
_SELECTED_CHAPTER = re.compile(r"^(?:chapter\s+)?(\d{1,4})\b.*[▼▾]", re.IGNORECASE)


def _field_lines(lines: list[str]) -> tuple[int, int] | None:
    """(first, end) of the story block: field lines, blank lines among them, and the lines
    continuing a summary."""
    start = next((i for i, line in enumerate(lines[:120]) if efiction.split_fields(line)), None)
    if start is None:
        return None
    end = start
    index = start
    while index < len(lines):
        line = lines[index].strip()
        if efiction.split_fields(line) or (line and lines[end - 1].rstrip().endswith(":")):
            end = index + 1  # a field line, or the value a wrapped field line left below it
        elif line and not (
            index == end and efiction.split_fields(lines[end - 1])[-1][0] == "summary"
        ):
            break
        elif line:
            end = index + 1  # the summary goes on
        index += 1
    return start, end


def _unwrapped(lines: list[str]) -> list[str]:
    """The story block's lines, with a value the browser wrapped below its label joined back
    ("Published:" / "04/11/2008 Updated: 05/02/2008")."""
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].rstrip().endswith(":") and line.strip():
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def is_efiction_text(text: str) -> bool:
    lines = text.split("\n")[:120]
    labels = {label for line in lines for label, _ in efiction.split_fields(line)}
    block = labels & efiction.STORY_BLOCK
    if {"completed", "word count"} <= labels and len(block) >= 5:
        return True
    return bool(efiction.ARCHIVED_AT.search(text)) and len(block) >= 3


def parse(text: str, *, fallback_title: str) -> ParsedWork:
    lines = [line.rstrip() for line in text.split("\n")]
    span = _field_lines(lines)
    assert span is not None, "callers check is_efiction_text first"
    start, end = span
    work = ParsedWork(title="", source_format="text", chapters=[])
    _read_title(lines[:start], work)
    pairs: list[tuple[str, str]] = []
    for line in _unwrapped(lines[start:end]):
        found = efiction.split_fields(line)
        if found:
            pairs.extend(found)
        elif line.strip() and pairs:
            # A summary running over several lines.
            pairs[-1] = (pairs[-1][0], f"{pairs[-1][1]} {line.strip()}")
    story_chapters = efiction.apply_fields(work, pairs)
    rest = _without_footer(lines[end:], work)
    sections = _sections(rest, work)
    hints = [line.strip() for line in rest if efiction.is_navigation(line)]
    for heading, number, body in sections:
        chapter = _chapter(body, heading, work)
        if chapter.blocks or chapter.notes_begin or chapter.notes_end:
            work.chapters.append(chapter)
            if number is not None and len(sections) == 1:
                work.chapter_number = number
    if not any(chapter.blocks for chapter in work.chapters):
        raise FormatError("no story text found")
    work.notes_begin, disclaimer = efiction.split_disclaimer(work.notes_begin)
    work.disclaimer = fields.join_notes(disclaimer, work.disclaimer)
    _place_the_chapter(work, story_chapters, hints)
    return structure.finish(work, fallback_title=fallback_title)


def _read_title(above: list[str], work: ParsedWork) -> None:
    """The last "Title by Author" line above the story block (the archive's name and menu
    come first)."""
    for line in reversed(above):
        match = _TITLE_BY.match(" ".join(line.split()))
        if match and not efiction.is_navigation(line):
            work.title = match["title"].strip()
            work.creators = [name.strip() for name in match["authors"].split(", ")]
            return


def _without_footer(lines: list[str], work: ParsedWork) -> list[str]:
    """The lines above "This story archived at <url>" (or the footer), keeping the url."""
    for index, line in enumerate(lines):
        # The browser may have wrapped the address onto the next line.
        archived = efiction.ARCHIVED_AT.search(" ".join(lines[index : index + 2]))
        if archived and not efiction.ARCHIVED_AT.search(line) and "archived" not in line:
            archived = None
        if archived or efiction.POWERED_BY.search(line):
            if archived:
                work.source_url = archived["url"]
                work.source_site = efiction.source_site(work.source_url)
            return lines[:index]
    return lines


def _heading(line: str, work: ParsedWork) -> tuple[str | None, int | None] | None:
    """(title, number) when the line is a chapter's heading."""
    text = " ".join(line.split())
    if len(text) > 250:
        return None
    if efiction.NUMBERED_HEADING.match(text) or (
        len(text) <= 150 and any(text.endswith(f" by {author}") for author in work.creators)
    ):
        return efiction.chapter_title(text, work.creators)
    return None


def _sections(lines: list[str], work: ParsedWork) -> list[_Section]:
    """The story notes off the top (onto the work), then the lines under each heading.
    The printable view's chapter index ("1. Title by Author" lines together) is no chapter."""
    lines, selected = _without_jump_menu(lines, work)
    headed = [(index, _heading(line, work)) for index, line in enumerate(lines)]
    headings = [(index, found) for index, found in headed if found is not None]
    first_heading = headings[0][0] if headings else len(lines)
    top = lines[:first_heading]
    top = _story_notes(top, work, headed=bool(headings))
    sections: list[_Section] = []
    if any(line.strip() for line in top):
        sections.append((*(selected or (None, None)), top))
    for position, (index, (title, number)) in enumerate(headings):
        stop = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        body = lines[index + 1 : stop]
        if any(line.strip() for line in body):
            sections.append((title, number, body))
    return sections


def _without_jump_menu(
    lines: list[str], work: ParsedWork
) -> tuple[list[str], tuple[str | None, int | None] | None]:
    """The chapter select above a story page's notes and text, as copied: its options one
    to a line ("1. Title", numbered from 1), or the chosen one alone ("2. Title ▼"). Gone
    from the lines; the chosen chapter's title and number, when the menu shows it."""
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    run = start
    while run < len(lines) and _OPTION.match(lines[run].strip()):
        run += 1
    options = [_OPTION.match(line.strip()) for line in lines[start:run]]
    numbers = [int(m["number"]) for m in options if m]
    if len(numbers) > 1 and numbers == list(range(1, len(numbers) + 1)):
        return lines[run:], None
    alone = run == len(lines) or not lines[run].strip()
    if len(numbers) == 1 and alone and _heading(lines[start], work) is None:
        return lines[run:], efiction.chapter_title(lines[start].strip(" ▼▾"), [])
    return lines, None


def _paragraphs(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(line.strip())
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _story_notes(top: list[str], work: ParsedWork, *, headed: bool) -> list[str]:
    """Take "Story Notes:" off the top: up to the first heading when one follows, else its
    first paragraph (the chapter's text comes next, with nothing to mark where)."""
    for index, line in enumerate(top):
        if not line.strip():
            continue
        match = efiction.STORY_NOTES.match(line.strip())
        if not match:
            return top
        after = [line.strip()[match.end() :], *top[index + 1 :]]
        paragraphs = _paragraphs(after)
        taken = paragraphs if headed else paragraphs[:1]
        if headed:
            # Chapter notes or text may still stand above a heading-less first chapter.
            for cut, paragraph in enumerate(paragraphs):
                if efiction.BEGIN_NOTES.match(paragraph[0]):
                    taken = paragraphs[:cut]
                    break
        note = "\n\n".join(" ".join(p) for p in taken)
        work.notes_begin = fields.join_notes(work.notes_begin, note)
        remaining = paragraphs[len(taken) :]
        return [line for paragraph in remaining for line in [*paragraph, ""]]
    return top


def _chapter(lines: list[str], title: str | None, work: ParsedWork) -> ParsedChapter:
    """Notes above and below the text, the page's navigation and disclaimer off its end."""
    paragraphs = _paragraphs(lines)
    while paragraphs and (
        efiction.is_navigation(" ".join(paragraphs[-1]))
        or chrome.is_site_chrome(" ".join(paragraphs[-1]))
    ):
        paragraphs.pop()
    while paragraphs and (disclaimer := _disclaimer(paragraphs[-1])) is not None:
        work.disclaimer = fields.join_notes(disclaimer, work.disclaimer)
        paragraphs.pop()
    begin: str | None = None
    if paragraphs and (match := efiction.BEGIN_NOTES.match(paragraphs[0][0])):
        first = [paragraphs[0][0][match.end() :], *paragraphs[0][1:]]
        if not " ".join(first).strip() and len(paragraphs) > 1:
            first = paragraphs.pop(1)  # the label on its own line, the note below it
        begin = " ".join(" ".join(first).split()) or None
        paragraphs.pop(0)
    end: str | None = None
    for index in range(len(paragraphs) - 1, -1, -1):
        if match := efiction.END_NOTES.match(paragraphs[index][0]):
            note = [paragraphs[index][0][match.end() :], *paragraphs[index][1:]]
            tail = [" ".join(note), *(" ".join(p) for p in paragraphs[index + 1 :])]
            end = "\n\n".join(" ".join(t.split()) for t in tail if t.strip()) or None
            paragraphs = paragraphs[:index]
            break
    units = [
        structure.Unit("* * *") if efiction.is_ornament(unit.text) else unit
        for unit in structure.split_units("\n\n".join("\n".join(p) for p in paragraphs))
    ]
    chapter = structure.read_chapter(structure.drop_chrome(units), title)
    chapter.notes_begin = fields.join_notes(begin, chapter.notes_begin)
    chapter.notes_end = fields.join_notes(chapter.notes_end, end)
    return chapter


def _disclaimer(paragraph: list[str]) -> str | None:
    text = " ".join(paragraph)
    match = re.match(r"^\s*disclaimer\s*:\s*", text, re.IGNORECASE)
    return text[match.end() :].strip() or None if match else None


def _place_the_chapter(work: ParsedWork, story_chapters: int | None, hints: list[str]) -> None:
    """A page showing one chapter of several: which one, from its heading's number, else the
    jump menu as copied ("Chapter 2 ▼"), else the Previous and Next links alone."""
    if len(work.chapters) != 1 or not story_chapters or story_chapters <= 1:
        work.chapter_number = None
        return
    number = work.chapter_number
    for hint in hints:
        if number is None and (selected := _SELECTED_CHAPTER.match(hint)):
            number = int(selected[1])
    words = {word.casefold() for hint in hints for word in re.findall(r"[A-Za-z]+", hint)}
    if number is None and "next" in words and not words & {"previous", "prev"}:
        number = 1
    elif number is None and words & {"previous", "prev"} and "next" not in words:
        number = story_chapters
    if number is not None:
        work.chapter_number, work.story_chapters = number, story_chapters
