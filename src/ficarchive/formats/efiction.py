"""What eFiction 3.x pages share, as HTML or as copied text: the story block's labelled
fields, the notes' labels, the chapter headings, the navigation and the archive's footer.

eFiction is one PHP script behind hundreds of archives, each with its own skin, but the
words come from the script: its story block prints "Summary:", "Rated:", "Categories:",
"Characters:", the archive's classifications ("Genres:", "Warnings:", often "Pairings:"),
"Series:", "Chapters:", "Completed:", "Word count:", "Read:", "Published:", "Updated:";
notes are "Story Notes:", "Author's (Chapter) Notes:" and "(Chapter) End Notes:"; a
printable view ends "This story archived at <url>/viewstory.php?sid=N".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

from ficarchive.formats import conventions, fields
from ficarchive.formats.model import ParsedWork

# The story block's labels onto ParsedWork; None: known, so it ends the value before it,
# but not kept (counts, series and challenges are the archive's, not the work's).
FIELDS: dict[str, str | None] = {
    "summary": "summary", "rated": "rating", "rating": "rating",
    # An archive's categories are its sections; nearly always fandoms (a multi-fandom
    # archive's top level), and what a reader browses the archive by.
    "categories": "fandom", "category": "fandom",
    "characters": "character", "character": "character",
    "pairings": "relationship", "pairing": "relationship", "relationships": "relationship",
    "ships": "relationship",
    "genres": "tag", "genre": "tag", "tags": "tag",
    "warnings": "warning", "warning": "warning",
    "completed": "completed", "complete": "completed", "status": "status",
    "published": "published", "updated": "updated", "language": "language",
    "chapters": "chapters", "word count": "words", "words": "words",
    "read": None, "reads": None, "hits": None, "reviews": None, "series": None,
    "challenges": None, "challenge": None, "score": None, "featured": None,
    "co-authors": None, "coauthors": None,
}  # fmt: skip
# Labels only a story block has: enough of them together mark a page as eFiction's.
STORY_BLOCK = {
    "summary", "rated", "categories", "characters", "genres", "warnings", "series",
    "chapters", "completed", "word count", "read", "published", "updated", "challenges",
}  # fmt: skip
_LABEL_WORDS = "|".join(
    re.escape(label).replace(r"\ ", r"\s+") for label in sorted(FIELDS, key=len, reverse=True)
)
_FIELD = re.compile(rf"(?:^|(?<=\s))(?P<label>{_LABEL_WORDS})\s*:", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\]]*\]")

# Notes as the templates label them (viewstory.tpl, printstory.tpl and the skins').
STORY_NOTES = re.compile(r"^story\s+notes?\s*:?\s*", re.IGNORECASE)
BEGIN_NOTES = re.compile(
    r"^(?:author['’]?s\s+(?:chapter\s+)?notes?|chapter\s+notes?|notes?)\s*:\s*", re.IGNORECASE
)
END_NOTES = re.compile(r"^(?:chapter\s+)?end\s*notes?\s*:\s*", re.IGNORECASE)

ARCHIVED_AT = re.compile(
    r"this\s+story\s+(?:is\s+)?archived\s+at:?\s*(?P<url>https?://\S+?viewstory\.php\?\S*?sid=\d+)",
    re.IGNORECASE,
)
POWERED_BY = re.compile(r"\bpowered\s+by\s+efiction\b", re.IGNORECASE)
# A chapter's heading: "Title by Author", numbered "2. Title by Author" in the printable view
# and many skins' story pages ("Chapter 2: Title by Author" in some).
NUMBERED_HEADING = re.compile(
    r"^(?:(?:chapter|part)\s+)?(?P<number>\d{1,4})\s*[.:]\s+(?P<title>\S.*?)\s+by\s+"
    r"(?P<author>\S.{0,80})$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(r"(?:^|(?<=[\s.!;]))disclaimer\s*:\s*", re.IGNORECASE)
# The page's own links and buttons around a chapter, as they read once copied: "Previous",
# "Next", "[Report This]", "[Review this Chapter]", "Chapter 1 ▼", "Back to top", "Printer".
_NAVIGATION = re.compile(
    r"^(?:[\s\[\](){}|·•«»<>▼▲▾▴↑:,-]|\d+\b"
    r"|(?:previous|prev|next|report\s+this|review\s+this\s+(?:chapter|story)|reviews?"
    r"|submit\s+a\s+review|printer|print|chapter|story|or|table\s+of\s+contents|contents"
    r"|index|back\s+to\s+(?:top|index)|options|add\s+(?:story|author)\s+to\s+favou?rites"
    r"|skip\s+to\s+story|text\s+size)\b)+$",
    re.IGNORECASE,
)


def split_fields(text: str) -> list[tuple[str, str]]:
    """('label', value) for each field on a story-block line; [] when it does not start with
    one. "Summary:" keeps the rest of its line: the template gives it a line of its own."""
    text = " ".join(text.split())
    matches = list(_FIELD.finditer(text))
    if not matches or matches[0].start() != 0:
        return []
    if _label(matches[0]["label"]) == "summary":
        return [("summary", text[matches[0].end() :].strip())]
    pairs: list[tuple[str, str]] = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        pairs.append((_label(match["label"]), text[match.end() : end].strip()))
    return pairs


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_field_label(text: str) -> bool:
    return _label(text.rstrip(": ")) in FIELDS


def apply_fields(work: ParsedWork, pairs: list[tuple[str, str]]) -> int | None:
    """Store the story block's fields on the work; returns its "Chapters:" count."""
    chapters: int | None = None
    values = {label: _BRACKETED.sub(" ", value).strip() for label, value in pairs}
    published, updated = dates(values.get("published", ""), values.get("updated", ""))
    for label, value in values.items():
        key = FIELDS.get(label)
        if key == "chapters":
            digits = re.match(r"\d+", value)
            chapters = int(digits[0]) if digits else None
        elif key == "published":
            work.published = work.published or published
        elif key == "updated":
            work.updated = work.updated or updated
        elif key is not None:
            fields.apply_field(work, key, value)
    return chapters


