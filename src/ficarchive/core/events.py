"""The change events (DESIGN.md convention 12): the one way an app says its rows changed.

The app that owns the rows announces each change once, from its services (bulk paths
included), through the `announce_*` functions below; the apps that follow those rows (search,
the community totals, caches, feeds, notifications) connect receivers in their
`AppConfig.ready()`. So works and accounts never import the apps that follow them, and a new
follower touches no service.

Each signal's sender is the kind of change (an enum member), so a receiver may listen to one
kind only: `chapter_changed.connect(f, sender=ChapterChange.DELETED)`. Signals are sent
inside the service's transaction, after its rows are written: a receiver that keeps derived
rows (a search index, a total) writes them in that transaction, so a rollback undoes both; a
receiver that needs the committed data (a cache, an email) defers itself with
`transaction.on_commit`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from ficarchive.works.models import Chapter, Work


class WorkChange(enum.StrEnum):
    POSTED = "posted"  # a new work: written or imported, posted at once or as a draft
    EDITED = "edited"  # its fields, text, tags, series or credits changed
    PUBLISHED = "published"  # a draft became readable
    HIDDEN = "hidden"  # a moderator changed who may read it (hid it, or showed it again)
    DELETED = "deleted"  # gone, with its chapters


class ChapterChange(enum.StrEnum):
    POSTED = "posted"
    EDITED = "edited"
    DELETED = "deleted"  # its comments went with it
    REORDERED = "reordered"


class CreatorChange(enum.StrEnum):
    CLAIMED = "claimed"  # a member's claim was approved: the name and its works are theirs
    EDITED = "edited"  # renamed or re-linked by a moderator


class CountChange(enum.StrEnum):
    KUDOS = "kudos"
    COMMENTS = "comments"  # posted, edited, deleted, approved, or gone with their chapter
    BOOKMARKS = "bookmarks"
    HITS = "hits"  # the most frequent: a follower may catch up lazily


@dataclass(frozen=True)
class WrittenWork:
    """A work's rows as the service has just written them, sent along with its event so a
    follower need not read them back (the importer's fast path: bulk imports stay fast)."""

    work: Work
    creators: list[str]  # names, in order
    tags: list[str]
    chapters: list[Chapter]  # every chapter, drafts included, with their text


# Every signal is sent with `sender` = the kind of change (or None where there is one kind).
work_changed = Signal()  # work_ids: frozenset[int], written: WrittenWork | None
chapter_changed = Signal()  # work_ids: frozenset[int] (the works whose chapters changed)
tag_changed = Signal()  # tag_ids: frozenset[int]: renamed, merged, re-kinded, made a synonym
creator_changed = Signal()  # creator_ids: frozenset[int]
account_deleting = Signal()  # user_id: int; sent before the account's rows go
counts_changed = Signal()  # work_ids: frozenset[int]; sent by community
works_deleting = Signal()  # work_ids: frozenset[int]; sent before the works' rows go
comment_posted = Signal()  # comment_id: int; sent by community when a comment is posted
cocreator_invited = Signal()  # invitation_id: int; sent by works when a member is invited


def announce_works(change: WorkChange, work_ids: Iterable[int]) -> None:
    if ids := frozenset(work_ids):
        work_changed.send(sender=change, work_ids=ids, written=None)


def announce_written(change: WorkChange, written: WrittenWork) -> None:
    """A work just written whole (imported): announced with its rows."""
    work_changed.send(sender=change, work_ids=frozenset([written.work.pk]), written=written)


def announce_chapters(change: ChapterChange, work_ids: Iterable[int]) -> None:
    if ids := frozenset(work_ids):
        chapter_changed.send(sender=change, work_ids=ids)


def announce_tags(tag_ids: Iterable[int]) -> None:
    if ids := frozenset(tag_ids):
        tag_changed.send(sender=None, tag_ids=ids)


def announce_creators(change: CreatorChange, creator_ids: Iterable[int]) -> None:
    if ids := frozenset(creator_ids):
        creator_changed.send(sender=change, creator_ids=ids)


def announce_account_deleting(user_id: int) -> None:
    """Sent first in an account's deletion, so followers can still read what it left."""
    account_deleting.send(sender=None, user_id=user_id)


def announce_counts(change: CountChange, work_ids: Iterable[int]) -> None:
    if ids := frozenset(work_ids):
        counts_changed.send(sender=change, work_ids=ids)


def announce_works_deleting(work_ids: Iterable[int]) -> None:
    """Sent before works are deleted (WorkChange.DELETED follows), so followers can still
    read what the works were (a title for the subscribers' notice)."""
    if ids := frozenset(work_ids):
        works_deleting.send(sender=None, work_ids=ids)


def announce_comment_posted(comment_id: int) -> None:
    comment_posted.send(sender=None, comment_id=comment_id)


def announce_cocreator_invited(invitation_id: int) -> None:
    cocreator_invited.send(sender=None, invitation_id=invitation_id)
