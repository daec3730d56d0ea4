"""A saved copy is refreshed when its work changes: each change to a work or its chapters
gives the work a new offline version, which the saved-works status answers with."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ficarchive.core import events
from ficarchive.offline.selectors import work_versions_bump


def _bump(*, work_ids: frozenset[int], **kwargs: Any) -> None:
    # After the commit: a device asking in between must not keep a copy of the old text
    # under the new version.
    transaction.on_commit(lambda: work_versions_bump(work_ids=work_ids))


def connect() -> None:
    events.work_changed.connect(_bump, weak=False, dispatch_uid="offline-work-changed")
    events.chapter_changed.connect(_bump, weak=False, dispatch_uid="offline-chapter-changed")
