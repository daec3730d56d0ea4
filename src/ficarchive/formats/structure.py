"""From paragraphs to a work: header, notes, chapters and scene breaks, for every format.

Every parser reduces its source to text with blank lines between paragraphs (HTML and
EPUB through `flow.py`), or to units directly; this module then finds what a careful
human would: the title line, labelled fields, disclaimers, author's notes, chapter
headings, scene breaks and sign-offs, and what is left is the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficarchive.formats import conventions
from ficarchive.formats.chrome import is_feedback_request, is_part_pointer, is_site_chrome
from ficarchive.formats.fields import (
    apply_field,
    header_label,
    join_notes,
    split_values,
    status_from,
)
from ficarchive.formats.model import Block, ParsedChapter, ParsedWork, Status
from ficarchive.formats.rich import LINE_BREAK, plain

_MORE_TO_COME = re.compile(r"\btbc\b|continued", re.IGNORECASE)
_FACT_SEPARATOR = re.compile(r"\s+[·•|]\s+")
_RATED = re.compile(
    r"^(?:(?:rated|rating:?)\s+(?P<rating>\S.{0,20})|(?P<code>G|PG|PG-?13|R|NC-?17|K\+?|MA))$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_TITLE_BY_AUTHOR = re.compile(r"^(?P<title>\S.{0,200}?)\s+by:?\s+(?P<author>\S.{0,80})$")
_BY_AUTHOR = re.compile(r"^by:?\s+(?P<author>\S.{0,80})$", re.IGNORECASE)


@dataclass
class Unit:
    """One paragraph-sized piece of the source (with emphasis marks), before we know what it is."""

    rich: str
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = plain(self.rich).strip()


@dataclass
class Section:
    heading_title: str | None
    units: list[Unit] = field(default_factory=list)


def is_structural(line: str) -> bool:
    """Lines that stand alone even inside a run of text: breaks, headings, notes, fields."""
    text = plain(line).strip()
    return (
        conventions.is_scene_break(text)
        or conventions.chapter_heading(text)[0]
        or conventions.note_body(text) is not None
        or conventions.disclaimer_body(text) is not None
        or header_label(text) is not None
    )


def split_units(text: str) -> list[Unit]:
    """Paragraphs, whether the text separates them by blank lines or by single newlines."""
    lines = [line.rstrip() for line in text.split("\n")]
    nonblank = sum(1 for line in lines if plain(line).strip())
    blanks = sum(1 for line in lines if not plain(line).strip())
    blank_separated = blanks >= nonblank * 0.3 or (blanks > 0 and _is_wrapped(lines))
    if not blank_separated:
        return [Unit(" ".join(line.split())) for line in lines if plain(line).strip()]
    units: list[Unit] = []
    group: list[str] = []

    def flush() -> None:
        if _is_prose_in_lines(group):
            units.extend(Unit(" ".join(line.split())) for line in group)
        elif group:
            units.append(Unit(" ".join(" ".join(group).split())))
        group.clear()

    for line in lines:
        if not plain(line).strip():
            flush()
        elif is_structural(line) or (group and line[:1] in {" ", "\t"}):
            flush()
            group.append(line)
        else:
            group.append(line)
    flush()
    return [unit for unit in units if unit.text]


# Pages that end each paragraph with a single <br>: lines this long are paragraphs, where
# verse, lyrics and letters break much shorter lines.
_PROSE_LINE = 160


def _is_prose_in_lines(lines: list[str]) -> bool:
    """Several long lines each ended by a <br>: paragraphs, not one paragraph's lines."""
    if len(lines) < 3 or not all(line.endswith(LINE_BREAK) for line in lines[:-1]):
        return False
    return sum(len(plain(line)) for line in lines) / len(lines) >= _PROSE_LINE


_SENTENCE_END = re.compile(r"""[.!?:"”’'»)\]*~-]$""")


