"""Fields are declared once (works/fields.py): the list form, the search box's language, the
database search and the Tantivy index all follow the declaration.

Each test runs on the database's own search and on Tantivy, whatever
FICARCHIVE_SEARCH_BACKEND says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, override_settings
from django.utils import timezone

from ficarchive.search.query import parse_query
from ficarchive.search.services import search_index_work
from ficarchive.tags.models import ArchiveWarning, Tag, TagKind
from ficarchive.works import fields
from ficarchive.works.fields import Kind, Sort, WorkField, work_fields
from ficarchive.works.filters import (
    WorkFilterForm,
    apply_conditions,
    apply_sort,
    facets,
    form_conditions,
)
from ficarchive.works.models import Rating, Work
from tests.factories import ChapterFactory, CreatorFactory, WorkFactory

pytestmark = pytest.mark.django_db

# Not declared in works/fields.py: the tests declare it, as a developer adding a field would.
LENGTH = WorkField(
    "length", "Length", Kind.NUMBER, attribute="word_count",
    params=("length_from", "length_to"), in_query=True,
    sort=Sort("Shortest first", descending=False),
)  # fmt: skip


@pytest.fixture(params=["database", "tantivy"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with override_settings(SEARCH_BACKEND=request.param, SEARCH_INDEX_DIR=tmp_path / "index"):
        yield request.param


def post(title: str, words: int, **kwargs: object) -> Work:
    work = WorkFactory(title=title, chapters=0, **kwargs)
    ChapterFactory(work=work, position=1, body_html=f"<p>{' '.join(['lamp'] * words)}</p>")
    work.refresh_word_count()
    search_index_work(work_id=work.pk)
    return work


def searched(**params: str) -> list[str]:
    response = Client().get("/search/", params)
    assert response.status_code == 200
    assert response.context["messages_for_query"] == []
    return [result["work"].title for result in response.context["results"]]


def listed(**params: str) -> list[str]:
    response = Client().get("/", params)
    assert response.status_code == 200
    return [work.title for work in response.context["page"].object_list]


def test_a_field_declared_in_one_place_is_filtered_and_sorted_everywhere(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, LENGTH))
    for title, words in (("Middling", 20), ("Short", 5), ("Long", 50)):
        post(title, words)

    form = WorkFilterForm({})
    assert {"length_from", "length_to"} <= set(form.fields)
    assert ("length", "Shortest first") in form.fields["sort"].choices  # type: ignore[attr-defined]
    assert listed(length_from="10", sort="length") == ["Middling", "Long"]
    assert "length_to" in WorkFilterForm({"length_to": "²"}).errors, "read by core/numbers"

    assert parse_query("length>10", today=dt.date(2026, 1, 1)).ranges == {"length": (11, None)}
    assert searched(q="lamp length>10", sort="length") == ["Middling", "Long"]
    assert searched(q="lamp length:1-20", sort="length") == ["Short", "Middling"]
    assert searched(q="lamp", length_to="20", sort="length") == ["Short", "Middling"]
    assert searched(q="lamp", sort="length") == ["Short", "Middling", "Long"]


# title, creator, rating, language, expected chapters, published, updated (days ago),
# words, kudos, comments, bookmarks, hits, tags
# AO3 categories, row by row: several in one work, and none.
CATEGORIES = ["ff,mm", "gen", "", "ff"]
# For each CHOICE field, values that keep some works and not others (the first, typed alone).
CHOICE_SAMPLES = {"rating": [Rating.TEEN, Rating.MATURE], "category": ["mm", "gen"]}

ROWS = [
    ("Aster", "Ivy", Rating.GENERAL, "en", 1, 2020, 400, 3, 2, 0, 1, 10,
     ["Harbour Lights", "warn"]),
    ("Birch", "Oak", Rating.TEEN, "fr", None, 2021, 3, 10, 0, 3, 1, 40, ["relationship tag"]),
    ("Cedar", "Yew", Rating.MATURE, "EN", 1, 2022, 40, 17, 5, 1, 0, 20,
     ["character tag", "freeform tag"]),
    ("Dune", "Elm", Rating.TEEN, "de", 2, 2023, 9, 24, 1, 2, 4, 30, []),
]  # fmt: skip


@pytest.fixture
def library() -> list[Work]:
    """Works that differ in every declared field, so each filter keeps some and not others."""
    tags = {
        "Harbour Lights": Tag.objects.create(kind=TagKind.FANDOM, name="Harbour Lights"),
        "warn": Tag.objects.create(kind=TagKind.WARNING, name=ArchiveWarning.NONE_APPLY),
        **{
            f"{kind.value} tag": Tag.objects.create(kind=kind, name=f"{kind.value} tag")
            for kind in (TagKind.RELATIONSHIP, TagKind.CHARACTER, TagKind.FREEFORM)
        },
    }
    Tag.objects.create(kind=TagKind.FANDOM, name="HL", synonym_of=tags["Harbour Lights"])
    today = timezone.localdate()
    works = []
    for row, categories in zip(ROWS, CATEGORIES, strict=True):
        title, creator, rating, language, expected, year, days, words, *counts, names = row
        work = WorkFactory(
            title=f"{title} lamp", chapters=0, rating=rating, language=language,
            categories=categories,
            expected_chapters=expected, published=dt.date(year, 1, 1),
            updated=today - dt.timedelta(days=days),
            creators=[CreatorFactory(name=f"{creator} Writer")],
        )  # fmt: skip
        ChapterFactory(work=work, position=1, body_html=f"<p>{'lamp ' * words}</p>")
        work.refresh_word_count()
        kudos, comments, bookmarks, hits = counts
        Work.objects.filter(pk=work.pk).update(
            kudos_count=kudos, comment_count=comments, bookmark_count=bookmarks, hit_count=hits
        )
        work.tags.add(*(tags[name] for name in names))
        search_index_work(work_id=work.pk)
        works.append(work)
    return works


def _middle(field: WorkField) -> object:
    values = sorted(Work.objects.values_list(field.attribute, flat=True))
    return values[len(values) // 2]


def query_sample(field: WorkField) -> str:
    """Something to type in the search box for the field, narrowing the library."""
    if field.kind == Kind.NUMBER:
        return f"{field.name}>={_middle(field)}"
    if field.kind == Kind.DATE:
        return f"{field.name}<2w"
    if field.kind == Kind.CHOICE:
        return f"{field.name}:{CHOICE_SAMPLES[field.name][0]}"
    if field.kind == Kind.EXACT:
        return f"{field.name}:en"
    if field.kind == Kind.BOOL:
        return f"{field.name}:no"
    if field.kind == Kind.TEXT:
        return f"{field.name}:{'b' if field.name == 'title' else 'oak'}"
    return f'{field.name}:"{"harbour" if field.tag_kind in {None, TagKind.FANDOM} else "tag"}"'


def form_sample(field: WorkField) -> dict[str, str | list[str]]:
    """Values for the field's inputs in the list form, narrowing the library."""
    first = field.params[0]
    if field.kind in {Kind.NUMBER, Kind.DATE}:
        middle = _middle(field)
        return {first: middle.isoformat() if isinstance(middle, dt.date) else str(middle)}
    if field.kind == Kind.CHOICE:
        return {first: [str(value) for value in CHOICE_SAMPLES[field.name]]}
    if field.kind == Kind.EXACT:
        return {first: "EN"}
    if field.kind == Kind.BOOL:
        return {first: "yes"}
    if field.choices:
        return {first: [ArchiveWarning.NONE_APPLY]}
    return {first: "HL", field.params[1]: "character tag"}


