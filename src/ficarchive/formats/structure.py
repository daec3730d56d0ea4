"""From paragraphs to a work: header, notes, chapters and scene breaks, for every format.

Every parser reduces its source to text with blank lines between paragraphs (HTML and
EPUB through `flow.py`), or to units directly; this module then finds what a careful
human would: the title line, labelled fields, disclaimers, author's notes, chapter
headings, scene breaks and sign-offs, and what is left is the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ficarchive.core.languages import LANGUAGES
from ficarchive.formats import conventions
from ficarchive.formats.model import Block, ParsedChapter, ParsedWork, Status
from ficarchive.formats.rich import LINE_BREAK, plain

# FanFiction.Net's reader toolbars over the years: "full 3/4 1/2 skin light dark",
# "+ Font Size - Font Size Full 3/4 1/2 Expand Tighten".
_TOOLBAR_WORDS = {
    "full", "3/4", "1/2", "skin", "light", "dark", "font", "size", "+", "-", "expand",
    "tighten", "a", "a+", "a-", "width", "text", "sepia",
}  # fmt: skip
_SITE_CHROME = re.compile(
    r"^(?:<<\s*|<\s*)?(?:prev(?:ious)?|next)(?:\s+chapter)?(?:\s*>>|\s*>)?$"
    r"|^(?:follow/fav|fav|review|reviews|back to top|print|report abuse|share|top)$"
    r"|^(?:please drop by the archive and comment|leave a comment|post review)\b.*$"
    r"|^(?:please\s+)?(?:read\s+and\s+review|r\s*&\s*r|review,?\s+please)[\s.!]*$",
    re.IGNORECASE,
)
# Links between an entry's parts or back up the site, as authors and hand-made pages
# write them: "« Part 1 | Part 3 »", "<< Prev | Index | Next >>", "Back to Poetry · Home".
_NAV_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s*\|\s*")
_NAV_ARROWS = "«»‹›←→<>"
_NAV_PIECE = re.compile(
    r"^(?:prev(?:ious)?|next|home|index|contents|table\s+of\s+contents|top|up|main\s+page|"
    r"master\s*post|masterlist|(?:back|return)(?:\s+to\b.{1,40})?|"
    r"(?:prev(?:ious)?|next|first|last)\s+(?:part|chapter|page|entry)|"
    r"(?:part|chapter|ch\.?|page)\s+\w{1,12}(?:\s*/\s*\w{1,4})?)$",
    re.IGNORECASE,
)
# "Ithilien Scriptorium > Fiction > Tengwa by Tengwa": where the page sits in its site.
_BREADCRUMB = re.compile(r"^[^>»›.!?]{1,50}(?:\s+[>»›]\s+[^>»›]{1,60}){2,}$")
# An entry's pointer to the part before or after it: "Continued in part two.", "Part one
# is here.", "Next part: The Primer". Only at the edges of the text.
_PART_POINTER = re.compile(
    r"^(?:(?:to\s+be\s+)?continued|concluded)\s+(?:in|on|at|with)\b.{0,60}$"
    r"|^(?:on|onward|go|continue)\s+to\s+(?:the\s+next\s+)?(?:part|chapter)\b.{0,40}$"
    r"|^(?:next|previous|prev)\s+(?:part|chapter)\b.{0,60}$"
    r"|^(?:part|chapter)\s+\w{1,12}\s+(?:is\s+)?(?:here|next|to\s+follow|coming\s+soon)\b.{0,30}$",
    re.IGNORECASE,
)
# What an author writes under the story asking for word back: "Feedback welcome!",
# "Comments are always welcome: me@example.org", "Please send C&C to ...".
_FEEDBACK = re.compile(
    r"^(?:please\s+)?(?:send\s+)?(?:any\s+|all\s+)?"
    r"(?:feedback|comments?|concrit|c\s*&\s*c|reviews?|e-?mail\s+me|write\s+to\s+me)\b",
    re.IGNORECASE,
)
_FEEDBACK_WORDS = 40
_MORE_TO_COME = re.compile(r"\btbc\b|continued", re.IGNORECASE)
_FACT_SEPARATOR = re.compile(r"\s+[·•|]\s+")
_RATED = re.compile(
    r"^(?:(?:rated|rating:?)\s+(?P<rating>\S.{0,20})|(?P<code>G|PG|PG-?13|R|NC-?17|K\+?|MA))$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_TITLE_BY_AUTHOR = re.compile(r"^(?P<title>\S.{0,200}?)\s+by:?\s+(?P<author>\S.{0,80})$")
_BY_AUTHOR = re.compile(r"^by:?\s+(?P<author>\S.{0,80})$", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ’']{0,24}?)\s*:\s*(?P<value>.*)$")
HEADER_LABELS = {
    "title": "title", "story title": "title", "author": "author", "authors": "author",
    "by": "author", "writer": "author", "creator": "author",
    "fandom": "fandom", "fandoms": "fandom", "category": "fandom", "categories": "fandom",
    "pairing": "relationship", "pairings": "relationship", "relationship": "relationship",
    "relationships": "relationship", "ship": "relationship", "ships": "relationship",
    "characters": "character", "character": "character",
    "rating": "rating", "rated": "rating",
    "warning": "warning", "warnings": "warning", "archive warning": "warning",
    "archive warnings": "warning",
    "summary": "summary", "description": "summary",
    "word count": "words", "words": "words", "wordcount": "words", "length": "words",
    "status": "status", "completed": "completed", "complete": "completed",
    "genre": "tag", "genres": "tag", "tags": "tag", "additional tags": "tag",
    "beta": "beta", "beta reader": "beta", "betas": "beta", "beta readers": "beta",
    "beta'd by": "beta", "language": "language",
    "published": "published", "posted": "published", "date": "published",
    "updated": "updated", "last updated": "updated",
    "disclaimer": "disclaimer",
    # Where to write and who may archive: read so they end the field above, never kept.
    "email": "contact", "e-mail": "contact", "feedback": "contact", "website": "contact",
    "web site": "contact", "homepage": "contact", "url": "contact", "archive": "contact",
    "archiving": "contact", "permission to archive": "contact",
    "author's notes": "note", "authors notes": "note", "author's note": "note",
    "author’s notes": "note", "author’s note": "note", "notes": "note", "note": "note",
    "a/n": "note", "an": "note",
}  # fmt: skip
_NOT_A_VALUE = {"none", "n/a", "na", "no", "-", "nil", "nothing"}
_LANGUAGES = {
    # Every language of the posting form's menu by its own name ("Italiano"), then English
    # names and other spellings sources use.
    **{name.casefold(): code for code, name in LANGUAGES},
    "english": "en", "french": "fr", "français": "fr", "german": "de", "deutsch": "de",
    "spanish": "es", "español": "es", "italian": "it", "portuguese": "pt", "dutch": "nl",
    "russian": "ru", "русский": "ru", "polish": "pl", "japanese": "ja", "日本語": "ja",
    "chinese": "zh", "中文": "zh", "korean": "ko", "swedish": "sv", "finnish": "fi",
    "norwegian": "no", "danish": "da", "czech": "cs", "hungarian": "hu", "turkish": "tr",
    "indonesian": "id", "vietnamese": "vi", "tagalog": "tl", "filipino": "fil",
    "hebrew": "he", "arabic": "ar", "greek": "el", "catalan": "ca", "latin": "la",
}  # fmt: skip


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


def language_code(value: str | None) -> str | None:
    """BCP 47 code for a language name or code ("English", "en-GB" -> "en", "en-GB")."""
    if not value:
        return None
    cleaned = value.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", cleaned):
        return cleaned if "-" in cleaned else cleaned.lower()
    return _LANGUAGES.get(cleaned.casefold())


def status_from(value: str) -> str | None:
    lowered = value.casefold().replace("-", " ")
    if not lowered.strip():
        return None
    if re.search(r"in progress|incomplete|\bwip\b|ongoing|\bno\b|hiatus|abandoned", lowered):
        return "in-progress"
    if any(w in lowered for w in ("complete", "completed", "yes", "finished")):
        return "complete"
    return None


_DATE_FORMATS = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), ("m", "d", "y")),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2})\b"), ("m", "d", "y2")),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), ("d", "m", "y")),
]
_MONTHS = {
    m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
}
_WORDY_DATE = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,9})\.?,?\s+(?P<y1>\d{4}))"
    r"|(?:(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))"
)


def parse_date(value: str | None) -> date | None:
    """A date in any of the forms fan-fiction sites print; None when there is none."""
    if not value:
        return None
    for pattern, order in _DATE_FORMATS:
        match = pattern.search(value)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            year = parts.get("y") or (
                2000 + parts["y2"] if parts["y2"] < 70 else 1900 + parts["y2"]
            )
            try:
                return date(year, parts["m"], parts["d"])
            except ValueError:
                continue
    match = _WORDY_DATE.search(value)
    if match:
        day_text: str = match["d1"] or match["d2"]
        month = _MONTHS.get((match["m1"] or match["m2"])[:3].casefold())
        year_text: str = match["y1"] or match["y2"]
        if month:
            try:
                return date(int(year_text), month, int(day_text))
            except ValueError:
                return None
    return None


def is_toolbar(text: str) -> bool:
    tokens = text.lower().split()
    return (
        len(tokens) >= 3
        and all(token in _TOOLBAR_WORDS for token in tokens)
        and any(token.isalnum() for token in tokens)  # "+ + +" is a scene break
    )


def is_site_chrome(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(_SITE_CHROME.match(stripped) or _BREADCRUMB.match(stripped))
        or is_toolbar(text)
        or is_navigation(stripped)
    )


def is_navigation(text: str) -> bool:
    """A line of links to other parts or pages: separated pieces, or one with an arrow."""
    pieces = [piece.strip(f" {_NAV_ARROWS}[]():-–—") for piece in _NAV_SEPARATOR.split(text)]
    pieces = [piece for piece in pieces if piece]
    if not pieces or (len(pieces) < 2 and not any(arrow in text for arrow in _NAV_ARROWS)):
        return False  # "Part Two" alone is a heading, not a link
    return len(text) <= 120 and all(_NAV_PIECE.match(piece) for piece in pieces)


def is_part_pointer(text: str) -> bool:
    """A link to the entry's previous or next part, in words: "Continued in part two."."""
    return bool(_PART_POINTER.match(text.strip()))