def _is_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a fixed width (a browser's "save as text", a mailing list): most of its
    lines stop mid-sentence, where lines that are paragraphs end with one."""
    texts = [plain(line).strip() for line in lines if plain(line).strip()]
    long = [text for text in texts if len(text) >= 50]
    if len(long) < 4 or len(long) < len(texts) / 2:
        return False
    return sum(1 for text in long if not _SENTENCE_END.search(text)) >= len(long) * 0.5


def drop_chrome(units: list[Unit]) -> list[Unit]:
    return [unit for unit in units if not is_site_chrome(unit.text)]


def read_header(units: list[Unit], work: ParsedWork) -> list[Unit]:
    """Consume the title line, labelled fields, disclaimer and leading notes.

    A title taken from a line is a guess that a labelled field overrides: a page headed
    "Tengwa by Tengwa" over "Author: Aoibheann Tillery" is titled "Tengwa by Tengwa".
    """
    units = _header_lines(units)
    lead = _lead_in(units)
    if lead:
        # A line or two before the post's header ("For tidewrack, who asked for …") is a note.
        for unit in units[:lead]:
            work.notes_begin = join_notes(work.notes_begin, unit.text)
        units = units[lead:]
    title_guessed = False
    by_line: str | None = None  # the "Title by Author" line the creators were taken from
    index = 0
    continued = 0  # paragraphs still to read as the rest of an opening note
    while index < len(units):
        text = units[index].text
        label = header_label(text)
        is_note = conventions.note_body(text) is not None or (
            conventions.disclaimer_body(text) is not None
        )
        credit = _TITLE_BY_AUTHOR.match(text) if label is None and not is_note else None
        if index < 3 and not work.title and credit:
            work.title, work.creators = credit["title"].strip(), [credit["author"].strip()]
            title_guessed, by_line = True, text
        elif credit and work.title and credit["title"].strip().casefold() == work.title.casefold():
            work.creators = work.creators or [credit["author"].strip()]  # repeated above the text
        elif (
            work.title
            and (m := _BY_AUTHOR.match(text))
            and ((index < 6 and not work.creators) or _names_one_of(m["author"], work.creators))
        ):
            work.creators = work.creators or [m["author"].strip()]
        elif work.title and text.casefold() == work.title.casefold():
            pass  # the site repeats the title above the text
        elif label is not None and index < 30 and label not in {"note", "disclaimer"}:
            value = text.split(":", 1)[1]
            if label == "title" and title_guessed:
                work.title, title_guessed = "", False
            elif label == "author" and by_line is not None:
                if title_guessed and not _names_one_of(work.creators[0], split_values(value)):
                    work.title = by_line  # its "by" was part of the title, not a credit
                work.creators, by_line = [], None
            apply_field(work, label, value)
        elif (disclaimer := conventions.disclaimer_body(text)) is not None:
            work.disclaimer = join_notes(work.disclaimer, disclaimer)
            continued = max(continued, _leading_notes(units[index:]))
        elif (note := conventions.note_body(text)) is not None:
            work.notes_begin = join_notes(work.notes_begin, note)
            continued = max(continued, _leading_notes(units[index:]))
        elif continued > 0 and not conventions.is_scene_break(text):
            work.notes_begin = join_notes(work.notes_begin, text)
        elif conventions.is_scene_break(text):
            pass  # a separator under the header or a note is not a scene break
        elif work.title and index < 6 and _read_fact_line(text, work):
            pass
        elif index == 0 and not work.title and _looks_like_title(text, units):
            work.title, title_guessed = text, True
        else:
            break
        index += 1
        continued = max(continued - 1, 0)
    return units[index:]


# How far down a post's labelled header may start, and how many fields make one.
_LEAD_IN_UNITS = 3
_HEADER_FIELDS = 3


def _lead_in(units: list[Unit]) -> int:
    """How many paragraphs come before a labelled header that starts a little way down; 0
    when the text starts with its header (or has none)."""
    labelled = [header_label(unit.text) is not None for unit in units[: _LEAD_IN_UNITS + 8]]
    if not labelled or labelled[0]:
        return 0
    for start in range(1, min(_LEAD_IN_UNITS, len(labelled)) + 1):
        if labelled[start] if start < len(labelled) else False:
            run = sum(labelled[start : start + 8])
            if (
                run >= _HEADER_FIELDS
                and not any(
                    _TITLE_BY_AUTHOR.match(unit.text)
                    or _BY_AUTHOR.match(unit.text)
                    or _looks_like_title(unit.text, units)  # a title line above the fields
                    for unit in units[:start]
                )
            ):
                return start
            return 0
    return 0


# "Rating: NC-17 | Pairing: Mulder/Scully | Word count: 4,000": fields on one line.
_FIELD_SEPARATOR = re.compile(r"\s+[|·•]\s+")


def _header_lines(units: list[Unit]) -> list[Unit]:
    """A centred title block drawn with <br>s (title, "by Author", facts) as one unit per
    line, and a line of several labelled fields as one unit per field."""
    for position, unit in enumerate(units[:3]):
        lines = [line for line in unit.rich.split(LINE_BREAK) if plain(line).strip()]
        if len(lines) > 1 and any(_BY_AUTHOR.match(plain(line).strip()) for line in lines[1:]):
            units = [
                *units[:position],
                *(Unit(" ".join(line.split())) for line in lines),
                *units[position + 1 :],
            ]
            break
    split: list[Unit] = []
    for position, unit in enumerate(units):
        pieces = _FIELD_SEPARATOR.split(unit.rich)
        if position < 30 and len(pieces) > 1 and all(header_label(plain(p)) for p in pieces):
            split.extend(Unit(piece.strip()) for piece in pieces)
        else:
            split.append(unit)
    return split


def _names_one_of(name: str, names: list[str]) -> bool:
    return name.strip().casefold() in {n.strip().casefold() for n in names}


def _read_fact_line(text: str, work: ParsedWork) -> bool:
    """A hand-made page's line of facts under the title: "Doctor Who · Ten, Rose · rated G".

    Only a line that names a rating is one; its first other fact is the fandom.
    """
    pieces = [piece.strip() for piece in _FACT_SEPARATOR.split(text)]
    if len(pieces) < 2 or len(text) > 200:
        return False
    ratings = [m["rating"] or m["code"] for piece in pieces if (m := _RATED.match(piece))]
    if not ratings:
        return False
    work.rating = work.rating or ratings[0]
    others = [piece for piece in pieces if not (_RATED.match(piece) or _YEAR.match(piece))]
    for piece in others:
        if len(piece.split()) <= 2 and (status := status_from(piece)):
            work.status = work.status or status  # type: ignore[assignment]
            others.remove(piece)
            break
    if others and not work.fandoms:
        work.fandoms = [others[0]]
    return True


def split_sections(units: list[Unit]) -> list[Section]:
    """Cut the text at chapter headings; text before the first heading is a prologue."""
    sections = [Section(heading_title=None)]
    headed = False
    for unit in units:
        is_heading, title = conventions.chapter_heading(unit.text)
        if is_heading:
            if headed or has_story(sections[-1].units):
                sections.append(Section(heading_title=title))
            else:
                sections[-1].heading_title = title
            headed = True
        else:
            sections[-1].units.append(unit)
    return sections


def read_chapter(units: list[Unit], title: str | None = None) -> ParsedChapter:
    """Notes at either end, scene breaks in between, and the story's paragraphs."""
    units = list(units)
    chapter = ParsedChapter(title=title)
    leading = _leading_notes(units)
    last_kind = "note"
    while units:
        text = units[0].text
        if (note := conventions.note_body(text)) is not None:
            chapter.notes_begin = join_notes(chapter.notes_begin, note)
            last_kind = "note"
        elif (disclaimer := conventions.disclaimer_body(text)) is not None:
            chapter.disclaimer = join_notes(chapter.disclaimer, disclaimer)
            last_kind = "disclaimer"
        elif leading > 0 and not conventions.is_scene_break(text):
            # The rest of a note that runs over several paragraphs, up to its separator.
            if last_kind == "disclaimer":
                chapter.disclaimer = join_notes(chapter.disclaimer, text)
            else:
                chapter.notes_begin = join_notes(chapter.notes_begin, text)
        elif not (conventions.is_scene_break(text) or is_part_pointer(text)):
            break
        units.pop(0)
        leading -= 1
    for position in range(len(units) - 1, -1, -1):
        note = conventions.note_body(units[position].text)
        if note is not None and has_story(units[:position]):
            tail = [note]
            for unit in units[position + 1 :]:
                if (disclaimer := conventions.disclaimer_body(unit.text)) is not None:
                    chapter.disclaimer = join_notes(chapter.disclaimer, disclaimer)
                elif not is_site_chrome(unit.text):
                    tail.append(unit.text)
            chapter.notes_end = "\n\n".join(t for t in tail if t)
            units = units[:position]
            break
    blocks: list[Block] = []
    for unit in units:
        if conventions.is_scene_break(unit.text):
            if blocks and blocks[-1].type != "scene_break":
                blocks.append(Block.scene_break())
        elif not (is_site_chrome(unit.text) or conventions.is_part_end(unit.text)):
            blocks.append(Block.paragraph(unit.rich))
    while blocks:
        last = blocks[-1].text
        if (
            blocks[-1].type == "scene_break"
            or conventions.is_sign_off(last)
            or is_part_pointer(last)
        ):
            blocks.pop()
        elif is_feedback_request(last) and len(blocks) > 1:
            chapter.notes_end = join_notes(last, chapter.notes_end)
            blocks.pop()
        else:
            break
    chapter.blocks = blocks
    return chapter


def closing_status(units: list[Unit]) -> Status | None:
    """ "complete" under a last "The End", "in-progress" under a "TBC", else None."""
    for unit in reversed(units):
        text = unit.text
        if conventions.is_sign_off(text):
            return "in-progress" if _MORE_TO_COME.search(text) else "complete"
        if not (
            conventions.is_scene_break(text)
            or is_site_chrome(text)
            or is_part_pointer(text)
            or is_feedback_request(text)
            or conventions.note_body(text) is not None
        ):
            return None
    return None


# An opening note runs over at most this many paragraphs before the line that ends it.
_NOTE_PARAGRAPHS = 4


def _is_labelled_note(unit: Unit) -> bool:
    return (
        conventions.note_body(unit.text) is not None
        or conventions.disclaimer_body(unit.text) is not None
    )


def _leading_notes(units: list[Unit]) -> int:
    """How many units open the chapter as notes. Labelled notes and disclaimers are known by
    their labels; an unlabelled paragraph counts too when it sits between two of them and a
    separator ends the run ("A/N: …", "More of the note…", "Disclaimer: …", "* * *")."""
    if not units or not _is_labelled_note(units[0]):
        return 0
    window = units[: _NOTE_PARAGRAPHS + 2]
    for position, unit in enumerate(window[1:], start=1):
        if conventions.is_scene_break(unit.text):
            labelled = [i for i in range(position) if _is_labelled_note(units[i])]
            if labelled[-1] == position - 1 and has_story(units[position + 1 :]):
                return position
            return 0
    return 0


def read_body(units: list[Unit], work: ParsedWork) -> None:
    """Chapters from the units after the header (headings split them)."""
    sections = split_sections(units)
    for section in sections:
        work.chapters.append(read_chapter(section.units, section.heading_title))
    if work.status is None:
        # The story's own last word: a sign-off under the final part says whether it ends.
        work.status = closing_status(sections[-1].units)


def finish(work: ParsedWork, *, fallback_title: str) -> ParsedWork:
    """The last touches every parser shares; raises nothing, checks nothing."""
    if len(work.chapters) == 1 and not (work.notes_begin and work.chapters[0].notes_begin):
        # A one-chapter work's notes are the work's notes.
        only = work.chapters[0]
        work.notes_begin = join_notes(work.notes_begin, only.notes_begin)
        work.notes_end = join_notes(work.notes_end, only.notes_end)
        only.notes_begin = only.notes_end = None
    for chapter in work.chapters:
        work.disclaimer = join_notes(work.disclaimer, chapter.disclaimer)
        chapter.disclaimer = None
    work.title = _without_part_count(" ".join((work.title or fallback_title).split()), work)
    work.creators = [" ".join(c.split()) for c in work.creators if c.strip()]
    work.betas = _betas(work)
    if work.updated and work.published and work.updated < work.published:
        work.updated = work.published
    return work


# A part count after a title, as posts of a story in parts carry it: "Title (1/2)",
# "Title [Part 2 of 3]", "Title - Part 1/2", "Title, part 3 of 5".
_PART_COUNT = re.compile(
    r"\s*(?:[-–—:,]\s*)?[(\[]?\s*(?:part\s+)?(?P<part>\d{1,3})\s*(?:/|of)\s*(?P<parts>\d{1,3})"
    r"\s*[)\]]?$",
    re.IGNORECASE,
)


def _without_part_count(title: str, work: ParsedWork) -> str:
    """The title without its part count; a one-part file keeps which part it is."""
    match = _PART_COUNT.search(title)
    if match is None or match.start() == 0:
        return title
    bracketed = title[match.start() :].lstrip(" -–—:,")[:1] in {"(", "["}
    if not bracketed and "part" not in match.group(0).casefold():
        return title  # "Route 1/2" or a date: a bare count is part of the title
    part, parts = int(match["part"]), int(match["parts"])
    if not 0 < part <= parts:
        return title
    if len(work.chapters) == 1 and parts > 1 and work.chapter_number is None:
        work.chapter_number, work.story_chapters = part, parts
    return title[: match.start()].rstrip(" -–—:,")


def has_story(units: list[Unit]) -> bool:
    return any(
        not conventions.is_scene_break(u.text) and conventions.note_body(u.text) is None
        for u in units
    )


def _looks_like_title(text: str, units: list[Unit]) -> bool:
    """A short first line with no sentence punctuation, followed by more text."""
    return (
        len(units) > 1
        and len(text) <= 120
        and not text.endswith((".", "!", "?", '"', "”"))
        and any(char.isalnum() for char in text)  # a decorative "*" or "❦" is no title
    )


def _betas(work: ParsedWork) -> list[str]:
    names: list[str] = []
    notes = [work.notes_begin, work.notes_end, work.disclaimer]
    for chapter in work.chapters:
        notes += [chapter.notes_begin, chapter.notes_end]
    candidates = list(work.betas)
    for note in notes:
        candidates.extend(conventions.beta_names(note or ""))
    for name in candidates:
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names
