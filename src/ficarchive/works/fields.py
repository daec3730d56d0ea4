"""Every field a list of works is filtered or sorted by, declared once.

The list filter form and the database's filters (works/filters.py), the search box's language
(search/query.py), the database search (search/backends/sql.py) and the Tantivy index
(search/backends/tantivy_index.py) all read FIELDS and nothing else: a new field is one
WorkField here (and, with Tantivy, an index rebuilt by `ficarchive serve`, which starts a new
index when the fields change). Both sources of filters, the form's cleaned data and the parsed
search, become the same Conditions, which each backend applies in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.db.models.functions import Lower

from ficarchive.core.languages import language_choices
from ficarchive.tags.models import ArchiveWarning, Tag, TagKind, name_key
from ficarchive.works.models import CATEGORY_SEPARATOR, Category, Rating, Work


class Kind(StrEnum):
    NUMBER = "number"  # a whole number: words>5000, ?words_from=&words_to=, a sort
    DATE = "date"  # a date: updated<2w (an age), ?updated_from=&updated_to=, a sort
    CHOICE = "choice"  # one of fixed values: rating:teen, ?rating=teen&rating=mature
    # (with `multiple`, a work may hold several: category:ff finds "F/F, M/M" works too)
    EXACT = "exact"  # free text matched whole, in any case: language:fr, ?language=fr
    BOOL = "bool"  # yes or no: complete:yes, ?complete=yes|no
    TEXT = "text"  # words inside a name (search box only): title:tide, creator:ivy
    TAG = "tag"  # tags of one kind (or any), synonyms included: fandom:buffy, ?include=
    # The member's own works of a kind another app keeps (works/viewer.py), hidden from the
    # list when ticked: ?hide_read=on. Members only; nothing in the index.
    MINE = "mine"


@dataclass(frozen=True)
class Sort:
    label: str  # in the sort menu
    descending: bool = True
    # The ORM expression to order by when it is not the field's attribute (title: its lower
    # case); the Tantivy index stores the same expression's value.
    key: Any = None


@dataclass(frozen=True)
class WorkField:
    name: str  # in the search box (name:value, name>n), the index, the parsed query
    label: str
    kind: Kind
    # The Work attribute holding the value: filtered on and indexed (BOOL: a property, and
    # `methods` filter by it; TEXT: `lookup` filters by it).
    attribute: str = ""
    # The list form's URL parameters: NUMBER and DATE (from, to); CHOICE, EXACT, BOOL, and
    # TAG with choices (each one required): (name,); any other TAG: (include, exclude).
    params: tuple[str, ...] = ()
    in_query: bool = False  # offered in the search box under its name
    sort: Sort | None = None
    choices: Sequence[tuple[str, str]] = ()  # CHOICE and fixed TAG names: (value, label)
    aliases: dict[str, str] = field(default_factory=dict)  # other words the search box takes
    facet: str = ""  # label of the counts shown beside the results ("" for none)
    tag_kind: TagKind | None = None  # TAG: its tags' kind (None: any kind)
    lookup: str = ""  # TEXT: the Work lookup that finds a name containing the text
    key: Callable[[str], str] | None = None  # TEXT: what the typed text is turned into first
    methods: tuple[str, str] = ("", "")  # BOOL: the WorkQuerySet methods for yes and no
    form_labels: tuple[str, ...] = ()  # labels of the form's inputs when not derived
    help_text: str = ""  # under the form's first input
    # EXACT: the list form offers a menu of these (value, name) instead of a text box; called
    # with the value asked for, so a value outside the menu stays choosable
    menu: Callable[[str], list[tuple[str, str]]] | None = None
    # CHOICE: a work holds any number of the values, stored joined by CATEGORY_SEPARATOR
    multiple: bool = False

    def listed(self, value: str) -> Q:
        """CHOICE with `multiple`: the stored list holds this value (a whole item of it)."""
        column, sep = self.attribute, CATEGORY_SEPARATOR
        return (
            Q(**{column: value})
            | Q(**{f"{column}__startswith": f"{value}{sep}"})
            | Q(**{f"{column}__endswith": f"{sep}{value}"})
            | Q(**{f"{column}__contains": f"{sep}{value}{sep}"})
        )

    def values_of(self, stored: str) -> list[str]:
        """CHOICE: the values one work holds (several with `multiple`)."""
        if not self.multiple:
            return [stored]
        return [value for value in stored.split(CATEGORY_SEPARATOR) if value]


# In the order the list form shows them, the sort menu lists them and the counts beside the
# results follow; the default sort comes first, as a browser shows the first option of a menu
# when none is chosen.
FIELDS: tuple[WorkField, ...] = (
    WorkField(
        "rating", "Rating", Kind.CHOICE, attribute="rating", params=("rating",), in_query=True,
        choices=Rating.choices, facet="Rating",
        aliases={"g": "general", "t": "teen", "m": "mature", "e": "explicit",
                 "notrated": "not-rated"},
    ),
    WorkField(
        "category", "Category", Kind.CHOICE, attribute="categories", params=("category",),
        in_query=True, choices=Category.choices, facet="Category", multiple=True,
        aliases={"f/f": "ff", "f/m": "fm", "m/f": "fm", "mf": "fm", "m/m": "mm"},
    ),
    WorkField(
        "warning", "Archive warnings", Kind.TAG, tag_kind=TagKind.WARNING, params=("warning",),
        choices=ArchiveWarning.choices, facet="Archive warnings",
    ),
    WorkField(
        "complete", "Completion", Kind.BOOL, attribute="is_complete", params=("complete",),
        in_query=True, methods=("complete", "in_progress"),
        form_labels=("All works", "Complete only", "In progress only"),
    ),
    WorkField("language", "Language", Kind.EXACT, attribute="language", params=("language",),
              in_query=True, menu=language_choices),
    WorkField("updated", "Updated", Kind.DATE, attribute="updated",
              params=("updated_from", "updated_to"), in_query=True, sort=Sort("Date updated")),
    WorkField("published", "Published", Kind.DATE, attribute="published",
              params=("published_from", "published_to"), sort=Sort("Date posted")),
    WorkField("words", "Words", Kind.NUMBER, attribute="word_count",
              params=("words_from", "words_to"), in_query=True, sort=Sort("Word count")),
    WorkField("title", "Title", Kind.TEXT, lookup="title__icontains", in_query=True,
              sort=Sort("Title", descending=False, key=Lower("title"))),
    WorkField(
        "creator", "Creator", Kind.TEXT, lookup="authorships__creator__name_key__contains",
        key=name_key, in_query=True,
        sort=Sort("Creator", descending=False, key=Min("authorships__creator__name_key")),
    ),
    WorkField("kudos", "Kudos", Kind.NUMBER, attribute="kudos_count", in_query=True,
              sort=Sort("Kudos")),
    WorkField("comments", "Comments", Kind.NUMBER, attribute="comment_count", in_query=True,
              sort=Sort("Comments")),
    WorkField("bookmarks", "Bookmarks", Kind.NUMBER, attribute="bookmark_count", in_query=True,
              sort=Sort("Bookmarks")),
    WorkField("hits", "Hits", Kind.NUMBER, attribute="hit_count", in_query=True,
              sort=Sort("Hits")),
    WorkField("fandom", "Fandoms", Kind.TAG, tag_kind=TagKind.FANDOM, in_query=True,
              facet="Fandoms"),
    WorkField("relationship", "Relationships", Kind.TAG, tag_kind=TagKind.RELATIONSHIP,
              in_query=True, facet="Relationships"),
    WorkField("character", "Characters", Kind.TAG, tag_kind=TagKind.CHARACTER, in_query=True,
              facet="Characters"),
    WorkField("freeform", "Additional tags", Kind.TAG, tag_kind=TagKind.FREEFORM,
              facet="Additional tags"),
    WorkField(
        "tag", "Tags", Kind.TAG, params=("include", "exclude"), in_query=True,
        form_labels=("Include tags", "Exclude tags"),
        help_text="Fandoms, relationships, characters or tags, comma-separated.",
    ),
    WorkField("read", "Works I have read", Kind.MINE, params=("hide_read",),
              form_labels=("Hide works I have read",)),
)  # fmt: skip

BEST_MATCH = "best"  # not a field: the search engine's own order, for searches with words
DEFAULT_SORT = "updated"


def work_fields() -> tuple[WorkField, ...]:
    """The declared fields, read at each use (a test may declare one more)."""
    return FIELDS


def field_named(name: str) -> WorkField | None:
    return next((f for f in work_fields() if f.name == name), None)


def sort_choices() -> list[tuple[str, str]]:
    """The sort menu: the sortable fields as declared, then the search engine's best match."""
    sortable = [(f.name, f.sort.label) for f in work_fields() if f.sort is not None]
    return [*sortable, (BEST_MATCH, "Best match (searches)")]


