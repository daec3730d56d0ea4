"""What feeds and the catalogue list: the works app's own lists (visible_to, the member's
mutes, the list filters and sorts, the search backend), turned into feed entries.

Every function here takes the works a page would list, so a feed never widens what its page
shows: drafts, hidden and registered-only works stay out exactly as they do there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark
from ficarchive.notifications.models import Subscription
from ficarchive.readings.models import MarkedForLater
from ficarchive.search.backends.base import SearchOutcome
from ficarchive.search.selectors import works_search
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.fields import BEST_MATCH, DEFAULT_SORT
from ficarchive.works.filters import WorkFilterForm, works_listed
from ficarchive.works.models import Authorship, Chapter, Series, SeriesPart, Work, WorkQuerySet

FEED_ENTRIES = 30


@dataclass(frozen=True)
class Entry:
    """One feed entry: a work, or one of its chapters (a work's first chapter is its arrival)."""

    key: str  # the path part of its tag: URI, stable through edits and moves
    since: date  # when the work was first posted: the tag: URI's date
    title: str
    link: str
    authors: list[str]
    updated: datetime
    summary: str  # sanitized HTML, as stored
    categories: list[str] = field(default_factory=list)
    work: Work | None = None
    guid: str = ""  # its tag: URI, once the host is known (feeds/atom.py)


def _moment(day: date | None, fallback: date) -> datetime:
    return datetime.combine(day or fallback, time.min, tzinfo=UTC)


def _authors(work: Work) -> list[str]:
    return [creator.name for creator in work.ordered_creators]


def _tags(work: Work) -> list[str]:
    return [tag.name for tag in work.tags.all()]


def work_entries(works: list[Work]) -> list[Entry]:
    """One entry per work (loaded with `with_blurb_data()`), updated when it was."""
    return [
        Entry(
            key=f"works/{work.pk}",
            since=work.published,
            title=work.title,
            link=work.get_absolute_url(),
            authors=_authors(work),
            updated=_moment(work.updated, work.published),
            summary=work.summary,
            categories=_tags(work),
            work=work,
        )
        for work in works
    ]


def chapter_entries(works: WorkQuerySet, *, limit: int = FEED_ENTRIES) -> list[Entry]:
    """The newest posted chapters of these works, newest first: new works and chapter
    updates alike. Three queries, whatever the number of works.

    A new chapter updates its work, so the newest chapters are among those of the `limit`
    most recently updated works: only their chapters are sorted, not the whole archive's.
    """
    recent = works.order_by("-updated", "-pk").values("pk")[:limit]
    chapters = (
        Chapter.objects.posted()
        .filter(work__in=recent)
        .select_related("work")
        .prefetch_related(
            Prefetch("work__authorships", queryset=Authorship.objects.select_related("creator")),
            "work__tags",
        )
        .defer("body_html", "body_text", "work__notes_begin", "work__notes_end")
        .order_by(Coalesce("published", F("work__published")).desc(), "-pk")[:limit]
    )
    entries = []
    for chapter in chapters:
        work = chapter.work
        first = chapter.position == 1
        entries.append(
            Entry(
                key=f"works/{work.pk}/chapters/{chapter.pk}",
                since=work.published,
                title=work.title if first else f"{work.title}: {chapter.display_title}",
                link=chapter.get_absolute_url(),
                authors=_authors(work),
                updated=_moment(chapter.published, work.updated),
                summary=work.summary if first else (chapter.notes_begin or work.summary),
                categories=_tags(work),
                work=work,
            )
        )
    return entries


def work_for_feed(*, user: User | AnonymousUser, work_id: int) -> Work:
    """The work if this user may read it (one query: its feed needs no blurb data); a 404
    otherwise, as for its page."""
    return get_object_or_404(Work.objects.visible_to(user).only("pk", "title"), pk=work_id)


def listed(
    works: WorkQuerySet, params: QueryDict, *, user: User | AnonymousUser
) -> tuple[WorkFilterForm, WorkQuerySet, WorkQuerySet]:
    """A list page's works for this query string: the very query of the page
    (works/filters.works_listed), ordered, with blurb data."""
    form, filtered, ordered = works_listed(works, params, user=user)
    return form, filtered, ordered.with_blurb_data()


def searched(
    params: QueryDict, *, user: User | AnonymousUser
) -> tuple[WorkFilterForm, SearchOutcome, str]:
    """The search page's results for this query string (its words, filters and sort): the
    same call as the page (search/views.search); and the words searched for."""
    raw = params.get("q", "")[:3000]
    data = params.copy()
    if not data.get("sort"):
        data["sort"] = BEST_MATCH if raw.strip() else DEFAULT_SORT
    form = WorkFilterForm(data, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = str(filters.get("sort") or data["sort"])
    outcome = works_search(
        user=user, raw_query=raw, filters=filters, sort=sort, today=timezone.localdate()
    )
    return form, outcome, raw


def tags_with_works(*, user: User | AnonymousUser) -> QuerySet[Tag]:
    """Canonical tags other than fandoms (those have their own list) carried by works this
    user may see and did not mute, with how many, by name: one query a page."""
    visible = Work.objects.visible_to(user).unmuted_for(user).values("pk")
    return (
        Tag.objects.canonical()
        .exclude(kind=TagKind.FANDOM)
        .annotate(n=Count("works", filter=Q(works__in=visible), distinct=True))
        .filter(n__gt=0)
        .order_by("name_key", "pk")
    )


def series_with_works(*, user: User | AnonymousUser) -> QuerySet[Series]:
    """Series with at least one part this user may see and did not mute, by title."""
    visible = Work.objects.visible_to(user).unmuted_for(user).values("pk")
    return (
        Series.objects.annotate(n=Count("works", filter=Q(works__in=visible), distinct=True))
        .filter(n__gt=0)
        .order_by("title", "pk")
    )


def series_parts(
    *, user: User | AnonymousUser, series_id: int
) -> tuple[Series, WorkQuerySet, WorkQuerySet]:
    """A series, the parts this user may see, and those they did not mute in order (its page
    is a 404 when they may see none; a series whose parts are all muted still exists)."""
    series = get_object_or_404(Series, pk=series_id)
    visible = Work.objects.visible_to(user).filter(series_parts__series=series)
    return series, visible, visible.unmuted_for(user).order_by("series_parts__position", "pk")


def shelf(*, user: User, name: str) -> WorkQuerySet:
    """A member's shelf: their bookmarks, their works marked for later, or what they follow
    (works, and the works of the series and creators they subscribed to); only works they
    may still see, without their mutes."""
    visible = Work.objects.visible_to(user).unmuted_for(user)
    if name == "bookmarks":
        return visible.filter(pk__in=Bookmark.objects.filter(user=user).values("work_id"))
    if name == "later":
        return visible.filter(pk__in=MarkedForLater.objects.filter(user=user).values("work_id"))
    follows = Subscription.objects.filter(user=user)

    def followed(kind: str) -> QuerySet[Subscription, Any]:
        return follows.filter(kind=kind).values("target_id")

    return visible.filter(
        Q(pk__in=followed(Subscription.Kind.WORK))
        | Q(pk__in=SeriesPart.objects.filter(series__in=followed(Subscription.Kind.SERIES))
            .values("work_id"))
        | Q(pk__in=Authorship.objects.filter(creator__in=followed(Subscription.Kind.CREATOR))
            .values("work_id"))
    )  # fmt: skip
