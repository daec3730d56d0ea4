"""What a mute covers follows the change events (ficarchive.core.events)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ficarchive.core import events
from ficarchive.muting.selectors import muted_ids_forget_everyone


def tags_changed(sender: None, tag_ids: frozenset[int], **kwargs: Any) -> None:
    """A tag made a synonym (or merged): a muted tag's family changed."""
    muted_ids_forget_everyone()
    transaction.on_commit(muted_ids_forget_everyone)


def connect() -> None:
    events.tag_changed.connect(tags_changed, dispatch_uid="muting-tags")
