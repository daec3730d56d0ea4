"""Atom feeds: every kind parses with feedparser without a bozo flag, lists what its page
lists, and never shows a draft, a hidden or (to guests) a registered-only work."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from ficarchive.accounts.models import User
from ficarchive.muting.services import tag_mute
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Series, SeriesPart, Visibility, Work
from tests.factories import ChapterFactory, CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fandom() -> Tag:
    return TagFactory(name="Harbour Lights", kind=TagKind.FANDOM)


@pytest.fixture
def works(fandom: Tag) -> dict[str, Work]:
    """A public work (two chapters, in a series), and one of each state that must not leak,
    all by the same creator, in the same fandom and series."""
    author = CreatorFactory(name="Ann Author", user=UserFactory(username="ann"))
    series = Series.objects.create(title="The Saga")
    made = {}
    for position, state in enumerate(Visibility, start=1):
        work = WorkFactory(title=f"The {state.value} one", creators=[author], chapters=2,
                           visibility=state)  # fmt: skip
        work.tags.add(fandom)
        SeriesPart.objects.create(series=series, work=work, position=position)
        made[state.value] = work
    return made


def _feed(client: Client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def _feed_urls(works: dict[str, Work], fandom: Tag) -> list[str]:
    public = works["public"]
    return [
        reverse("feeds:works"),
        reverse("feeds:tag", args=[fandom.pk]),
        reverse("feeds:creator", args=[public.ordered_creators[0].pk]),
        reverse("feeds:series", args=[public.series_parts.get().series_id]),
        reverse("feeds:search") + "?q=opens",
    ]


def _titles(parsed: feedparser.FeedParserDict) -> str:
    return " | ".join(entry.title for entry in parsed.entries)


def test_every_feed_kind_parses_and_shows_guests_only_public_works(
    client: Client, works: dict[str, Work], fandom: Tag
) -> None:
    from django.core.management import call_command

    call_command("search_rebuild", verbosity=0)
    for url in _feed_urls(works, fandom):
        titles = _titles(_feed(client, url))
        assert "The public one" in titles, url
        for hidden in ("draft", "hidden", "registered"):
            assert f"The {hidden} one" not in titles, url


def test_registered_only_work_reaches_a_member(
    client: Client, works: dict[str, Work], fandom: Tag
) -> None:
    client.force_login(UserFactory(username="reader"))
    titles = _titles(_feed(client, reverse("feeds:tag", args=[fandom.pk])))
    assert "The registered one" in titles
    assert "The draft one" not in titles
    assert "The hidden one" not in titles


def test_tag_feed_has_new_works_and_chapter_updates_with_stable_ids(
    client: Client, works: dict[str, Work], fandom: Tag
) -> None:
    parsed = _feed(client, reverse("feeds:tag", args=[fandom.pk]))
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["The public one: Chapter 2: Part 2", "The public one"]
    first = parsed.entries[0]
    chapter = works["public"].chapters.get(position=2)
    assert first.id == f"tag:testserver,2024-01-02:works/{works['public'].pk}/chapters/{chapter.pk}"
    assert first.link.endswith(chapter.get_absolute_url())
    assert first.author == "Ann Author"
    assert first.updated_parsed is not None
    assert parsed.entries[1].summary == "<p>A summary.</p>"
    # A new chapter comes first, and earlier entries keep their ids.
    ChapterFactory(work=works["public"], position=3, published="2025-01-01")
    again = _feed(client, reverse("feeds:tag", args=[fandom.pk]))
    assert again.entries[0].title == "The public one: Chapter 3: Part 3"
    assert [e.id for e in again.entries[1:]] == [e.id for e in parsed.entries]


def test_summary_html_is_sanitized(client: Client, works: dict[str, Work]) -> None:
    work = works["public"]
    work.summary = '<p onclick="x()">Hi<script>alert(1)</script></p>'
    work.save()
    parsed = _feed(client, reverse("feeds:work", args=[work.pk]))
    assert "script" not in parsed.entries[-1].summary
    assert "onclick" not in parsed.entries[-1].summary


def test_work_feed_lists_its_posted_chapters(client: Client, works: dict[str, Work]) -> None:
    work = works["public"]
    ChapterFactory(work=work, position=3, is_posted=False)
    parsed = _feed(client, reverse("feeds:work", args=[work.pk]))
    assert len(parsed.entries) == 2


@pytest.mark.parametrize("state", ["draft", "hidden", "registered"])
def test_feed_of_a_work_guests_may_not_read_is_a_404(
    client: Client, works: dict[str, Work], state: str
) -> None:
    assert client.get(reverse("feeds:work", args=[works[state].pk])).status_code == 404


def test_feed_of_a_tag_only_on_drafts_is_a_404(client: Client) -> None:
    secret = TagFactory(name="Secret")
    WorkFactory(visibility=Visibility.DRAFT).tags.add(secret)
    assert client.get(reverse("feeds:tag", args=[secret.pk])).status_code == 404


def test_owner_sees_their_draft_in_their_creator_feed(
    client: Client, works: dict[str, Work]
) -> None:
    client.force_login(User.objects.get(username="ann"))
    url = reverse("feeds:creator", args=[works["public"].ordered_creators[0].pk])
    assert "The draft one" in _titles(_feed(client, url))


def test_filtered_list_feed_has_the_same_works_as_its_page(
    client: Client, works: dict[str, Work]
) -> None:
    WorkFactory(title="Explicit one", rating="explicit")
    page = client.get(reverse("works:home") + "?rating=explicit")
    parsed = _feed(client, reverse("feeds:works") + "?rating=explicit")
    assert _titles(parsed) == "Explicit one"
    assert [w.title for w in page.context["page"].object_list] == ["Explicit one"]


def test_muted_tag_leaves_a_members_feeds(
    client: Client, works: dict[str, Work], fandom: Tag
) -> None:
    member = UserFactory(username="muter")
    other = WorkFactory(title="Unmuted one")
    muted = TagFactory(name="Not for me")
    works["public"].tags.add(muted)
    tag_mute(member=member, tag=muted)
    client.force_login(member)
    titles = _titles(_feed(client, reverse("feeds:works")))
    assert other.title in titles
    assert "The public one" not in titles


def test_feeds_answer_get_only(client: Client, works: dict[str, Work]) -> None:
    assert client.post(reverse("feeds:works")).status_code == 405


def test_a_members_feed_is_private_to_shared_caches(
    client: Client, works: dict[str, Work], fandom: Tag
) -> None:
    url = reverse("feeds:tag", args=[fandom.pk])
    guest = client.get(url)
    assert "private" not in guest.get("Cache-Control", "")
    assert "Authorization" in guest["Vary"]
    client.force_login(UserFactory(username="reader"))
    assert "private" in client.get(url)["Cache-Control"]


def test_a_filtered_feed_links_itself_and_its_page_with_the_query(
    client: Client, works: dict[str, Work]
) -> None:
    parsed = _feed(client, reverse("feeds:works") + "?rating=teen&page=2")
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == "http://testserver/works/feed.atom?rating=teen&page=2"
    assert links["alternate"] == "http://testserver/?rating=teen"


def test_every_co_creator_is_an_author(client: Client) -> None:
    work = WorkFactory(creators=[CreatorFactory(name="Ann"), CreatorFactory(name="Bea")])
    parsed = _feed(client, reverse("feeds:work", args=[work.pk]))
    assert [author.name for author in parsed.entries[0].authors] == ["Ann", "Bea"]
