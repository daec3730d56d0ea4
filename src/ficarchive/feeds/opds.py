"""The OPDS 1.2 catalogue at /opds/: navigation feeds (the root, fandoms, tags, series, a
member's shelves) and acquisition feeds (any list of works, paged and faceted like its page,
with a link per download format). E-reader apps send an app password with HTTP Basic for
registered-only works and the shelves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ficarchive.accounts.models import User
from ficarchive.downloads.builds import MEDIA_TYPES, calibre_available
from ficarchive.downloads.selectors import title_slug
from ficarchive.downloads.templatetags.downloads import LABELS
from ficarchive.feeds.atom import tag_uri
from ficarchive.feeds.auth import ask_for_password, feed_user, feed_view
from ficarchive.feeds.generator import (
    ACQUIRE,
    ACQUISITION,
    FACET,
    NAVIGATION,
    OPENSEARCH,
    Link,
    NavigationFeed,
    OpdsFeed,
)
from ficarchive.feeds.selectors import (
    Entry,
    listed,
    searched,
    series_parts,
    series_with_works,
    shelf,
    tags_with_works,
    work_entries,
)
from ficarchive.works.fields import BEST_MATCH, DEFAULT_SORT, sort_choices
from ficarchive.works.filters import facets, with_facet_links
from ficarchive.works.models import Work, WorkQuerySet
from ficarchive.works.selectors import (
    PagedWorks,
    fandoms_by_letter,
    get_tag,
    works_recently_updated,
    works_tagged,
)

PER_PAGE = 20
NAVIGATION_PER_PAGE = 100
SHELVES = {
    "bookmarks": "Bookmarks",
    "later": "Marked for Later",
    "subscriptions": "Subscriptions",
}


@dataclass(frozen=True)
class NavEntry:
    title: str
    href: str
    type: str
    summary: str = ""
    count: int | None = None
    rel: str = "subsection"


@dataclass(frozen=True)
class Book:
    entry: Entry
    links: list[Link]


@dataclass(frozen=True)
class Catalogue:
    title: str
    url: str  # its own address
    links: list[Link]
    entries: Sequence[Any]
    paging: dict[str, int] = field(default_factory=dict)
    updated: datetime = field(default_factory=lambda: datetime.now(UTC))


class NavigationCatalogue(Feed[NavEntry, Catalogue]):
    feed_type: type[OpdsFeed] = NavigationFeed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        raise NotImplementedError

    def title(self, obj: Catalogue) -> str:
        return obj.title

    def link(self, obj: Catalogue) -> str:
        return obj.url

    def feed_url(self, obj: Catalogue) -> str:
        return obj.url

    def feed_extra_kwargs(self, obj: Catalogue) -> dict[str, Any]:
        return {"links": obj.links, **obj.paging}

    def items(self, obj: Catalogue) -> Sequence[Any]:
        return obj.entries

    def item_title(self, item: NavEntry) -> str:
        return item.title

    def item_link(self, item: NavEntry) -> str:
        return item.href

    def item_description(self, item: NavEntry) -> str:
        return item.summary

    def item_updateddate(self, item: NavEntry) -> datetime:
        return datetime.now(UTC)

    def item_extra_kwargs(self, item: NavEntry) -> dict[str, Any]:
        return {"links": [Link(item.href, item.rel, item.type, count=item.count)]}


class AcquisitionCatalogue(NavigationCatalogue):
    feed_type = OpdsFeed

    def item_title(self, item: Book) -> str:  # type: ignore[override]
        return item.entry.title

    def item_link(self, item: Book) -> str:  # type: ignore[override]
        return item.entry.link

    def item_description(self, item: Book) -> str:  # type: ignore[override]
        return item.entry.summary

    def item_guid(self, item: Book) -> str:
        return item.entry.guid

    def item_updateddate(self, item: Book) -> datetime:  # type: ignore[override]
        return item.entry.updated

    def item_categories(self, item: Book) -> list[str]:
        return item.entry.categories

    def item_extra_kwargs(self, item: Book) -> dict[str, Any]:  # type: ignore[override]
        work = item.entry.work
        assert work is not None
        return {
            "links": item.links,
            "authors": item.entry.authors,
            "language": work.language,
            "issued": work.published,
        }


# Building catalogues ---------------------------------------------------------------------


def _url(request: HttpRequest, name: str, *args: object) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _with(request: HttpRequest, **changes: str) -> str:
    """This feed's address with some parameters changed (a page, a facet)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _common_links(request: HttpRequest, kind: str) -> list[Link]:
    return [
        Link(_url(request, "feeds:opds"), "start", NAVIGATION, "Ficarchive"),
        Link(_url(request, "feeds:opds_search_description"), "search", OPENSEARCH, "Search"),
    ]


