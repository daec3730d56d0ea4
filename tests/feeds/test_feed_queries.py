"""Every feed and catalogue page stays within 8 queries, for a guest and for a member, over
works rich enough to expose a query per work, chapter, creator or tag."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ficarchive.community.services import bookmark_save
from ficarchive.tags.models import TagKind
from ficarchive.works.models import Series, SeriesPart
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 8


@pytest.fixture
def urls() -> dict[str, str]:
    fandom = TagFactory(name="Harbour Lights", kind=TagKind.FANDOM)
    series = Series.objects.create(title="Saga")
    reader = UserFactory(username="reader")
    work = None
    for n in range(6):
        author = CreatorFactory(name=f"Author {n}", user=UserFactory(username=f"author{n}"))
        work = WorkFactory(creators=[author, CreatorFactory()], chapters=3, expected_chapters=4)
        tags = [fandom] + [TagFactory(kind=kind) for kind in TagKind if kind != TagKind.FANDOM]
        work.tags.set(tags)
        SeriesPart.objects.create(series=series, work=work, position=n + 1)
        bookmark_save(user=reader, work=work, notes="", is_private=False)
    assert work is not None
    call_command("search_rebuild", verbosity=0)
    return {
        "works feed": reverse("feeds:works") + "?rating=teen",
        "tag feed": reverse("feeds:tag", args=[fandom.pk]),
        "creator feed": reverse("feeds:creator", args=[work.ordered_creators[0].pk]),
        "series feed": reverse("feeds:series", args=[series.pk]),
        "work feed": reverse("feeds:work", args=[work.pk]),
        "search feed": reverse("feeds:search") + "?q=opens",
        "opds root": reverse("feeds:opds"),
        "opds recent": reverse("feeds:opds_recent") + "?complete=no",
        "opds fandoms": reverse("feeds:opds_fandoms"),
        "opds tags": reverse("feeds:opds_tags"),
        "opds tag": reverse("feeds:opds_tag", args=[fandom.pk]),
        "opds series list": reverse("feeds:opds_series"),
        "opds series": reverse("feeds:opds_series_works", args=[series.pk]),
        "opds search": reverse("feeds:opds_search") + "?q=opens",
        "opds bookmarks": reverse("feeds:opds_shelf", args=["bookmarks"]),
        "opds later": reverse("feeds:opds_shelf", args=["later"]),
        "opds subscriptions": reverse("feeds:opds_shelf", args=["subscriptions"]),
    }


def _count(client: Client, url: str) -> int:
    client.get(url)  # warms the shared cache (sessions, mutes), as a second visit finds it
    with CaptureQueriesContext(connections["default"]) as queries:
        response = client.get(url)
    assert response.status_code in (200, 401), url
    return len(queries)


@pytest.mark.parametrize("visitor", ["guest", "member"])
def test_every_feed_stays_within_the_query_budget(urls: dict[str, str], visitor: str) -> None:
    client = Client()
    if visitor == "member":
        client.force_login(UserFactory(username="reader"))
    counts = {name: _count(client, url) for name, url in urls.items()}
    print(counts)
    assert {name: n for name, n in counts.items() if n > MAX_QUERIES} == {}
