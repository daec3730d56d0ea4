"""Browsing: fandom index, tag pages with synonyms, series, filters on every list."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.core.pagecache import guest_pages_invalidate
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Creator, Rating, Series, SeriesPart, Visibility
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags() -> dict[str, Tag]:
    buffy = Tag.objects.create(kind=TagKind.FANDOM, name="Buffy the Vampire Slayer")
    return {
        "buffy": buffy,
        "btvs": Tag.objects.create(kind=TagKind.FANDOM, name="BtVS", synonym_of=buffy),
        "angel": Tag.objects.create(kind=TagKind.FANDOM, name="Angel"),
        "fluff": Tag.objects.create(kind=TagKind.FREEFORM, name="Fluff"),
    }


def test_fandom_index_counts_only_visible_works(
    tags: dict[str, Tag], alice_creator: Creator
) -> None:
    WorkFactory(title="One").tags.add(tags["buffy"])
    WorkFactory(title="Two").tags.add(tags["btvs"])
    WorkFactory(title="Hidden", visibility=Visibility.DRAFT, creators=[alice_creator]).tags.add(
        tags["angel"]
    )
    page = Client().get("/fandoms/").content.decode()
    assert 'Buffy the Vampire Slayer</a> <span class="muted">(2)</span>' in page
    assert "Angel" not in page
    assert 'id="letter-B"' in page


def test_tag_page_includes_synonyms(tags: dict[str, Tag]) -> None:
    WorkFactory(title="Canonical").tags.add(tags["buffy"])
    WorkFactory(title="Synonym").tags.add(tags["btvs"])
    WorkFactory(title="Elsewhere").tags.add(tags["angel"])
    for tag in ("buffy", "btvs"):
        page = Client().get(f"/tags/{tags[tag].pk}/works/").content.decode()
        assert "Canonical" in page
        assert "Synonym" in page
        assert "Elsewhere" not in page


def test_series_page_lists_visible_parts_in_order(alice_creator: Creator) -> None:
    series = Series.objects.create(title="Harbour Tales")
    second = WorkFactory(title="Second Part")
    first = WorkFactory(title="First Part")
    hidden = WorkFactory(title="Draft Part", visibility=Visibility.DRAFT, creators=[alice_creator])
    for position, work in ((2, second), (1, first), (3, hidden)):
        SeriesPart.objects.create(series=series, work=work, position=position)
    page = Client().get(f"/series/{series.pk}/").content.decode()
    assert page.index("First Part") < page.index("Second Part")
    assert "Draft Part" not in page
    empty = Series.objects.create(title="Nothing visible")
    assert Client().get(f"/series/{empty.pk}/").status_code == 404


def test_filters_on_the_front_page(tags: dict[str, Tag]) -> None:
    WorkFactory(title="Mature Buffy", rating=Rating.MATURE).tags.add(tags["buffy"], tags["fluff"])
    WorkFactory(title="Teen Buffy", rating=Rating.TEEN).tags.add(tags["btvs"])
    WorkFactory(title="Teen Angel", rating=Rating.TEEN, expected_chapters=None).tags.add(
        tags["angel"]
    )

    def titles(**params: object) -> list[str]:
        response = Client().get("/", params)
        return sorted(w.title for w in response.context["page"].object_list)

    assert titles(rating="teen") == ["Teen Angel", "Teen Buffy"]
    assert titles(include="BtVS") == ["Mature Buffy", "Teen Buffy"], "synonyms count"
    assert titles(exclude="Fluff") == ["Teen Angel", "Teen Buffy"]
    assert titles(complete="no") == ["Teen Angel"]
    assert titles(sort="title") == ["Mature Buffy", "Teen Angel", "Teen Buffy"]
    guest_pages_invalidate()  # "/?rating=teen" was cached above; the view renders its context
    facets = {f.label: f.options for f in Client().get("/", {"rating": "teen"}).context["facets"]}
    assert {o["label"]: o["count"] for o in facets["Fandoms"]} == {
        "Buffy the Vampire Slayer": 0,
        "BtVS": 1,
        "Angel": 1,
    } or {o["label"]: o["count"] for o in facets["Fandoms"]} == {"BtVS": 1, "Angel": 1}


def test_bad_filter_values_are_ignored_not_errors() -> None:
    response = Client().get("/", {"words_from": "lots", "updated_from": "yesterday", "sort": "x"})
    assert response.status_code == 200
