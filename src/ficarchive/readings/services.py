"""Recording what members read, Marked for Later, and the history's pause, clear and remove.

Reading pages write nothing to the archive's database (DESIGN.md 16): a member's page view is
buffered in the shared cache (`visit_buffer`) and folded into their history later by
`visits_flush` (a periodic task); the reader's script sends the exact place with a small POST
after the page loads (`progress_record`), which is an ordinary write.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from ficarchive.accounts.models import User
from ficarchive.core.cachelock import CacheLockBusy
from ficarchive.core.pending import PendingBuffer
from ficarchive.core.ratelimit import RateLimit
from ficarchive.readings.models import HistoryPause, MarkedForLater, Reading
from ficarchive.works.models import Work

MAX_PARAGRAPH = 1_000_000

# Places one member's reader may send in an hour: a throttled script sends one every few
# seconds at most while the page scrolls.
PROGRESS = RateLimit("progress", "FICARCHIVE_PROGRESS_PER_HOUR", 3600)


@transaction.atomic
def progress_record(
    *,
    user: User,
    work: Work,
    chapter_position: int,
    paragraph: int,
    at: datetime,
    device: str = "",
) -> bool:
    """The member reached this paragraph of this chapter, on the site or (`device`) on an
    e-reader; False when not recorded (their history is paused, or they sent too many)."""
    if HistoryPause.objects.filter(user=user).exists() or not PROGRESS.attempt(str(user.pk)):
        return False
    paragraph = max(0, min(paragraph, MAX_PARAGRAPH))
    device = device[:100]
    updated = Reading.objects.filter(user=user, work=work).update(
        chapter_position=chapter_position, paragraph=paragraph, position_at=at, last_visit=at,
        device=device,
    )  # fmt: skip
    if not updated:
        Reading.objects.get_or_create(
            user=user, work=work,
            # visits: 0, the page view that sent this is counted from the buffer
            defaults={"chapter_position": chapter_position, "paragraph": paragraph,
                      "position_at": at, "last_visit": at, "visits": 0, "device": device},
        )  # fmt: skip
    return True


# Page views (no paragraph known: the chapter's top) wait in the cache, as hits do
# (community.services, core.pending): per (member, work), the latest chapter and the views.
Pending = dict[tuple[int, int], tuple[int, float, int]]  # (user, work) → (chapter, when, views)


def _later_visit(
    waiting: tuple[int, float, int], added: tuple[int, float, int]
) -> tuple[int, float, int]:
    """The later of two visits' chapters, and both visits' views."""
    later = added if added[1] >= waiting[1] else waiting
    return (later[0], later[1], waiting[2] + added[2])


VISITS = PendingBuffer[tuple[int, int], tuple[int, float, int]](
    "readings:pending", merge=_later_visit,
    former_key="readings:pending", former_lock="readings:lock",
)  # fmt: skip


RECENT_SECONDS = 15 * 60  # longer than the clock takes to fold a visit in


def recent_key(user_id: int, work_id: int) -> str:
    return f"readings:recent:{user_id}:{work_id}"


def visit_buffer(*, user: User, work_id: int, chapter_position: int, at: datetime) -> bool:
    """A member opened a chapter (0: a whole work of several): remember it in the cache only
    (no database write on a reading page); `visits_flush` brings it to their history. Until
    then their next reading page of the work reads it back (`recent_visit_apply`)."""
    if chapter_position:
        cache.set(recent_key(user.pk, work_id), (chapter_position, at.timestamp()), RECENT_SECONDS)
    try:
        VISITS.add({(user.pk, work_id): (chapter_position, at.timestamp(), 1)})
    except CacheLockBusy:
        return False  # this view goes unrecorded; the next one tries again
    return True


def visits_flush() -> int:
    """Fold the buffered page views into the members' histories; returns how many views.
    Paused members' views are dropped, and so are views of works gone since."""
    pending = VISITS.take()
    if not pending:
        return 0
    try:
        _visits_fold(pending)
    except BaseException:
        VISITS.add(pending)  # rolled back: the next flush brings them
        raise
    return sum(views for _, _, views in pending.values())


@transaction.atomic
def _visits_fold(pending: Pending) -> None:
    users = {user_id for user_id, _ in pending}
    paused = set(HistoryPause.objects.filter(user_id__in=users).values_list("user_id", flat=True))
    works = set(Work.objects.filter(pk__in={w for _, w in pending}).values_list("pk", flat=True))
    for (user_id, work_id), (chapter, when, views) in sorted(pending.items()):
        if user_id in paused or work_id not in works:
            continue
        at = datetime.fromtimestamp(when, tz=UTC)
        reading = Reading.objects.filter(user_id=user_id, work_id=work_id).first()
        if reading is None:
            Reading.objects.create(
                user_id=user_id, work_id=work_id, chapter_position=max(chapter, 1), paragraph=0,
                position_at=at, last_visit=at, visits=views,
            )  # fmt: skip
            continue
        changes = {"visits": F("visits") + views, "last_visit": max(at, reading.last_visit)}
        # A later view than the last place sent: its chapter's top (a whole work shown: no
        # chapter, the place stays).
        if chapter and at > reading.position_at:
            changes.update(chapter_position=chapter, paragraph=0, position_at=at, device="")
        Reading.objects.filter(pk=reading.pk).update(**changes)


@transaction.atomic
def later_set(*, user: User, work: Work, marked: bool) -> None:
    """Mark the work for later, or take the mark off; saying it twice changes nothing."""
    if marked:
        MarkedForLater.objects.get_or_create(user=user, work=work)
    else:
        MarkedForLater.objects.filter(user=user, work=work).delete()


@transaction.atomic
def history_pause_set(*, user: User, paused: bool) -> None:
    if paused:
        HistoryPause.objects.get_or_create(user=user)
    else:
        HistoryPause.objects.filter(user=user).delete()


@transaction.atomic
def history_clear(*, user: User) -> int:
    """Forget every work the member read (their marks for later stay)."""
    deleted, _ = Reading.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def history_remove(*, user: User, work_id: int) -> None:
    Reading.objects.filter(user=user, work_id=work_id).delete()
