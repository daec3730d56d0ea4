"""The OPDS 1.2 catalogue: namespaces, media types, navigation, acquisition links for every
download format, pagination, facets, OpenSearch, the shelves behind an app password, and the
visibility rules for guests."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree

from ficarchive.community.services import bookmark_save
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Series, SeriesPart, Visibility, Work
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "opds": "http://opds-spec.org/2010/catalog",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
    "thr": "http://purl.org/syndication/thread/1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"


@pytest.fixture
def catalogue() -> dict[str, object]:
    fandom = TagFactory(name="Harbour Lights", kind=TagKind.FANDOM)
    author = CreatorFactory(name="Ann Author", user=UserFactory(username="ann"))
    series = Series.objects.create(title="The Saga")
    works = {}
    for position, state in enumerate(Visibility, start=1):
        work = WorkFactory(title=f"The {state.value} one", creators=[author], visibility=state)
        work.tags.add(fandom, TagFactory(name=f"Lighthouse {state.value}"))
        SeriesPart.objects.create(series=series, work=work, position=position)
        works[state.value] = work
    return {"fandom": fandom, "series": series, "works": works}


def _xml(client: Client, url: str, kind: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(kind), response["Content-Type"]
    return etree.fromstring(response.content)


def _titles(feed: etree._Element) -> list[str]:
    return [e.findtext("atom:title", namespaces=NS) or "" for e in feed.findall("atom:entry", NS)]


def _links(element: etree._Element, rel: str) -> list[etree._Element]:
    return [link for link in element.findall("atom:link", NS) if link.get("rel") == rel]


def test_root_declares_namespaces_and_links_every_section(client: Client) -> None:
    response = client.get(reverse("feeds:opds"))
    assert response["Content-Type"] == NAVIGATION
    text = response.content.decode()
    for uri in NS.values():
        assert uri in text
    feed = etree.fromstring(response.content)
    assert _titles(feed) == [
        "Recently updated", "Fandoms", "Tags", "Series", "Complete works", "Search",
    ]  # fmt: skip
    [search] = _links(feed, "search")
    assert search.get("type") == "application/opensearchdescription+xml"
    assert _links(feed, "start")
    assert _links(feed, "self")
    complete = feed.findall("atom:entry", NS)[4]
    assert _links(complete, "subsection")[0].get("href", "").endswith("/opds/recent/?complete=yes")


def test_opensearch_description_has_a_search_terms_template(client: Client) -> None:
    response = client.get(reverse("feeds:opds_search_description"))
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = etree.fromstring(response.content)
    url = root.find("{http://a9.com/-/spec/opensearch/1.1/}Url")
    assert url is not None
    assert url.get("template") == "http://testserver/opds/search/?q={searchTerms}"
    assert url.get("type") == ACQUISITION


def test_acquisition_entries_link_every_download_format(
    client: Client, catalogue: dict[str, Work]
) -> None:
    feed = _xml(client, reverse("feeds:opds_recent"), ACQUISITION)
    [entry] = feed.findall("atom:entry", NS)
    work = catalogue["works"]["public"]  # type: ignore[index]
    links = {
        link.get("type"): link.get("href")
        for link in _links(entry, "http://opds-spec.org/acquisition")
    }
    assert links["application/epub+zip"] == (
        f"http://testserver/works/{work.pk}/download/the-public-one.epub"
    )
    assert {"application/pdf", "text/html", "text/plain"} <= set(links)
    assert entry.findtext("atom:author/atom:name", namespaces=NS) == "Ann Author"
    assert entry.findtext("dc:language", namespaces=NS) == "en"
    assert entry.findtext("dcterms:issued", namespaces=NS) == "2024-01-02"
    assert not _links(entry, "http://opds-spec.org/image")  # no covers: none linked
    # Every link resolves: the EPUB downloads.
    epub = client.get(links["application/epub+zip"])
    assert epub.status_code == 200


def test_guests_see_only_public_works_anywhere_in_the_catalogue(
    client: Client, catalogue: dict[str, object]
) -> None:
    fandom, series = catalogue["fandom"], catalogue["series"]
    assert isinstance(fandom, Tag)
    assert isinstance(series, Series)
    for url in (
        reverse("feeds:opds_recent"),
        reverse("feeds:opds_tag", args=[fandom.pk]),
        reverse("feeds:opds_series_works", args=[series.pk]),
        reverse("feeds:opds_search") + "?q=opens",
    ):
        titles = _titles(_xml(client, url, ACQUISITION))
        for state in ("draft", "hidden", "registered"):
            assert f"The {state} one" not in titles, url
    tags = _titles(_xml(client, reverse("feeds:opds_tags"), NAVIGATION))
    assert "Lighthouse public" in tags
    assert not {"Lighthouse draft", "Lighthouse hidden", "Lighthouse registered"} & set(tags)


def test_a_member_sees_registered_only_works(client: Client, catalogue: dict[str, object]) -> None:
    client.force_login(UserFactory(username="reader"))
    titles = _titles(_xml(client, reverse("feeds:opds_recent"), ACQUISITION))
    assert titles == ["The registered one", "The public one"] or set(titles) == {
        "The registered one", "The public one",
    }  # fmt: skip


def test_pages_have_first_previous_next_last(client: Client) -> None:
    WorkFactory.create_batch(45)
    feed = _xml(client, reverse("feeds:opds_recent") + "?page=2", ACQUISITION)
    assert len(feed.findall("atom:entry", NS)) == 20
    pages = {
        rel: _links(feed, rel)[0].get("href", "") for rel in ("first", "previous", "next", "last")
    }
    assert pages["first"].endswith("page=1")
    assert pages["previous"].endswith("page=1")
    assert pages["next"].endswith("page=3")
    assert pages["last"].endswith("page=3")
    assert feed.findtext("opensearch:totalResults", namespaces=NS) == "45"


def test_facets_come_from_the_list_filters(client: Client, catalogue: dict[str, object]) -> None:
    feed = _xml(client, reverse("feeds:opds_recent") + "?complete=yes", ACQUISITION)
    facets = _links(feed, "http://opds-spec.org/facet")
    groups = {link.get(f"{{{NS['opds']}}}facetGroup") for link in facets}
    assert {"Sort", "Completion", "Rating", "Fandoms"} <= groups
    active = [link.get("title") for link in facets if link.get(f"{{{NS['opds']}}}activeFacet")]
    assert active == ["Date updated", "Complete"]
    assert "Best match (searches)" not in {link.get("title") for link in facets}
    [fandom] = [link for link in facets if link.get("title") == "Harbour Lights"]
    assert fandom.get(f"{{{NS['thr']}}}count") == "1"
    narrowed = _xml(client, fandom.get("href", ""), ACQUISITION)
    assert _titles(narrowed) == ["The public one"]


def test_shelves_need_an_app_password(client: Client) -> None:
    for url in (reverse("feeds:opds_me"), reverse("feeds:opds_shelf", args=["bookmarks"])):
        response = client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith('Basic realm="')


def test_bookmarks_shelf_lists_the_members_bookmarks(
    client: Client, catalogue: dict[str, object]
) -> None:
    member = UserFactory(username="keeper")
    works = catalogue["works"]
    assert isinstance(works, dict)
    bookmark_save(user=member, work=works["public"], notes="", is_private=True)
    client.force_login(member)
    titles = _titles(_xml(client, reverse("feeds:opds_shelf", args=["bookmarks"]), ACQUISITION))
    assert titles == ["The public one"]
    assert client.get(reverse("feeds:opds_shelf", args=["nothing"])).status_code == 404


def test_muted_tag_leaves_a_members_catalogue(client: Client, catalogue: dict[str, object]) -> None:
    from ficarchive.muting.services import tag_mute

    member = UserFactory(username="muter")
    muted = Tag.objects.get(name="Lighthouse public")
    tag_mute(member=member, tag=muted)
    client.force_login(member)
    assert "The public one" not in _titles(_xml(client, reverse("feeds:opds_recent"), ACQUISITION))
    assert "Lighthouse public" not in _titles(_xml(client, reverse("feeds:opds_tags"), NAVIGATION))


def test_subscriptions_shelf_has_followed_works_series_and_creators(client: Client) -> None:
    from ficarchive.notifications.models import Subscription

    member = UserFactory(username="follower")
    work, in_series, by_creator, _unfollowed = WorkFactory.create_batch(4)
    series = Series.objects.create(title="Followed saga")
    SeriesPart.objects.create(series=series, work=in_series, position=1)
    creator = by_creator.ordered_creators[0]
    for kind, target in (("work", work.pk), ("series", series.pk), ("creator", creator.pk)):
        Subscription.objects.create(user=member, kind=kind, target_id=target, label="x")
    client.force_login(member)
    url = reverse("feeds:opds_shelf", args=["subscriptions"])
    titles = set(_titles(_xml(client, url, ACQUISITION)))
    assert titles == {work.title, in_series.title, by_creator.title}


def test_search_sorts_by_best_match_and_a_series_keeps_its_order(
    client: Client, catalogue: dict[str, object]
) -> None:
    search = _xml(client, reverse("feeds:opds_search") + "?q=opens", ACQUISITION)
    facets = _links(search, "http://opds-spec.org/facet")
    active = [link.get("title") for link in facets if link.get(f"{{{NS['opds']}}}activeFacet")]
    assert active == ["Best match (searches)", "All works"]
    series = catalogue["series"]
    assert isinstance(series, Series)
    parts = _xml(client, reverse("feeds:opds_series_works", args=[series.pk]), ACQUISITION)
    assert not _links(parts, "http://opds-spec.org/facet")