def is_feedback_request(text: str) -> bool:
    """The author's plea for feedback or address under the story, not the story itself."""
    return bool(_FEEDBACK.match(text.strip())) and len(text.split()) <= _FEEDBACK_WORDS


def header_label(text: str) -> str | None:
    """The field a "Label: value" header line sets, if the label is one we know."""
    match = _HEADER_FIELD.match(text.strip())
    return HEADER_LABELS.get(match["label"].strip().casefold()) if match else None


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
    blank_separated = sum(1 for line in lines if not plain(line).strip()) >= nonblank * 0.3
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


def drop_chrome(units: list[Unit]) -> list[Unit]:
    return [unit for unit in units if not is_site_chrome(unit.text)]


def split_values(value: str) -> list[str]:
    values = [v.strip(" .") for v in re.split(r"\s*[,;]\s*", value) if v.strip(" .")]
    return [v for v in values if v.casefold() not in _NOT_A_VALUE]


def apply_field(work: ParsedWork, label: str, value: str) -> None:
    """Store one labelled header field ("Pairing: A/B") on the work."""
    value = " ".join(value.split())
    if label == "title":
        work.title = work.title or value
    elif label == "author":
        work.creators = work.creators or split_values(value)
    elif label == "rating":
        work.rating = work.rating or (value or None)
    elif label == "summary":
        work.summary = work.summary or value or None
    elif label == "status":
        work.status = work.status or status_from(value)  # type: ignore[assignment]
    elif label == "completed":
        work.status = work.status or status_from(  # type: ignore[assignment]
            "complete" if value.casefold().startswith("y") else "in progress"
        )
    elif label == "language":
        work.language = work.language or language_code(value)
    elif label == "beta":
        work.betas.extend(split_values(value))
    elif label == "disclaimer":
        work.disclaimer = join_notes(work.disclaimer, value)
    elif label == "note":
        work.notes_begin = join_notes(work.notes_begin, value)
    elif label == "published":
        work.published = work.published or parse_date(value)
    elif label == "updated":
        work.updated = work.updated or parse_date(value)
    elif label in {"words", "contact"}:
        pass  # words are counted from the text, never taken from the site
    else:
        target = {
            "fandom": work.fandoms, "relationship": work.relationships,
            "character": work.characters, "warning": work.warnings, "tag": work.tags,
        }[label]  # fmt: skip
        target.extend(v for v in split_values(value) if v not in target)