_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def dates(published: str, updated: str) -> tuple[date | None, date | None]:
    """Both dates, read in the archive's own order: each archive sets its date format, and a
    day above 12 in either date shows that it writes the day first."""
    slashed = [m for m in (_SLASHED.match(published), _SLASHED.match(updated)) if m]
    if any(int(m[1]) > 12 for m in slashed) and all(int(m[2]) <= 12 for m in slashed):

        def day_first(value: str) -> date | None:
            match = _SLASHED.match(value)
            if match is None:
                return fields.parse_date(value)
            try:
                return date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                return None

        return day_first(published), day_first(updated)
    return fields.parse_date(published), fields.parse_date(updated)


def split_disclaimer(note: str | None) -> tuple[str | None, str | None]:
    """(note, disclaimer): eFiction has no disclaimer field, so authors put theirs in the
    story notes ("Written for X. Disclaimer: not mine.")."""
    if not note:
        return note, None
    paragraphs = note.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        match = _DISCLAIMER.search(paragraph)
        if match:
            before = paragraph[: match.start()].strip()
            disclaimer = paragraph[match.end() :].strip() or None
            rest = [*paragraphs[:index], before, *paragraphs[index + 1 :]]
            return "\n\n".join(p for p in rest if p) or None, disclaimer
    return note, None


def is_ornament(text: str) -> bool:
    """A scene break drawn in any symbol ("≈ ≈ ≈", "❧"): authors write their own into the
    text eFiction stores as they typed it."""
    stripped = "".join(text.split())
    if conventions.is_scene_break(text):
        return True
    return (
        0 < len(stripped) <= 40
        and not any(char.isalnum() for char in stripped)
        and any(unicodedata.category(char).startswith("S") for char in stripped)
    )


def is_navigation(text: str) -> bool:
    return bool(text.strip()) and bool(_NAVIGATION.match(text.strip()))


def chapter_title(heading: str, authors: list[str]) -> tuple[str | None, int | None]:
    """A chapter heading's title without its numbering and author; and its number."""
    heading = " ".join(heading.split())
    number: int | None = None
    numbered = NUMBERED_HEADING.match(heading)
    if numbered:
        number = int(numbered["number"])
        heading = f"{numbered['number']}. {numbered['title']}"
    else:
        for author in authors:
            heading = re.sub(rf"\s+by\s+{re.escape(author)}$", "", heading)
        digits = re.match(r"^(?:(?:chapter|part)\s+)?(\d{1,4})\s*[.:]\s", heading, re.IGNORECASE)
        number = int(digits[1]) if digits else None
    return conventions.strip_numbering(heading) or None, number


def source_site(url: str | None) -> str | None:
    host = urlsplit(url or "").hostname
    return host.removeprefix("www.") if host else None
