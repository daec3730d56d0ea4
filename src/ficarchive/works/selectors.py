"""Reads for works; every one goes through Work.objects.visible_to()."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ficarchive.accounts.models import User
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import (
    Chapter,
    CoCreatorInvitation,
    Creator,
    Series,
    Work,
    WorkQuerySet,
    split_categories,
)
from ficarchive.works.viewer import with_viewer_annotations

COUNT_CAP = 10_000


def capped_count(works: WorkQuerySet) -> int:
    """Exact up to COUNT_CAP, then COUNT_CAP + 1 ("more than 10,000"): bounded work."""
    return works.order_by()[: COUNT_CAP + 1].count()


def works_in_order(works: WorkQuerySet, ids: list[int]) -> list[Work]:
    """Those of `works` with these ids, in the ids' order (an engine's ranking), with blurb data.

    No ORDER BY in the query: it would tempt SQLite to walk a date index instead of looking
    up a page of primary keys.
    """
    by_id = {work.pk: work for work in works.filter(pk__in=ids).order_by().with_blurb_data()}
    return [by_id[i] for i in ids if i in by_id]


class PagedWorks(Sequence[Work]):
    """Pages of `ordered` (with blurb data), counted on the bare `works`: no joins, no
    grouping and at most COUNT_CAP rows in the count, however long the list."""

    ordered = True  # tells Django's Paginator the pages are stable

    def __init__(self, works: WorkQuerySet, ordered: WorkQuerySet) -> None:
        self.works = works
        self.sorted_works = ordered
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = capped_count(self.works)
        return self._count

    @overload
    def __getitem__(self, index: int) -> Work: ...
    @overload
    def __getitem__(self, index: slice) -> list[Work]: ...
    def __getitem__(self, index: int | slice) -> Work | list[Work]:
        if isinstance(index, int):
            return self.page(index, index + 1)[0]
        return self.page(index.start or 0, len(self) if index.stop is None else index.stop)

    def page(self, start: int, stop: int) -> list[Work]:
        """The works from position start up to stop, with their blurb data."""
        return list(self.sorted_works[start:stop])


def works_recently_updated(*, user: User | AnonymousUser) -> WorkQuerySet:
    """The works this user may see; lists filter, sort and page them."""
    return Work.objects.visible_to(user)


def works_by_creator(*, user: User | AnonymousUser, creator: Creator) -> WorkQuerySet:
    return works_recently_updated(user=user).filter(authorships__creator=creator)


def works_by_user(*, viewer: User | AnonymousUser, member: User) -> WorkQuerySet:
    """A member's works as this viewer may see them (drafts only for the member)."""
    mine = Work.objects.filter(authorships__creator__user=member).values("pk")
    works = (
        works_recently_updated(user=viewer)
        .unmuted_for(viewer)
        .filter(pk__in=mine)
        .with_blurb_data()
    )
    return with_viewer_annotations(works, user=viewer).order_by("-updated", "-pk")


def pending_invitations_for(*, user: User) -> list[CoCreatorInvitation]:
    return list(
        CoCreatorInvitation.objects.filter(
            invited=user, status=CoCreatorInvitation.Status.PENDING
        ).select_related("work", "invited_by")
    )


def get_work_for_reader(*, user: User | AnonymousUser, work_id: int) -> Work:
    """The work if this user may read it; otherwise a 404, never a hint that it exists."""
    queryset = Work.objects.visible_to(user).with_blurb_data().prefetch_related("betas")
    return get_object_or_404(queryset, pk=work_id)


def get_work_for_editor(*, user: User | AnonymousUser, work_id: int) -> Work:
    """The work if this user may change it; a 404 for everyone else, as for readers."""
    return get_object_or_404(Work.objects.editable_by(user), pk=work_id)


def chapters_for(*, work: Work, user: User | AnonymousUser) -> list[Chapter]:
    """Readers see posted chapters; the work's editors also see chapter drafts."""
    chapters = work.chapters.order_by("position")
    if not work.is_editable_by(user):
        chapters = chapters.posted()
    return list(chapters)


