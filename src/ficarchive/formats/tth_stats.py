"""Twisting the Hellmouth (tthfanfic.org) story pages, in HTML and in their text copies alike.

Above the chapter, TtH prints the title, "by Author", a summary, "Large Print | Handheld"
links and a table of one row of column names (Categories, Genres, Rating, Chapters, Words,
Recs, Reviews, Hits, Published, Updated, Complete; the order has changed over the years) over
one row of values: ratings on the site's own FR scale (FR7 ... FR21), dates as "5 Sep 14",
categories as paths ("Harry Potter > Dawn-Centered"). This module reads that table.
"""

from __future__ import annotations

import re
from datetime import date

from ficarchive.formats import fields
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.source_ids import source_id

SITE = "tthfanfic.org"
USUAL_COLUMNS = (
    "Categories", "Genres", "Rating", "Chapters", "Words", "Recs", "Reviews", "Hits",
    "Published", "Updated", "Complete",
)  # fmt: skip
# Every column name pages use: the usual ones, and the singular and author's of other layouts.
COLUMNS = {name.casefold() for name in USUAL_COLUMNS} | {"category", "author", "genre"}
RATING = re.compile(r"^FR\d{1,2}$")
_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4}|\d{2})$")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# The archive's own sections, which sort stories rather than name a fandom. Every story
# crosses Buffy (or Angel) with the fandom its category names, except the "Non-BtVS" ones.
_BTVS_ONLY = "btvs/ats non-crossover"
_SECTIONS = {"general", "non-btvs/ats stories", "non-btvs crossovers", _BTVS_ONLY}
BTVS = "Buffy the Vampire Slayer"
# The site's story addresses, in any host, scheme and form source_ids knows.
_STORY_ADDRESS = re.compile(
    r"https?://(?:[A-Za-z0-9-]+\.)?tthfanfic\.org"
    r"/(?:(?:T-\d+/)?Story-\d+(?:-\d+)?(?=[/?#.\s\"'<>]|$)|story\.php\?no=\d+)",
    re.IGNORECASE,
)


def story_url(text: str) -> str | None:
    """The story's canonical address, from the first address of a TtH story in `text`."""
    found = _STORY_ADDRESS.search(text)
    source = source_id(found[0]) if found else None
    return source.url if source else None


def parse_date(value: str) -> date | None:
    """TtH's "5 Sep 14" (two-digit years, all this century), or any form structure knows."""
    match = _DATE.match(" ".join(value.split()))
    if match is None:
        return fields.parse_date(value)
    day, month_name, year_text = match.groups()
    month = _MONTHS.index(month_name.casefold()) + 1 if month_name.casefold() in _MONTHS else 0
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        return date(year, month, int(day))
    except ValueError:
        return None


def is_header_row(cells: list[str]) -> bool:
    """The table's row of column names: most of TtH's, "Complete" and "Categories" among them."""
    names = {cell.strip().casefold() for cell in cells}
    return (
        len(names & COLUMNS) >= 5
        and "complete" in names
        and bool({"categories", "category"} & names)
    )


def apply_table(columns: dict[str, str], work: ParsedWork, *, categories: list[str]) -> None:
    """The table's values, by column name; word counts come from the text, never from here."""
    value = {name.casefold(): " ".join(text.split()) for name, text in columns.items()}
    work.rating = value.get("rating") or work.rating
    if not work.creators and value.get("author"):
        work.creators = [name.strip() for name in re.split(r",\s*|\s+&\s+", value["author"])]
    chapters = value.get("chapters", "").replace(",", "")
    if chapters.isdigit():
        work.story_chapters = int(chapters)
    work.published = parse_date(value.get("published", "")) or work.published
    work.updated = parse_date(value.get("updated", "")) or work.updated or work.published
    complete = value.get("complete", "").casefold()
    if complete:
        work.status = "complete" if complete.startswith("y") else "in-progress"
    work.tags = [g for g in fields.split_values(value.get("genres", "")) if g not in work.tags]
    read_categories(categories, work)


def read_categories(paths: list[str], work: ParsedWork) -> None:
    """'Harry Potter > Dawn-Centered': the fandom crossed with Buffy, and whom it centres on."""
    crosses_buffy = True
    for path in paths:
        parts = [" ".join(part.split()) for part in path.split(">") if part.strip()]
        named_fandom = False
        for part in parts:
            lowered = part.casefold()
            if lowered in _SECTIONS:
                crosses_buffy = crosses_buffy and "non-btvs" not in lowered
                named_fandom = named_fandom or lowered == _BTVS_ONLY
            elif part.endswith("-Centered") and len(part) > len("-Centered"):
                _add(work.characters, part.removesuffix("-Centered"))
            elif lowered.startswith("pairing:"):
                _add(work.characters, part.split(":", 1)[1].strip())
            elif not named_fandom:
                _add(work.fandoms, part)
                named_fandom = True
            else:
                _add(work.tags, part)
    if crosses_buffy and paths:
        _add(work.fandoms, BTVS)


def _add(target: list[str], value: str) -> None:
    if value and value not in target:
        target.append(value)
