"""Atom feeds of new works and chapters: per tag, creator, series and work, and any list or
search as a feed. Thin: each feed finds its page's works through the same selectors as the
page (feeds/selectors.py), then Django's syndication framework writes them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse

from ficarchive.feeds.auth import feed_user
from ficarchive.feeds.generator import CreditedAtomFeed
from ficarchive.feeds.selectors import (
    FEED_ENTRIES,
    Entry,
    chapter_entries,
    listed,
    searched,
    series_parts,
    work_entries,
    work_for_feed,
)
from ficarchive.works.models import Work
from ficarchive.works.selectors import (
    get_creator,
    get_tag,
    works_by_creator,
    works_recently_updated,
    works_tagged,
)


@dataclass(frozen=True)
class Channel:
    title: str
    link: str
    subtitle: str
    entries: list[Entry]
    url: str  # the feed's own address, with its query string


def tag_uri(host: str, entry: Entry) -> str:
    """`tag:example.org,2024-05-01:works/12/chapters/40`: stable through edits, renames and
    chapter moves (RFC 4151)."""
    return f"tag:{host},{entry.since.isoformat()}:{entry.key}"


def _channel(
    request: HttpRequest, title: str, link: str, subtitle: str, entries: list[Entry]
) -> Channel:
    host = request.get_host().rsplit(":", 1)[0]
    guided = [replace(entry, guid=tag_uri(host, entry)) for entry in entries]
    return Channel(title, link, subtitle, guided, request.get_full_path())


def _page(path: str, request: HttpRequest) -> str:
    """The page a feed mirrors, with the feed's own query string (its filters)."""
    query = request.GET.copy()
    query.pop("page", None)
    return f"{path}?{query.urlencode()}" if query else path


class EntriesFeed(Feed[Entry, Channel]):
    feed_type = CreditedAtomFeed
    item_guid_is_permalink = False

    def title(self, obj: Channel) -> str:
        return f"{obj.title} · Ficarchive"

    def link(self, obj: Channel) -> str:
        return obj.link

    def feed_url(self, obj: Channel) -> str:
        return obj.url

    def subtitle(self, obj: Channel) -> str:
        return obj.subtitle

    def items(self, obj: Channel) -> list[Entry]:
        return obj.entries

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_author_name(self, item: Entry) -> str:
        return item.authors[0] if item.authors else "Anonymous"

    def item_extra_kwargs(self, item: Entry) -> dict[str, Any]:
        return {"coauthors": item.authors[1:]}

    def item_updateddate(self, item: Entry) -> datetime:
        return item.updated

    def item_pubdate(self, item: Entry) -> datetime:
        return item.updated

    def item_categories(self, item: Entry) -> list[str]:
        return item.categories

    def item_guid(self, item: Entry) -> str:
        return item.guid


class TagFeed(EntriesFeed):
    """New works and new chapters under a tag (or a synonym), filtered as its page is."""

    def get_object(self, request: HttpRequest, tag_id: int) -> Channel:
        user = feed_user(request)
        tag = get_tag(tag_id=tag_id)
        works = works_tagged(user=user, tag=tag)
        _, filtered, _ = listed(works, request.GET, user=user)
        entries = chapter_entries(filtered)
        if not entries and not works.exists():
            raise Http404("No such tag")
        link = _page(reverse("works:tag", args=[tag.pk]), request)
        return _channel(
            request, tag.name, link, f"New works and chapters tagged {tag.name}", entries
        )


class CreatorFeed(EntriesFeed):
    def get_object(self, request: HttpRequest, creator_id: int) -> Channel:
        user = feed_user(request)
        creator = get_creator(user=user, creator_id=creator_id)
        works = works_by_creator(user=user, creator=creator)
        _, filtered, _ = listed(works, request.GET, user=user)
        link = _page(reverse("works:creator", args=[creator.pk]), request)
        return _channel(
            request,
            creator.name,
            link,
            f"New works and chapters by {creator.name}",
            chapter_entries(filtered),
        )


class SeriesFeed(EntriesFeed):
    def get_object(self, request: HttpRequest, series_id: int) -> Channel:
        series, visible, parts = series_parts(user=feed_user(request), series_id=series_id)
        entries = chapter_entries(parts)
        if not entries and not visible.exists():
            raise Http404("No such series")
        link = reverse("works:series", args=[series.pk])
        subtitle = f"New parts and chapters of {series.title}"
        return _channel(request, series.title, link, subtitle, entries)


class WorkFeed(EntriesFeed):
    """A work's chapters, newest first."""

    def get_object(self, request: HttpRequest, work_id: int) -> Channel:
        work = work_for_feed(user=feed_user(request), work_id=work_id)
        entries = chapter_entries(Work.objects.filter(pk=work.pk), limit=FEED_ENTRIES)
        return _channel(
            request, work.title, work.get_absolute_url(), f"Chapters of {work.title}", entries
        )


class WorksFeed(EntriesFeed):
    """The front page's list (any filters of its query string) as new works and chapters."""

    def get_object(self, request: HttpRequest) -> Channel:
        user = feed_user(request)
        _, filtered, _ = listed(works_recently_updated(user=user), request.GET, user=user)
        link = _page(reverse("works:home"), request)
        return _channel(
            request,
            "Recently updated works",
            link,
            "New works and chapters",
            chapter_entries(filtered),
        )


class SearchFeed(EntriesFeed):
    """A search as a feed: the first results of the page with the same query string, in its
    order."""

    def get_object(self, request: HttpRequest) -> Channel:
        _, outcome, raw = searched(request.GET, user=feed_user(request))
        works = list(outcome.ordered[:FEED_ENTRIES])
        title = f"Search: {raw.strip()}" if raw.strip() else "Search"
        link = _page(reverse("search:search"), request)
        return _channel(request, title, link, "Works matching a search", work_entries(works))
