"""The notifications follow the change events (core/events.py); connected in
NotificationsConfig.ready(). Each receiver only queues a task: the author's request never
waits for a fan-out, however many follow the work."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from ficarchive.core import events
from ficarchive.core.tasks import enqueue
from ficarchive.notifications import tasks
from ficarchive.notifications.recipients import READABLE
from ficarchive.works.models import Chapter, Work


def works_changed(
    sender: events.WorkChange,
    work_ids: frozenset[int],
    written: events.WrittenWork | None = None,
    **kwargs: Any,
) -> None:
    if sender in (events.WorkChange.POSTED, events.WorkChange.PUBLISHED):
        if written is not None and written.work.visibility not in READABLE:
            return  # an imported draft: nothing to tell yet
        for work_id in sorted(work_ids):
            enqueue(tasks.fanout_work, work_id)
    elif sender is events.WorkChange.HIDDEN:
        enqueue(tasks.fanout_gone, {str(work_id): "" for work_id in sorted(work_ids)}, True)


def works_deleting(sender: None, work_ids: frozenset[int], **kwargs: Any) -> None:
    """Before the works go: their titles, for the notice their subscribers get after."""
    titles = dict(
        Work.objects.filter(pk__in=work_ids, visibility__in=READABLE).values_list("pk", "title")
    )
    if titles:
        enqueue(tasks.fanout_gone, {str(pk): title for pk, title in titles.items()}, False)


def chapters_changed(sender: events.ChapterChange, work_ids: frozenset[int], **kwargs: Any) -> None:
    """The chapter just posted is named now: by the time the task runs, another may follow."""
    newest = (
        Chapter.objects.posted()
        .filter(work_id__in=work_ids)
        .values("work_id")
        .annotate(last=Max("position"))
        .order_by("work_id")
    )
    for row in newest:
        enqueue(tasks.fanout_chapter, row["work_id"], row["last"])


def comment_posted(sender: None, comment_id: int, **kwargs: Any) -> None:
    enqueue(tasks.notify_comment, comment_id)


def cocreator_invited(sender: None, invitation_id: int, **kwargs: Any) -> None:
    enqueue(tasks.notify_invitation, invitation_id)


def connect() -> None:
    events.work_changed.connect(works_changed, dispatch_uid="notifications-works")
    events.works_deleting.connect(works_deleting, dispatch_uid="notifications-deleting")
    events.chapter_changed.connect(
        chapters_changed, sender=events.ChapterChange.POSTED, dispatch_uid="notifications-chapters"
    )
    events.comment_posted.connect(comment_posted, dispatch_uid="notifications-comments")
    events.cocreator_invited.connect(cocreator_invited, dispatch_uid="notifications-invitations")
