"""Who is told of a notice: the one place recipients are computed, so rules that apply to
every notice (muting and blocking, later) filter them here and nowhere else."""

from __future__ import annotations

from collections.abc import Mapping

from ficarchive.accounts.models import User
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
    news, and only about a work every member may read (a draft, a hidden work: nobody)."""
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
    wanted = [user_id for user_id in candidates if user_id not in excluded]
    active: set[int] = set()
    for start in range(0, len(wanted), 5000):
        active |= set(
            User.objects.filter(pk__in=wanted[start : start + 5000], is_active=True).values_list(
                "pk", flat=True
            )
        )
    return {user_id: candidates[user_id] for user_id in wanted if user_id in active}
