"""What Archive of Our Own's pages and downloads share: field names, stats, jump links."""

from __future__ import annotations

import re

from ficarchive.formats import fields
from ficarchive.formats.model import ParsedWork

# AO3's labels (singular or plural) onto ParsedWork.
AO3_FIELDS = {
    "rating": "rating", "ratings": "rating",
    "archive warning": "warning", "archive warnings": "warning",
    "category": "category", "categories": "category",
    "fandom": "fandom", "fandoms": "fandom",
    "relationship": "relationship", "relationships": "relationship",
    "character": "character", "characters": "character",
    "additional tag": "tag", "additional tags": "tag", "freeform": "tag", "freeforms": "tag",
    "language": "language",
}  # fmt: skip
_JUMP = re.compile(r"^\(?see the end of the (?:work|chapter) for", re.IGNORECASE)
_STAT = re.compile(r"(Published|Updated|Completed|Chapters):\s*([\d/?,-]+)", re.IGNORECASE)


def is_jump_link(text: str) -> bool:
    """AO3's "(See the end of the chapter for notes.)" is navigation, not a note."""
    return bool(_JUMP.match(text.strip()))


def apply_ao3_field(work: ParsedWork, label: str, values: list[str]) -> None:
    key = AO3_FIELDS.get(label.strip().rstrip(":").casefold())
    if key is None:
        return
    if key in {"rating", "language"}:
        fields.apply_field(work, key, values[0] if values else "")
        return
    target = {
        "warning": work.warnings, "category": work.categories, "fandom": work.fandoms,
        "relationship": work.relationships, "character": work.characters, "tag": work.tags,
    }[key]  # fmt: skip
    for value in values:
        cleaned = " ".join(value.split())
        if cleaned and cleaned not in target:
            target.append(cleaned)


def apply_stats(work: ParsedWork, stats: str) -> None:
    """'Published: 2020-02-11 Completed: 2020-03-02 Words: 390 Chapters: 3/3'."""
    for name, value in _STAT.findall(stats):
        lowered = name.casefold()
        if lowered == "published":
            work.published = fields.parse_date(value)
        elif lowered in {"updated", "completed"}:
            work.updated = fields.parse_date(value)
            if lowered == "completed":
                work.status = "complete"
        elif lowered == "chapters" and "/" in value:
            posted, _, expected = value.partition("/")
            work.status = "complete" if posted == expected else "in-progress"
            work.story_chapters = int(posted) if posted.isdigit() else None
    if "Completed:" not in stats and work.status is None and "Chapters:" in stats:
        work.status = "in-progress"
