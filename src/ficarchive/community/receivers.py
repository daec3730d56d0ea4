"""The community totals follow the change events (ficarchive.core.events); connected in
CommunityConfig."""

from __future__ import annotations

from typing import Any

from ficarchive.community.services import comments_recount, community_forget_member
from ficarchive.core import events


def chapters_deleted(sender: events.ChapterChange, work_ids: frozenset[int], **kwargs: Any) -> None:
    """A deleted chapter took its comments: the work's comment total follows."""
    comments_recount(work_ids=work_ids)


def account_deleting(sender: None, user_id: int, **kwargs: Any) -> None:
    community_forget_member(user_id=user_id)


def connect() -> None:
    events.chapter_changed.connect(
        chapters_deleted, sender=events.ChapterChange.DELETED, dispatch_uid="community-chapters"
    )
    events.account_deleting.connect(account_deleting, dispatch_uid="community-accounts")