def work_form_initial(*, work: Work) -> dict[str, object]:
    """The edit form's starting values, from the work as stored."""

    def names(kind: str) -> str:
        return ", ".join(tag.name for tag in work.tags.all() if tag.kind == kind)

    part = work.series_parts.select_related("series").first()
    return {
        "title": work.title, "fandoms": names("fandom"), "rating": work.rating,
        "warnings": [tag.name for tag in work.tags.all() if tag.kind == "warning"],
        "categories": split_categories(work.categories),
        "relationships": names("relationship"), "characters": names("character"),
        "freeforms": names("freeform"), "summary": work.summary,
        "notes_begin": work.notes_begin, "notes_end": work.notes_end,
        "betas": ", ".join(beta.name for beta in work.betas.all()),
        "language": work.language,
        "series_title": part.series.title if part else "",
        "series_position": part.position if part else None,
        "complete": work.is_complete, "expected_chapters": work.expected_chapters,
        "published": work.published, "visibility": work.visibility, "text_format": "html",
    }  # fmt: skip


def get_creator(*, user: User | AnonymousUser, creator_id: int) -> Creator:
    """A creator name this user may know of: a member's name, or credited (as creator or
    beta) on a work they can see. A name only found on drafts or hidden works is a 404."""
    visible = Work.objects.visible_to(user).values("pk")
    credited = (
        Q(user__isnull=False) | Q(authorships__work__in=visible) | Q(beta_credits__in=visible)
    )
    found = Creator.objects.filter(credited, pk=creator_id).select_related("user").distinct()
    creator = found.first()
    if creator is None:
        raise Http404("No such creator")
    return creator


def get_tag(*, tag_id: int) -> Tag:
    """The tag by id. Its page must still show a 404 when no work this user can see carries
    it (or a synonym), so a draft's or a restricted work's tag names never reach those who may
    not read it: the tag page checks that from its own listing (`tag_works`)."""
    return get_object_or_404(Tag.objects.select_related("synonym_of"), pk=tag_id)


def tag_fandoms(*, tag: Tag) -> list[Tag]:
    """The fandoms a character or relationship was wrangled into (one query, for those kinds)."""
    if tag.kind not in (TagKind.CHARACTER, TagKind.RELATIONSHIP):
        return []
    return list(tag.canonical_tag.fandoms.order_by("name"))


def works_tagged(*, user: User | AnonymousUser, tag: Tag) -> WorkQuerySet:
    """Works under the tag's canonical tag or any of its synonyms."""
    canonical = tag.canonical_tag
    family = Tag.objects.filter(Q(pk=canonical.pk) | Q(synonym_of=canonical)).values("pk")
    tagged = Work.tags.through.objects.filter(tag_id__in=family).values("work_id")
    return Work.objects.visible_to(user).filter(pk__in=tagged)


def fandoms_by_letter(*, user: User | AnonymousUser) -> list[dict[str, object]]:
    """Canonical fandoms with the number of works this user can see (and did not mute),
    grouped A-Z."""
    visible = Work.objects.visible_to(user).unmuted_for(user).values("pk")
    counted = (
        Tag.objects.canonical()
        .filter(kind=TagKind.FANDOM)
        .annotate(
            n=Count("works", filter=Q(works__in=visible), distinct=True)
            + Count("synonyms__works", filter=Q(synonyms__works__in=visible), distinct=True)
        )
        .filter(n__gt=0)
        .order_by("name_key")
    )
    letters: dict[str, list[Tag]] = {}
    for tag in counted:
        letter = tag.name[:1].upper() if tag.name[:1].isalpha() else "#"
        letters.setdefault(letter, []).append(tag)
    return [{"letter": letter, "fandoms": tags} for letter, tags in sorted(letters.items())]


def get_series_for_reader(
    *, user: User | AnonymousUser, series_id: int
) -> tuple[Series, list[Work]]:
    """A series and the parts this user may see and did not mute, in order; 404 when none is
    visible (a series whose parts are all muted still exists: its list is empty)."""
    series = get_object_or_404(Series, pk=series_id)
    listed = Work.objects.visible_to(user).unmuted_for(user).values("pk")
    parts = Work.objects.filter(pk__in=listed, series_parts__series=series).with_blurb_data()
    works = list(with_viewer_annotations(parts, user=user).order_by("series_parts__position"))
    if not works and not (
        Work.objects.visible_to(user).filter(series_parts__series=series).exists()
    ):
        raise Http404("No such series")
    return series, works
