"""FanFiction.Net's stats line, in its pages and their text copies alike:
'Crossover - A & B - Rated: Fiction T - English - Romance/Hurt/Comfort - [A, B] C -
Chapters: 3 - Words: 1,412 - ... - Updated: 3/4/2009 - Published: 2/1/2009 - Status: Complete
- id: 4812345'."""

from __future__ import annotations

import re
from datetime import date

from ficarchive.formats import fields
from ficarchive.formats.model import ParsedWork

_GENRES = {
    "adventure", "angst", "crime", "drama", "family", "fantasy", "friendship", "general",
    "horror", "humor", "hurt/comfort", "mystery", "parody", "poetry", "romance", "sci-fi",
    "spiritual", "supernatural", "suspense", "tragedy", "western",
}  # fmt: skip
_LABELLED = re.compile(r"^(?P<label>[A-Za-z]+):\s*(?P<value>.*)$")
STATS_LINE = re.compile(
    r"^(?:Crossover\s+-\s+.+?\s+-\s+)?Rated:\s*(?:Fiction\s+)?(?:K\+?|T|M|MA)\s+-\s+.*"
    r"\b(?:Words|Published):",
)
_STORY_ID = re.compile(r"\bid:\s*(\d+)")


def story_id(text: str) -> str | None:
    found = _STORY_ID.search(text)
    return found[1] if found else None


def apply_stats(text: str, work: ParsedWork, *, dates: dict[str, date] | None = None) -> None:
    """Rating, language, genres, characters and pairings, chapters, dates and status."""
    items = [part.strip() for part in " ".join(text.split()).split(" - ")]
    if items and items[0] == "Crossover" and len(items) > 2:
        work.fandoms = [name.strip() for name in items[1].split(" & ") if name.strip()]
        items = items[2:]
    work.status = "in-progress"
    for index, item in enumerate(items):
        labelled = _LABELLED.match(item)
        if labelled:
            label, value = labelled["label"].casefold(), labelled["value"]
            if label == "rated":
                work.rating = value.replace("Fiction", "").strip() or None
            elif label in {"updated", "published"}:
                found = (dates or {}).get(label.capitalize()) or fields.parse_date(value)
                if label == "updated":
                    work.updated = found
                else:
                    work.published = found
            elif label == "status" and "complete" in value.casefold():
                work.status = "complete"
            elif label == "chapters" and value.strip().isdigit():
                work.story_chapters = int(value)
        elif index == 1 and fields.language_code(item):
            work.language = fields.language_code(item)
        elif is_genre_list(item):
            work.tags = genres(item)
        elif item:
            read_characters(item, work)
    work.updated = work.updated or work.published
    if work.story_chapters is None and work.status == "complete":
        work.story_chapters = 1  # a one-shot shows no chapter count


def is_genre_list(item: str) -> bool:
    return all(g in _GENRES for g in genres(item, lower=True))


def genres(item: str, *, lower: bool = False) -> list[str]:
    parts = item.replace("Hurt/Comfort", "Hurt\x00Comfort").split("/")
    found = [part.replace("\x00", "/").strip() for part in parts if part.strip()]
    return [g.casefold() for g in found] if lower else found


def read_characters(item: str, work: ParsedWork) -> None:
    """'[Ada K., Teodor] Mireille V.': pairings in brackets, everyone a character."""
    for pairing in re.findall(r"\[([^\]]+)\]", item):
        names = [name.strip() for name in pairing.split(",") if name.strip()]
        work.relationships.append("/".join(names))
        work.characters.extend(names)
    rest = re.sub(r"\[[^\]]*\]", ",", item)
    work.characters.extend(name.strip() for name in rest.split(",") if name.strip())