# Conditions: one filter, from the list form or the search box, in the backends' terms ------


@dataclass(frozen=True)
class Between:
    """NUMBER or DATE: at least low and at most high (either may be open)."""

    field: WorkField
    low: int | date | None
    high: int | date | None


@dataclass(frozen=True)
class OneOf:
    """CHOICE (any of the values) or EXACT (the one value, in any case)."""

    field: WorkField
    values: tuple[str, ...]


@dataclass(frozen=True)
class Holds:
    """BOOL: the field is true (or false)."""

    field: WorkField
    value: bool


@dataclass(frozen=True)
class NameContains:
    """TEXT or TAG: a name (or a tag, or its canonical tag) contains the typed text."""

    field: WorkField
    text: str


@dataclass(frozen=True)
class Tagged:
    """TAG: the work carries one of these tags (or, with exclude, none of them)."""

    tag_ids: QuerySet[Tag, int] | list[int]
    exclude: bool = False


@dataclass(frozen=True)
class AmongWorks:
    """MINE: the work is one of these (or, with exclude, none of them)."""

    work_ids: QuerySet[Any, int] | list[int]
    exclude: bool = False


Condition = Between | OneOf | Holds | NameContains | Tagged | AmongWorks


def works_named_like(condition: NameContains) -> QuerySet[Work]:
    """TEXT: the works (any visibility: callers narrow) whose name contains the text."""
    key = condition.field.key or (lambda text: text)
    return Work.objects.filter(**{condition.field.lookup: key(condition.text)})


def tags_named_like(condition: NameContains) -> QuerySet[Tag]:
    """TAG: the tags of the field's kind whose name, or whose canonical tag's, holds the text."""
    key = name_key(condition.text)
    match = Q(name_key__contains=key) | Q(synonym_of__name_key__contains=key)
    if condition.field.tag_kind is not None:
        match &= Q(kind=condition.field.tag_kind)
    return Tag.objects.filter(match)
