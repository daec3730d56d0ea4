"""A member claiming their migrated creator name gets their eFiction favourites as bookmarks
and follows (ficarchive.core.events); connected in EfictionConfig."""

from __future__ import annotations

from typing import Any

from ficarchive.core import events
from ficarchive.efiction.favourites import favourites_apply


def creators_claimed(
    sender: events.CreatorChange, creator_ids: frozenset[int], **kwargs: Any
) -> None:
    favourites_apply(creator_ids=creator_ids)


def connect() -> None:
    events.creator_changed.connect(
        creators_claimed, sender=events.CreatorChange.CLAIMED, dispatch_uid="efiction-claims"
    )
