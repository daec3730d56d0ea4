"""Labelled fields as fan fiction writes them ("Pairing: A/B", "Rated: PG-13", "Status: WIP",
"Published: Mar 2, 2011"), and their values, for every format."""

from __future__ import annotations

import re
from datetime import date

from ficarchive.core.languages import LANGUAGES
from ficarchive.formats.model import ParsedWork

_HEADER_FIELD = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ’']{0,24}?)\s*:\s*(?P<value>.*)$")


HEADER_LABELS = {
    "title": "title", "story title": "title", "author": "author", "authors": "author",
    "by": "author", "writer": "author", "creator": "author",
    "fandom": "fandom", "fandoms": "fandom", "series": "contact",
    # A hand-made header's "Category" is the kind of story (angst, MSR, vignette); sites that
    # mean a fandom by it (FanFicFare, eFiction) say so in their own readers.
    "category": "tag", "categories": "tag", "keywords": "tag", "keyword": "tag",
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
    "archiving": "contact", "permission to archive": "contact", "spoilers": "contact",
    "spoiler": "contact", "spoiler warning": "contact", "timeline": "contact",
    "setting": "contact", "sequel to": "contact", "prequel to": "contact",
    "distribution": "contact", "codes": "tag",
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


def header_label(text: str) -> str | None:
    """The field a "Label: value" header line sets, if the label is one we know."""
    match = _HEADER_FIELD.match(text.strip())
    return HEADER_LABELS.get(match["label"].strip().casefold()) if match else None


# What a pairing looks like: two names joined by "/", "&", " x " or "and".
_PAIRING = re.compile(r"\S\s*[/&×]\s*\S|\S\s+(?:x|and)\s+\S", re.IGNORECASE)


# What apply_field can store.
FIELD_KINDS = frozenset(HEADER_LABELS.values())
# A value's closing full stop, unless it ends an initial ("Luna L.", "Harry P.").
_CLOSING_STOP = re.compile(r"(?<!\b[A-Z])\.+$")


def split_values(value: str) -> list[str]:
    values = [_CLOSING_STOP.sub("", v.strip()).strip() for v in re.split(r"\s*[,;]\s*", value)]
    return [v for v in values if v and v.casefold() not in _NOT_A_VALUE]


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
    elif label == "relationship":
        # "A/B, with background C", "A/B friendship, pre-slash if you squint": the pairing is
        # what names two people; the rest describes the story.
        for item in split_values(value):
            if item.casefold() in {"gen", "general", "none"}:
                continue
            target = work.relationships if _PAIRING.search(item) else work.tags
            if item not in target:
                target.append(item)
    else:
        target = {
            "fandom": work.fandoms, "relationship": work.relationships,
            "character": work.characters, "warning": work.warnings, "tag": work.tags,
        }[label]  # fmt: skip
        target.extend(v for v in split_values(value) if v not in target)


def join_notes(first: str | None, second: str | None) -> str | None:
    parts = [part.strip() for part in (first, second) if part and part.strip()]
    return "\n\n".join(parts) if parts else None
