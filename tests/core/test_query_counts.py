"""Every page type stays within 8 database queries, for a guest and for a member.

The archive is full enough to expose a query per row: a multi-chapter work in two series,
with every tag kind, co-creators, beta readers, threaded comments, kudos from members and
guests, and bookmarks; lists hold several such works. A page that starts to ask once per
work, tag, comment or chapter fails here.

Counted: queries to the archive's database when the page is rendered (not replayed from the
guest page cache, where it costs none), after a first visit has warmed the shared cache
(sessions are read from it: `SESSION_ENGINE` is `cached_db`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficarchive.accounts.models import User
from ficarchive.community.services import bookmark_save, comment_post, kudos_leave
from ficarchive.core.pagecache import guest_pages_invalidate
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Series, SeriesPart, Work
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 8


@pytest.fixture
def archive() -> dict[str, str]:
    """Five rich works; the URLs of one of each page type."""
    fandom = TagFactory(name="Harbour Lights", kind=TagKind.FANDOM)
    readers = [UserFactory(username=f"reader{n}") for n in range(3)]
    series = [Series.objects.create(title=f"Saga {n}") for n in range(2)]
    works: list[Work] = []
    for n in range(5):
        author = CreatorFactory(name=f"Author {n}", user=UserFactory(username=f"author{n}"))
        work = WorkFactory(creators=[author, CreatorFactory()], chapters=3, expected_chapters=4)
        tags = [fandom] + [TagFactory(kind=kind) for kind in TagKind if kind != TagKind.FANDOM]
        work.tags.set(tags)
        work.betas.set([CreatorFactory(), CreatorFactory()])
        for position, one in enumerate(series, start=1):
            SeriesPart.objects.create(series=one, work=work, position=n * 2 + position)
        chapter = work.chapters.get(position=2)
        for reader in readers:
            top = comment_post(chapter=chapter, user=reader, text="Lovely.")
            comment_post(chapter=chapter, user=readers[0], text="Agreed.", parent=top)
            kudos_leave(work=work, user=reader, address="203.0.113.1")
            bookmark_save(user=reader, work=work, notes="Again.", is_private=False)
        for guest in range(3):
            kudos_leave(work=work, user=AnonymousUser(), address=f"198.51.100.{guest}")
        works.append(work)
    call_command("search_rebuild", verbosity=0)  # factories write rows, not the index
    work = works[0]
    return {
        "home": "/",
        "chapter": f"/works/{work.pk}/chapters/2/",
        "work": f"/works/{work.pk}/",
        "entire work": f"/works/{work.pk}/?view_full_work=true",
        "search": "/search/?q=opens",
        "tag": f"/tags/{fandom.pk}/works/",
        "fandom index": "/fandoms/",
        "creator": f"/creators/{work.ordered_creators[0].pk}/",
        "series": f"/series/{series[0].pk}/",
        "bookmarks": "/users/reader0/bookmarks/",
        "profile": "/users/author0/",
    }


def _guest_client() -> Client:
    return Client()


def _member_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="reader1"))
    return client


@pytest.mark.parametrize("page", [
    "home", "chapter", "work", "entire work", "search", "tag", "fandom index", "creator",
    "series", "bookmarks", "profile",
])  # fmt: skip
@pytest.mark.parametrize("who", [_guest_client, _member_client], ids=["guest", "member"])
def test_page_stays_within_the_query_budget(
    archive: dict[str, str], page: str, who: Callable[[], Client]
) -> None:
    client = who()
    url = archive[page]
    assert client.get(url).status_code == 200  # the first visit warms the cache
    guest_pages_invalidate()  # a guest's page is rendered, not replayed from the page cache
    with CaptureQueriesContext(connections["default"]) as queries:
        response = client.get(url)
    assert response.status_code == 200
    statements = "\n".join(query["sql"][:200] for query in queries.captured_queries)
    assert len(queries) <= MAX_QUERIES, f"{page}: {len(queries)} queries\n{statements}"


def test_the_rich_work_shows_what_was_counted(archive: dict[str, str]) -> None:
    """The budget is met with everything on the page, not by leaving it out."""
    client = _member_client()
    # The full header (series, betas) is on the work's first page; from chapter 2 on only a
    # compact one repeats.
    first = client.get(archive["work"]).content.decode()
    assert first.count("Part ") >= 2, "both series"
    assert "Beta read by" in first
    page = client.get(archive["chapter"]).content.decode()
    assert "Lovely." in page
    assert "Agreed." in page
    assert "3 guests left kudos" in page
    assert "Your bookmark" in page
    assert Tag.objects.count() >= 5


def test_the_search_page_counted_finds_and_quotes_every_work(archive: dict[str, str]) -> None:
    page = _guest_client().get(archive["search"]).content.decode()
    assert page.count('class="snippet"') == 5, "a snippet for each of the five works"