def test_every_declared_field_filters_the_same_on_every_backend(
    engine: str, library: list[Work]
) -> None:
    """The database's lists and the search backend find the same works for each field."""
    anyone = AnonymousUser()
    tried = set()
    for field in work_fields():
        if field.kind == Kind.MINE:  # a member's own works: tests/readings, on both backends
            continue
        if field.in_query:
            parsed = parse_query(query_sample(field), today=timezone.localdate())
            assert parsed.messages == [], field.name
            expected = apply_conditions(Work.objects.visible_to(anyone), parsed.conditions())
            titles = sorted(expected.values_list("title", flat=True))
            assert 0 < len(titles) < len(library), f"{field.name}: the sample narrows"
            assert sorted(searched(q=f"lamp {query_sample(field)}")) == titles, field.name
            tried.add(field.name)
        if field.params:
            form = WorkFilterForm(form_sample(field))
            assert form.is_valid(), (field.name, form.errors)
            narrowed = apply_conditions(
                Work.objects.visible_to(anyone), form_conditions(form.cleaned_data)
            )
            titles = sorted(narrowed.values_list("title", flat=True))
            assert 0 < len(titles) < len(library), f"{field.name}: the sample narrows"
            assert sorted(listed(**form_sample(field))) == titles, field.name
            assert sorted(searched(q="lamp", **form_sample(field))) == titles, field.name
            tried.add(field.name)
    assert tried == {
        f.name for f in work_fields() if (f.in_query or f.params) and f.kind != Kind.MINE
    }


def test_every_declared_sort_orders_the_same_on_every_backend(
    engine: str, library: list[Work]
) -> None:
    for field in work_fields():
        if field.sort is None:
            continue
        ordered = apply_sort(Work.objects.visible_to(AnonymousUser()), field.name)
        expected = list(ordered.values_list("title", flat=True))
        assert listed(sort=field.name) == expected, field.name
        assert searched(q="lamp", sort=field.name) == expected, field.name
        assert searched(q="", sort=field.name) == expected, field.name


def test_every_declared_facet_counts_the_same_on_every_backend(
    engine: str, library: list[Work]
) -> None:
    response = Client().get("/search/", {"q": "lamp"})
    shown = [(f.label, [(o["value"], o["count"]) for o in f.options])
             for f in response.context["facets"]]  # fmt: skip
    counted = facets(Work.objects.visible_to(AnonymousUser()))
    assert shown == [(f.label, [(o["value"], o["count"]) for o in f.options]) for f in counted]
    assert [label for label, _ in shown] == [f.facet for f in work_fields() if f.facet]
