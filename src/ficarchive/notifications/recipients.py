"""Who is told of a notice: the one place recipients are computed, so rules that apply to
every notice (muting and blocking) filter them here and nowhere else."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q

from ficarchive.accounts.models import User
from ficarchive.muting.models import Block, TagMute, UserMute
from ficarchive.tags.models import Tag
from ficarchive.works.models import Authorship, Visibility, Work

READABLE = (Visibility.PUBLIC, Visibility.REGISTERED)  # what every member may read


def notification_recipients(
    *,
    kind: str,
    candidates: Mapping[int, int | None],
    work: Work | None = None,
    actor_id: int | None = None,
) -> dict[int, int | None]:
    """The candidates (member id → the subscription that makes them one, if any) who are to
    be told: active members, never the one who acted, never the work's own creators of its
    news, never a member who muted or blocked the one who acted or the work's creators, or
    muted one of its tags, and only about a work every member may read (a draft, a hidden
    work: nobody)."""
    if work is not None and work.visibility not in READABLE:
        return {}
    excluded: set[int] = set()
    if actor_id is not None:
        excluded.add(actor_id)
    if work is not None and kind in ("new_work", "new_chapter"):
        excluded |= set(
            Authorship.objects.filter(work=work, creator__user__isnull=False).values_list(
                "creator__user_id", flat=True
            )
        )
    excluded |= _turned_away(work=work, actor_id=actor_id)
    wanted = [user_id for user_id in candidates if user_id not in excluded]
    active: set[int] = set()
    for start in range(0, len(wanted), 5000):
        active |= set(
            User.objects.filter(pk__in=wanted[start : start + 5000], is_active=True).values_list(
                "pk", flat=True
            )
        )
    return {user_id: candidates[user_id] for user_id in wanted if user_id in active}


def _turned_away(*, work: Work | None, actor_id: int | None) -> set[int]:
    """Members who muted or blocked the one who acted or one of the work's creators, or muted
    one of the work's tags (or a synonym of it): three queries, whatever the audience."""
    people = {actor_id} if actor_id is not None else set()
    tag_ids: set[int] = set()
    if work is not None:
        people |= set(
            Authorship.objects.filter(work=work, creator__user__isnull=False).values_list(
                "creator__user_id", flat=True
            )
        )
        tag_ids = set(work.tags.values_list("pk", flat=True))
    away: set[int] = set()
    if people:
        away |= set(
            UserMute.objects.filter(muted_id__in=people).values_list("member_id", flat=True)
        )
        away |= set(Block.objects.filter(blocked_id__in=people).values_list("member_id", flat=True))
    if tag_ids:
        canonical = Tag.objects.filter(pk__in=tag_ids, synonym_of__isnull=False).values(
            "synonym_of_id"
        )
        family = Q(tag_id__in=tag_ids) | Q(tag__synonym_of_id__in=tag_ids)
        family |= Q(tag_id__in=canonical) | Q(tag__synonym_of_id__in=canonical)
        away |= set(TagMute.objects.filter(family).values_list("member_id", flat=True))
    return away
