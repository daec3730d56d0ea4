"""What a member said about other members and tags (mutes, blocks), for the apps that own
works, comments and bookmarks.

Works, community and search must not import the app that keeps mutes and blocks (it follows
them: it has foreign keys to their rows), yet their lists and services must obey it. So that
app registers one `Relations` provider here in its `AppConfig.ready()` (ficarchive.muting),
and the owners ask through the functions below. Without a provider nothing is muted or
blocked.

Mutes are given as subqueries, so a list excludes them inside its own SQL statement (no query
more per page); `muted_ids` gives them in Python, from a per-member cache, for an index kept
outside the database (Tantivy) and for the notices on a page.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from ficarchive.accounts.models import User


@dataclass(frozen=True)
class MutedIds:
    """A member's mutes and blocks as ids; `tag_ids` holds each muted tag's whole family
    (its canonical tag and every synonym)."""

    user_ids: frozenset[int] = frozenset()
    tag_ids: frozenset[int] = frozenset()
    blocked_ids: frozenset[int] = frozenset()


NOTHING_MUTED = MutedIds()


class BlockedError(Exception):
    """The member was blocked by someone their action would reach; the message says so."""


class Relations(Protocol):
    def muted_users(self, user: User) -> QuerySet[Any]:
        """The ids of the users this member muted, as a one-column subquery."""
        ...

    def muted_tags(self, user: User) -> QuerySet[Any]:
        """The ids of the tags this member muted and of their synonyms and canonical tags."""
        ...

    def muted_ids(self, user: User) -> MutedIds: ...

    def is_blocked(self, *, actor_id: int, by_ids: Collection[int]) -> bool:
        """Whether one of the users `by_ids` blocked `actor_id`."""
        ...


_provider: list[Relations] = []


def register(relations: Relations) -> None:
    """Called once, by the app that keeps mutes and blocks."""
    _provider[:] = [relations]


def muted_users(user: User | AnonymousUser) -> QuerySet[Any] | None:
    """None for a guest (or with no provider): nothing to exclude."""
    if not user.is_authenticated or not _provider:
        return None
    return _provider[0].muted_users(user)


def muted_tags(user: User | AnonymousUser) -> QuerySet[Any] | None:
    if not user.is_authenticated or not _provider:
        return None
    return _provider[0].muted_tags(user)


def muted_ids(user: User | AnonymousUser) -> MutedIds:
    if not user.is_authenticated or not _provider:
        return NOTHING_MUTED
    return _provider[0].muted_ids(user)


def refuse_if_blocked(
    *, actor: User | AnonymousUser, by_ids: Collection[int | None], message: str
) -> None:
    """Raise BlockedError(message) when one of `by_ids` blocked the member `actor`."""
    targets = {i for i in by_ids if i is not None and i != actor.pk}
    if not (actor.is_authenticated and targets and _provider):
        return
    if _provider[0].is_blocked(actor_id=actor.pk, by_ids=targets):
        raise BlockedError(message)


@dataclass(frozen=True)
class Standing:
    """Where a viewer stands with another member, for the mute and block buttons of a page
    (creator, profile, comment): from the cached ids, no query."""

    can_act: bool = False  # a signed-in member looking at someone else
    muted: bool = False
    blocked: bool = False


def standing(viewer: User | AnonymousUser, other_id: int | None) -> Standing:
    if not viewer.is_authenticated or other_id is None or other_id == viewer.pk:
        return Standing()
    ids = muted_ids(viewer)
    return Standing(True, other_id in ids.user_ids, other_id in ids.blocked_ids)


def tag_is_muted(viewer: User | AnonymousUser, tag_id: int) -> bool:
    return tag_id in muted_ids(viewer).tag_ids
