"""Reads of a member's history and marks: annotated onto the works' own queries (the reading
page, every list of blurbs), and the history and Marked for Later pages. Every list goes
through `Work.objects.visible_to`: a work that became a draft or was hidden leaves them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from ficarchive.accounts.models import User
from ficarchive.readings.models import HistoryPause, MarkedForLater, Reading, resume_url
from ficarchive.readings.services import recent_key
from ficarchive.works.models import Work, WorkQuerySet


def with_reading_state(works: WorkQuerySet, *, user: User | AnonymousUser) -> WorkQuerySet:
    """The member's place in each work and whether they marked it for later, as columns of
    the works' own query (read back by `resume_of()` and `is_marked_for_later()`)."""
    if not user.is_authenticated:
        return works
    reading = Reading.objects.filter(work=OuterRef("pk"), user=user)
    return works.annotate(
        reading_chapter=Subquery(reading.values("chapter_position")[:1]),
        reading_paragraph=Subquery(reading.values("paragraph")[:1]),
        reading_at=Subquery(reading.values("position_at")[:1]),
        reading_device=Subquery(reading.values("device")[:1]),
        marked_later=Exists(MarkedForLater.objects.filter(work=OuterRef("pk"), user=user)),
    )


def works_read_by(*, user: User) -> QuerySet[Any, int]:
    """The ids of the works in the member's history (for "hide works I have read")."""
    return Reading.objects.filter(user=user).values_list("work_id", flat=True)


@dataclass(frozen=True)
class Resume:
    chapter: int
    paragraph: int
    url: str
    device: str = ""  # the e-reader the place came from (KOReader sync); blank: the site

    @property
    def label(self) -> str:
        place = f"Continue at chapter {self.chapter}"
        if self.paragraph:
            place += f", paragraph {self.paragraph}"
        if self.device:
            place += f", where you stopped on {self.device}"
        return place


def resume_at(work: Work, chapter: int, paragraph: int, device: str = "") -> Resume:
    """The place, within the chapters the work has now (a chapter since deleted: the last)."""
    last = max(work.chapter_count, 1)
    if chapter > last:
        chapter, paragraph = last, 0
    return Resume(chapter, paragraph, resume_url(work.pk, chapter, paragraph), device)


def resume_of(work: Work) -> Resume | None:
    """The member's place in a work loaded through `with_reading_state()`, without a query."""
    chapter = getattr(work, "reading_chapter", None)
    if chapter is None:
        return None
    paragraph = getattr(work, "reading_paragraph", 0) or 0
    return resume_at(work, chapter, paragraph, getattr(work, "reading_device", "") or "")


def recent_visit_apply(*, work: Work, user: User | AnonymousUser) -> None:
    """A page view not yet folded into the history (services.visit_buffer) is the member's
    place when it is newer than the one stored: a member reading without JavaScript sees the
    chapter they just read at once. Read from the shared cache: no query."""
    if not user.is_authenticated or not hasattr(work, "reading_chapter"):
        return
    recent = cache.get(recent_key(user.pk, work.pk))
    if recent is None:
        return
    chapter, when = recent
    stored: datetime | None = getattr(work, "reading_at", None)
    if stored is None or when > stored.timestamp():
        work.reading_chapter = chapter  # with_reading_state's columns
        work.reading_paragraph = 0  # type: ignore[attr-defined]
        work.reading_device = ""  # type: ignore[attr-defined]


def is_marked_for_later(work: Work) -> bool:
    return bool(getattr(work, "marked_later", False))


def is_marked(*, user: User, work: Work) -> bool:
    return MarkedForLater.objects.filter(user=user, work=work).exists()


def is_history_paused(*, user: User) -> bool:
    return HistoryPause.objects.filter(user=user).exists()


@dataclass
class HistoryRow:
    work: Work
    last_visit: datetime
    visits: int
    resume: Resume


def history_of(*, user: User) -> QuerySet[Reading]:
    """The member's history, newest visit first, of works they may still see."""
    return Reading.objects.filter(user=user, work__in=Work.objects.visible_to(user).values("pk"))


def history_rows(readings: list[Reading], *, user: User) -> list[HistoryRow]:
    """A page of history with each work's blurb data: one query and its prefetches."""
    works = {
        work.pk: work
        for work in Work.objects.visible_to(user)
        .filter(pk__in=[r.work_id for r in readings])
        .order_by()
        .with_blurb_data()
    }
    rows = []
    for reading in readings:
        work = works.get(reading.work_id)
        if work is not None:
            resume = resume_at(work, reading.chapter_position, reading.paragraph, reading.device)
            rows.append(HistoryRow(work, reading.last_visit, reading.visits, resume))
    return rows


def marked_for_later_of(*, user: User) -> QuerySet[MarkedForLater]:
    return MarkedForLater.objects.filter(
        user=user, work__in=Work.objects.visible_to(user).values("pk")
    )
