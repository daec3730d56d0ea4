"""The search box's query language, parsed into plain data (no database here).

    lighthouse "bus station" -storm fog OR mist title:tide creator:Ivy fandom:"Buffy"
    rating:teen language:en complete:yes words>5000 words:1000-5000 updated<2w

Words are all required; quoted phrases match in order; -word excludes; OR joins the words
either side. Field filters narrow by metadata: the fields, their names and their values are
declared in works/fields.py. Mistakes give a message, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ficarchive.core.numbers import NumberError, parse_number
from ficarchive.works.fields import (
    Between,
    Condition,
    Holds,
    Kind,
    NameContains,
    OneOf,
    WorkField,
    field_named,
    work_fields,
)

MAX_QUERY_LENGTH = 500
MAX_TERMS = 12
TRUE_WORDS = {"yes", "true", "1", "y"}
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
    # By field name: TEXT and TAG fields' typed texts (each required), CHOICE, EXACT and BOOL
    # fields' values, NUMBER and DATE fields' (at least, at most).
    text_filters: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, str | bool] = field(default_factory=dict)
    ranges: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.required)

    @property
    def is_empty(self) -> bool:
        return not (self.required or self.text_filters or self.values or self.ranges)

    def highlight_words(self) -> list[str]:
        return [w for group in self.required for term in group for w in term.words]

    def conditions(self) -> list[Condition]:
        """The field filters, as conditions every backend applies like the list form's."""
        found: list[Condition] = []
        for declared in work_fields():
            name = declared.name
            found += [NameContains(declared, text) for text in self.text_filters.get(name, [])]
            if name in self.values:
                value = self.values[name]
                found.append(
                    Holds(declared, bool(value))
                    if declared.kind == Kind.BOOL
                    else OneOf(declared, (str(value),))
                )
            if name in self.ranges:
                found.append(Between(declared, *self.ranges[name]))
        return found

    def __getattr__(self, name: str) -> Any:
        """One field's part by name: query.rating, query.words_min, query.updated_after,
        query.counts (every number's bounds)."""
        if name == "counts":
            numbers = {f.name for f in work_fields() if f.kind == Kind.NUMBER}
            return {n: bounds for n, bounds in self.ranges.items() if n in numbers}
        stem, _, end = name.rpartition("_")
        ranged = field_named(stem)
        ends = {Kind.NUMBER: ("min", "max"), Kind.DATE: ("after", "before")}
        if ranged is not None and end in ends.get(ranged.kind, ()):
            return self.ranges.get(stem, (None, None))[ends[ranged.kind].index(end)]
        valued = field_named(name)
        if valued is not None and valued.kind in {Kind.CHOICE, Kind.EXACT, Kind.BOOL}:
            return self.values.get(name)
        raise AttributeError(name)


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
    declared = field_named(name)
    ranged = declared is not None and declared.kind in {Kind.NUMBER, Kind.DATE}
    if declared is None or not declared.in_query or (op != ":" and not ranged):
        query.messages.append(f"“{name}{op}” is not a field we know: try {_known_fields()}.")
    elif declared.kind in {Kind.TEXT, Kind.TAG}:
        if value:
            query.text_filters.setdefault(name, []).append(value)
    elif declared.kind == Kind.CHOICE:
        _choice_filter(query, declared, value)
    elif declared.kind == Kind.EXACT:
        if value:
            query.values[name] = value.casefold()
    elif declared.kind == Kind.BOOL:
        query.values[name] = value.casefold() in TRUE_WORDS
    elif declared.kind == Kind.NUMBER:
        _range_filter(query, name, op, value)
    else:
        _age_filter(query, name, op, value, today)


def _known_fields() -> str:
    signs = {Kind.NUMBER: ">", Kind.DATE: "<"}
    names = [f"{f.name}{signs.get(f.kind, ':')}" for f in work_fields() if f.in_query]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _choice_filter(query: ParsedQuery, declared: WorkField, value: str) -> None:
    """rating:teen, rating:t: a declared value, or one of its aliases."""
    known = {choice: choice for choice, _ in declared.choices} | declared.aliases
    chosen = known.get(value.casefold())
    if chosen:
        query.values[declared.name] = chosen
        return
    values = [choice for choice, _ in declared.choices]
    query.messages.append(
        f"“{value}” is not a {declared.label.casefold()}: use "
        f"{', '.join(values[:-1])} or {values[-1]}."
    )


def _age_filter(query: ParsedQuery, name: str, op: str, value: str, today: date) -> None:
    """updated<2w: updated less than two weeks ago; updated>1y: more than a year ago."""
    when = _age_to_date(value, today)
    if when is None:
        query.messages.append(f"“{name}{op}{value}”: write an age such as 2w, 3d, 6m or 1y.")
    elif op in {"<", "<="}:
        _bound(query, name, when, None)
    elif op in {">", ">="}:
        _bound(query, name, None, when)


def _bound(query: ParsedQuery, name: str, low: Any, high: Any) -> None:
    """Narrow a field's range; a later bound on the same side replaces an earlier one."""
    was = query.ranges.get(name, (None, None))
    query.ranges[name] = (
        low if low is not None else was[0],
        high if high is not None else was[1],
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
    _bound(query, name, low, high)