def read_header(units: list[Unit], work: ParsedWork) -> list[Unit]:
    """Consume the title line, labelled fields, disclaimer and leading notes.

    A title taken from a line is a guess that a labelled field overrides: a page headed
    "Tengwa by Tengwa" over "Author: Aoibheann Tillery" is titled "Tengwa by Tengwa".
    """
    units = _header_lines(units)
    title_guessed = False
    by_line: str | None = None  # the "Title by Author" line the creators were taken from
    index = 0
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
        elif (note := conventions.note_body(text)) is not None:
            work.notes_begin = join_notes(work.notes_begin, note)
        elif conventions.is_scene_break(text):
            pass  # a separator under the header or a note is not a scene break
        elif work.title and index < 6 and _read_fact_line(text, work):
            pass
        elif index == 0 and not work.title and _looks_like_title(text, units):
            work.title, title_guessed = text, True
        else:
            break
        index += 1
    return units[index:]


def _header_lines(units: list[Unit]) -> list[Unit]:
    """A centred title block drawn with <br>s (title, "by Author", facts) as one unit per line."""
    for position, unit in enumerate(units[:3]):
        lines = [line for line in unit.rich.split(LINE_BREAK) if plain(line).strip()]
        if len(lines) > 1 and any(_BY_AUTHOR.match(plain(line).strip()) for line in lines[1:]):
            return [
                *units[:position],
                *(Unit(" ".join(line.split())) for line in lines),
                *units[position + 1 :],
            ]
    return units


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
    while units:
        text = units[0].text
        if (note := conventions.note_body(text)) is not None:
            chapter.notes_begin = join_notes(chapter.notes_begin, note)
        elif (disclaimer := conventions.disclaimer_body(text)) is not None:
            chapter.disclaimer = join_notes(chapter.disclaimer, disclaimer)
        elif not (conventions.is_scene_break(text) or is_part_pointer(text)):
            break
        units.pop(0)
    for position in range(len(units) - 1, -1, -1):
        note = conventions.note_body(units[position].text)
        if note is not None and has_story(units[:position]):
            tail = [note] + [u.text for u in units[position + 1 :]]
            chapter.notes_end = "\n\n".join(t for t in tail if t)
            units = units[:position]
            break
    blocks: list[Block] = []
    for unit in units:
        if conventions.is_scene_break(unit.text):
            if blocks and blocks[-1].type != "scene_break":
                blocks.append(Block.scene_break())
        elif not is_site_chrome(unit.text):
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
    work.title = " ".join((work.title or fallback_title).split())
    work.creators = [" ".join(c.split()) for c in work.creators if c.strip()]
    work.betas = _betas(work)
    if work.updated and work.published and work.updated < work.published:
        work.updated = work.published
    return work


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


def join_notes(first: str | None, second: str | None) -> str | None:
    parts = [part.strip() for part in (first, second) if part and part.strip()]
    return "\n\n".join(parts) if parts else None


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
