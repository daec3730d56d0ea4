"""The search box's query language, parsed into plain data (no database here).

    lighthouse "bus station" -storm fog OR mist title:tide creator:Ivy fandom:"Buffy"
    rating:teen language:en complete:yes words>5000 words:1000-5000 updated<2w

Words are all required; quoted phrases match in order; -word excludes; OR joins the words
either side. Field filters narrow by metadata. Mistakes give a message, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ficarchive.core.numbers import NumberError, parse_number

MAX_QUERY_LENGTH = 500
MAX_TERMS = 12
COUNTED = ("kudos", "comments", "bookmarks", "hits")
TEXT_FIELDS = {"title", "creator", "fandom", "tag", "character", "relationship"}
RATINGS = {
    "general": "general", "g": "general", "teen": "teen", "t": "teen", "mature": "mature",
    "m": "mature", "explicit": "explicit", "e": "explicit", "not-rated": "not-rated",
    "notrated": "not-rated",
}  # fmt: skip
STOP_WORDS = set(
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with".split()
)
_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[a-z]+)(?P<op>:|>=|<=|>|<))?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))'
)
_WORD_CHARS = re.compile(r"[^\w'’-]+", re.UNICODE)
_RANGE = re.compile(r"^([^-]+)-([^-]+)$")
_AGE = re.compile(r"^(\S+?)\s*([dwmy])$")


@dataclass
class Term:
    """A word or a phrase (several words in order) to find in the text."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class ParsedQuery:
    # Each group is satisfied by any one of its terms (OR); all groups are required.
    required: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    text_filters: dict[str, list[str]] = field(default_factory=dict)
    rating: str | None = None
    language: str | None = None
    complete: bool | None = None
    words_min: int | None = None
    words_max: int | None = None
    updated_after: date | None = None
    updated_before: date | None = None
    # kudos, comments, bookmarks, hits: (at least, at most)
    counts: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.required)

    @property
    def is_empty(self) -> bool:
        filters = (self.text_filters, self.rating, self.language, self.updated_after,
                   self.updated_before)  # fmt: skip
        bounds = (self.complete, self.words_min, self.words_max)
        return (
            not self.required and not any(filters) and not self.counts
            and all(b is None for b in bounds)
        )  # fmt: skip

    def highlight_words(self) -> list[str]:
        return [w for group in self.required for term in group for w in term.words]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD_CHARS.sub(" ", text.casefold()).split() if w.strip("'’-"))


def _age_to_date(value: str, today: date) -> date | None:
    match = _AGE.match(value.strip().casefold())
    if not match:
        return None
    try:
        amount, unit = parse_number(match.group(1)), match.group(2)
    except NumberError:
        return None
    days = {"d": 1, "w": 7, "m": 30, "y": 365}[unit] * amount
    return today - timedelta(days=min(days, 365 * 100))


def parse_query(raw: str, *, today: date) -> ParsedQuery:
    """Parse what was typed; problems become messages and the rest still searches."""
    query = ParsedQuery()
    text = raw.strip()
    if len(text) > MAX_QUERY_LENGTH:
        query.messages.append(f"Only the first {MAX_QUERY_LENGTH} characters were searched.")
        text = text[:MAX_QUERY_LENGTH]
    if text.count('"') % 2:
        query.messages.append("A quotation mark was not closed; it was ignored.")
        text = text.replace('"', " ")
    join_next = False
    dropped_stop_words = False
    for match in _TOKEN.finditer(text):
        negative, field_name, op = bool(match["neg"]), match["field"], match["op"]
        value = match["phrase"] if match["phrase"] is not None else match["word"]
        if field_name and op:
            _apply_filter(query, field_name, op, value, today)
            continue
        if field_name:  # "field" matched a plain word with no operator
            value = field_name + (value or "")
        if value == "OR" and not negative:
            join_next = bool(query.required)
            continue
        words = _words(value)
        if not words:
            continue
        if len(words) == 1 and words[0] in STOP_WORDS and match["phrase"] is None:
            dropped_stop_words = True
            continue
        term = Term(words)
        if negative:
            query.excluded.append(term)
        elif join_next:
            query.required[-1].append(term)
        else:
            query.required.append([term])
        join_next = False
    if len(query.required) + len(query.excluded) > MAX_TERMS:
        query.required = query.required[:MAX_TERMS]
        query.excluded = query.excluded[: max(0, MAX_TERMS - len(query.required))]
        query.messages.append(f"Only the first {MAX_TERMS} words were searched.")
    if dropped_stop_words and not query.required and query.is_empty:
        query.messages.append(
            "Words like “the” and “and” are too common to search for on their own: "
            "add a less common word, or put the words in quotes."
        )
    return query


def _apply_filter(query: ParsedQuery, name: str, op: str, value: str, today: date) -> None:
    value = value.strip()
    if name in TEXT_FIELDS and op == ":":
        if value:
            query.text_filters.setdefault(name, []).append(value)
    elif name == "rating" and op == ":":
        rating = RATINGS.get(value.casefold())
        if rating:
            query.rating = rating
        else:
            query.messages.append(
                f"“{value}” is not a rating: use general, teen, mature or explicit."
            )
    elif name == "language" and op == ":":
        query.language = value.casefold()
    elif name == "complete" and op == ":":
        query.complete = value.casefold() in {"yes", "true", "1", "y"}
    elif name in {"words", *COUNTED}:
        _range_filter(query, name, op, value)
    elif name == "updated":
        when = _age_to_date(value, today)
        if when is None:
            query.messages.append(f"“updated{op}{value}”: write an age such as 2w, 3d, 6m or 1y.")
        elif op in {"<", "<="}:
            query.updated_after = when  # updated less than 2w ago
        elif op in {">", ">="}:
            query.updated_before = when
    else:
        query.messages.append(
            f"“{name}{op}” is not a field we know: try title:, creator:, fandom:, tag:, "
            "character:, relationship:, rating:, language:, complete:, words>, kudos>, "
            "comments>, bookmarks>, hits> or updated<."
        )


def _range_filter(query: ParsedQuery, name: str, op: str, value: str) -> None:
    """words>5000, words:1000-5000, kudos>=10, hits<100: bounds are whole numbers."""
    low: int | None = None
    high: int | None = None
    ranged = _RANGE.match(value)
    try:
        if op == ":" and ranged:
            low, high = parse_number(ranged.group(1)), parse_number(ranged.group(2))
        elif op in {">", ">="}:
            low = parse_number(value) + (1 if op == ">" else 0)
        elif op in {"<", "<="}:
            high = parse_number(value) - (1 if op == "<" else 0)
        else:
            raise NumberError("")
    except NumberError as error:
        why = f" {error}" if str(error) else ""
        query.messages.append(f"“{name}{op}{value}”: write {name}>10 or {name}:10-100.{why}")
        return
    if name == "words":
        query.words_min = low if low is not None else query.words_min
        query.words_max = high if high is not None else query.words_max
    else:
        was = query.counts.get(name, (None, None))
        query.counts[name] = (
            low if low is not None else was[0],
            high if high is not None else was[1],
        )
