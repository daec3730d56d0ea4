"""Reads for the old eFiction addresses: where an eFiction id now lives, for this visitor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse

from ficarchive.efiction.models import LegacyId, LegacyKind
from ficarchive.works.models import Chapter, Work

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from ficarchive.accounts.models import User


def story_address(*, user: User | AnonymousUser, sid: int, chapter: int | None) -> str | None:
    """The work a story became (its chapter `chapter`, as eFiction counted them: its
    `inorder`), if this visitor may read it; None otherwise, as if it never existed."""
    row = (
        LegacyId.objects.filter(
            kind=LegacyKind.STORY, legacy_id=sid, work__in=Work.objects.visible_to(user)
        )
        .select_related("work")
        .first()
    )
    if row is None or row.work is None:
        return None
    work = row.work
    if chapter is None:
        return work.get_absolute_url()
    chapters = Chapter.objects.filter(work=work)
    if not work.is_editable_by(user):
        chapters = chapters.posted()
    # eFiction's `chapter` is its `inorder`; where that repeats or skips, the place in order.
    found = (
        chapters.filter(
            Q(
                pk__in=LegacyId.objects.filter(kind=LegacyKind.CHAPTER, inorder=chapter).values(
                    "chapter"
                )
            )
            | Q(position=chapter)
        )
        .order_by("position")
        .first()
    )
    return found.get_absolute_url() if found else work.get_absolute_url()


def member_address(*, user: User | AnonymousUser, uid: int) -> str | None:
    """A member's creator page, when the creator is one this visitor may know of."""
    visible = Work.objects.visible_to(user).values("pk")
    row = (
        LegacyId.objects.filter(kind=LegacyKind.MEMBER, legacy_id=uid)
        .filter(
            Q(creator__user__isnull=False)
            | Q(creator__authorships__work__in=visible)
            | Q(creator__beta_credits__in=visible)
        )
        .select_related("creator")
        .first()
    )
    return row.creator.get_absolute_url() if row and row.creator else None


def series_address(*, user: User | AnonymousUser, seriesid: int) -> str | None:
    """A series' page, when this visitor may read one of its works."""
    visible = Work.objects.visible_to(user).values("pk")
    series_id = (
        LegacyId.objects.filter(
            kind=LegacyKind.SERIES, legacy_id=seriesid, series__parts__work__in=visible
        )
        .values_list("series_id", flat=True)
        .first()
    )
    return reverse("works:series", args=[series_id]) if series_id else None


def category_address(*, user: User | AnonymousUser, catid: int) -> str | None:
    """The works of the tag a category became, when this visitor may read one of them."""
    visible = Work.objects.visible_to(user).values("pk")
    tag_id = (
        LegacyId.objects.filter(kind=LegacyKind.CATEGORY, legacy_id=catid, tag__works__in=visible)
        .values_list("tag_id", flat=True)
        .first()
    )
    return reverse("works:tag", args=[tag_id]) if tag_id else None