def _page_links(request: HttpRequest, page: Page[Any], kind: str) -> list[Link]:
    last = page.paginator.num_pages
    links = [Link(_with(request, page="1"), "first", kind)]
    if page.has_previous():
        links.append(Link(_with(request, page=str(page.number - 1)), "previous", kind))
    if page.has_next():
        links.append(Link(_with(request, page=str(page.number + 1)), "next", kind))
    links.append(Link(_with(request, page=str(last)), "last", kind))
    return links


def _facet_links(
    request: HttpRequest, filtered: WorkQuerySet | None, *, search: bool = False
) -> list[Link]:
    """The list filters as OPDS facets: the sorts (best match for searches only), completion,
    and for a list (not a search) each filter option with its count."""
    default = BEST_MATCH if search and request.GET.get("q", "").strip() else DEFAULT_SORT
    current = request.GET.get("sort") or default
    links = [
        Link(_with(request, sort=name, page="1"), FACET, ACQUISITION, label, "Sort",
             active=name == current)
        for name, label in sort_choices() if search or name != BEST_MATCH
    ]  # fmt: skip
    complete = request.GET.get("complete", "")
    for value, label in (("", "All works"), ("yes", "Complete"), ("no", "In progress")):
        links.append(
            Link(_with(request, complete=value, page="1"), FACET, ACQUISITION, label,
                 "Completion", active=value == complete)
        )  # fmt: skip
    if filtered is None:
        return links
    for facet in with_facet_links(facets(filtered), request.GET):
        chosen = request.GET.getlist(facet.name)
        if facet.joined:
            chosen = [name.strip() for name in request.GET.get(facet.name, "").split(",")]
        for option in facet.options:
            links.append(
                Link(request.build_absolute_uri(request.path + option["href"]), FACET,
                     ACQUISITION, option["label"], facet.label,
                     active=option["value"] in chosen, count=option["count"])
            )  # fmt: skip
    return links


def _book(request: HttpRequest, entry: Entry, formats: list[str]) -> Book:
    work = entry.work
    assert work is not None
    slug = title_slug(work.title)
    links = [Link(request.build_absolute_uri(entry.link), "alternate", "text/html", "Read online")]
    for fmt in formats:
        href = _url(request, "downloads:work", work.pk, slug, fmt)
        media = MEDIA_TYPES[fmt].split(";")[0]
        links.append(Link(href, ACQUIRE, media, LABELS[fmt]))
    return Book(entry, links)


def _books(request: HttpRequest, works: Sequence[Work]) -> list[Book]:
    formats = [f for f in LABELS if f not in {"azw3", "mobi"} or calibre_available()]
    host = request.get_host().rsplit(":", 1)[0]
    return [
        _book(request, replace(entry, guid=tag_uri(host, entry)), formats)
        for entry in work_entries(list(works))
    ]


def acquisition(
    request: HttpRequest,
    title: str,
    works: Sequence[Work] | WorkQuerySet,
    filtered: WorkQuerySet | None,
    *,
    facets_of: str = "list",
) -> Catalogue:
    """A page of these works (ordered, with blurb data) as an acquisition feed; `facets_of`
    says which filters apply ("list", "search", or "" for none: a series' own order)."""
    page = Paginator(works, PER_PAGE).get_page(request.GET.get("page"))
    links = _common_links(request, ACQUISITION) + _page_links(request, page, ACQUISITION)
    if facets_of:
        links += _facet_links(request, filtered, search=facets_of == "search")
    paging = {"total": page.paginator.count, "per_page": PER_PAGE,
              "start": page.start_index()}  # fmt: skip
    return Catalogue(
        title, request.build_absolute_uri(), links, _books(request, list(page.object_list)), paging
    )


def _listing(request: HttpRequest, title: str, works: WorkQuerySet) -> Catalogue:
    _, filtered, ordered = listed(works, request.GET, user=feed_user(request))
    return acquisition(request, title, PagedWorks(filtered, ordered), filtered)


# The catalogue's feeds -------------------------------------------------------------------


class Root(NavigationCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        def nav(title: str, url: str, summary: str, kind: str = ACQUISITION) -> NavEntry:
            return NavEntry(title, request.build_absolute_uri(url), kind, summary)

        recent = reverse("feeds:opds_recent")
        entries = [
            nav("Recently updated", recent, "Works by their latest chapter."),
            nav("Fandoms", reverse("feeds:opds_fandoms"), "Works by fandom.", NAVIGATION),
            nav("Tags", reverse("feeds:opds_tags"), "Characters, relationships, more.", NAVIGATION),
            nav("Series", reverse("feeds:opds_series"), "Works meant to be read in order.",
                NAVIGATION),
            nav("Complete works", f"{recent}?complete=yes", "Every chapter posted."),
            nav("Search", reverse("feeds:opds_search"), "Every work, newest first."),
        ]  # fmt: skip
        if feed_user(request).is_authenticated:
            entries.append(nav("My shelves", reverse("feeds:opds_me"), "Yours.", NAVIGATION))
        return Catalogue("Ficarchive", request.build_absolute_uri(),
                         _common_links(request, NAVIGATION), entries)  # fmt: skip


class Fandoms(NavigationCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        entries = [
            NavEntry(tag.name, _url(request, "feeds:opds_tag", tag.pk), ACQUISITION,
                     f"{tag.n} works", tag.n)
            for letter in fandoms_by_letter(user=feed_user(request))
            for tag in letter["fandoms"]  # type: ignore[attr-defined]
        ]  # fmt: skip
        return Catalogue("Fandoms", request.build_absolute_uri(),
                         _common_links(request, NAVIGATION), entries)  # fmt: skip


class Tags(NavigationCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        tags = tags_with_works(user=feed_user(request))
        page = Paginator(tags, NAVIGATION_PER_PAGE).get_page(request.GET.get("page"))
        entries = [
            NavEntry(tag.name, _url(request, "feeds:opds_tag", tag.pk), ACQUISITION,
                     f"{tag.get_kind_display()}: {tag.n} works", tag.n)
            for tag in page.object_list
        ]  # fmt: skip
        links = _common_links(request, NAVIGATION) + _page_links(request, page, NAVIGATION)
        return Catalogue("Tags", request.build_absolute_uri(), links, entries)


class SeriesList(NavigationCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        series = series_with_works(user=feed_user(request))
        page = Paginator(series, NAVIGATION_PER_PAGE).get_page(request.GET.get("page"))
        entries = [
            NavEntry(one.title, _url(request, "feeds:opds_series_works", one.pk), ACQUISITION,
                     f"{one.n} works", one.n)
            for one in page.object_list
        ]  # fmt: skip
        links = _common_links(request, NAVIGATION) + _page_links(request, page, NAVIGATION)
        return Catalogue("Series", request.build_absolute_uri(), links, entries)


class Recent(AcquisitionCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        works = works_recently_updated(user=feed_user(request))
        return _listing(request, "Recently updated", works)


class TagWorks(AcquisitionCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        user = feed_user(request)
        tag = get_tag(tag_id=kwargs["tag_id"])
        works = works_tagged(user=user, tag=tag)
        catalogue = _listing(request, tag.name, works)
        if not catalogue.entries and not works.exists():
            raise Http404("No such tag")
        return catalogue


class SeriesWorks(AcquisitionCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        series, visible, parts = series_parts(
            user=feed_user(request), series_id=kwargs["series_id"]
        )
        catalogue = acquisition(request, series.title, parts.with_blurb_data(), None, facets_of="")
        if not catalogue.entries and not visible.exists():
            raise Http404("No such series")
        return catalogue


class Search(AcquisitionCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        _, outcome, raw = searched(request.GET, user=feed_user(request))
        title = f"Search: {raw.strip()}" if raw.strip() else "Search"
        return acquisition(request, title, outcome.ordered, None, facets_of="search")


class Shelves(NavigationCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        entries = [
            NavEntry(label, _url(request, "feeds:opds_shelf", name), ACQUISITION)
            for name, label in SHELVES.items()
        ]
        return Catalogue("My shelves", request.build_absolute_uri(),
                         _common_links(request, NAVIGATION), entries)  # fmt: skip


class Shelf(AcquisitionCatalogue):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Catalogue:
        user = feed_user(request)
        assert isinstance(user, User)
        name = kwargs["shelf"]
        if name not in SHELVES:
            raise Http404("No such shelf")
        works = shelf(user=user, name=name)
        return _listing(request, SHELVES[name], works)


def members_only(feed: Feed[Any, Any]) -> Any:
    """A member's shelf: 401 with the Basic challenge for anyone without an app password."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not feed_user(request).is_authenticated:
            return ask_for_password()
        return feed(request, *args, **kwargs)

    return feed_view(view)


@require_safe
def search_description(request: HttpRequest) -> HttpResponse:
    """The OpenSearch description e-reader apps fill in with {searchTerms}."""
    context = {
        "template": f"{_url(request, 'feeds:opds_search')}?q={{searchTerms}}",
        "kind": ACQUISITION,
    }
    return render(request, "feeds/opensearch.xml", context, content_type=OPENSEARCH)
