"""Reads of mutes and blocks: the subqueries lists exclude by (through ficarchive.core.relations),
a member's mutes as ids from the cache, and their settings lists."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet, Value

from ficarchive.accounts.models import User
from ficarchive.core.relations import MutedIds
from ficarchive.muting.models import Block, TagMute, UserMute
from ficarchive.tags.models import Tag

CACHE_SECONDS = 7 * 24 * 3600
GENERATION_KEY = "muting:generation"
USER, TAG, BLOCK = "user", "tag", "block"


def _cache_key(user_id: int) -> str:
    # A tag made a synonym, or a creator claimed, changes what a mute covers for everyone:
    # the generation (bumped by muting.receivers) retires every member's entry at once.
    return f"muting:ids:{cache.get(GENERATION_KEY, 0)}:{user_id}"


def muted_user_ids_query(user: User) -> QuerySet[Any]:
    return UserMute.objects.filter(member=user).values("muted_id")


def muted_tag_ids_query(user: User) -> QuerySet[Any]:
    """The muted tags, their canonical tags and every synonym of those: one tag family each."""
    muted = TagMute.objects.filter(member=user)
    canonical = Tag.objects.filter(
        Q(pk__in=muted.values("tag_id"), synonym_of__isnull=True)
        | Q(pk__in=muted.values("tag__synonym_of_id"))
    ).values("pk")
    return Tag.objects.filter(Q(pk__in=canonical) | Q(synonym_of__in=canonical)).values("pk")


def muted_ids_read(user: User) -> MutedIds:
    """From the database, in one statement (UNION ALL); `muted_ids` keeps it in the cache."""
    users = UserMute.objects.filter(member=user).values_list("muted_id", Value(USER))
    tags = Tag.objects.filter(pk__in=muted_tag_ids_query(user)).values_list("pk", Value(TAG))
    blocks = Block.objects.filter(member=user).values_list("blocked_id", Value(BLOCK))
    found: dict[str, set[int]] = {USER: set(), TAG: set(), BLOCK: set()}
    for pk, kind in users.order_by().union(tags.order_by(), blocks.order_by(), all=True):
        found[kind].add(pk)
    return MutedIds(frozenset(found[USER]), frozenset(found[TAG]), frozenset(found[BLOCK]))


def muted_ids(user: User) -> MutedIds:
    """The member's mutes and blocks as ids, from the cache (filled on a miss, replaced by
    every change of theirs), so a page can say "you muted this user" without a query."""
    key = _cache_key(user.pk)
    found = cache.get(key)
    if isinstance(found, MutedIds):
        return found
    found = muted_ids_read(user)
    cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def muted_ids_refresh(user: User) -> MutedIds:
    """After the member changed their mutes or blocks: the cache holds the new ones at once."""
    found = muted_ids_read(user)
    cache.set(_cache_key(user.pk), found, timeout=CACHE_SECONDS)
    return found


def muted_ids_forget(user: User) -> None:
    cache.delete(_cache_key(user.pk))


def muted_ids_forget_everyone() -> None:
    """What a mute covers changed for every member (a tag's synonyms, a creator's account)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def is_blocked_by(*, actor_id: int, by_ids: Collection[int]) -> bool:
    """Whether one of the members `by_ids` blocked `actor_id`: one query. For other apps
    (notifications' recipients, for one) through ficarchive.core.relations or directly."""
    return Block.objects.filter(member_id__in=by_ids, blocked_id=actor_id).exists()


def blocked_pairs(*, actor_ids: Collection[int], by_ids: Collection[int]) -> set[tuple[int, int]]:
    """(blocker, blocked) among these members, in one query: who must not reach whom."""
    return set(
        Block.objects.filter(member_id__in=by_ids, blocked_id__in=actor_ids).values_list(
            "member_id", "blocked_id"
        )
    )


def user_mutes_of(*, member: User) -> QuerySet[UserMute]:
    return UserMute.objects.filter(member=member).select_related("muted")


def tag_mutes_of(*, member: User) -> QuerySet[TagMute]:
    return TagMute.objects.filter(member=member).select_related("tag")


def blocks_of(*, member: User) -> QuerySet[Block]:
    return Block.objects.filter(member=member).select_related("blocked")


class MutingRelations:
    """The provider registered with ficarchive.core.relations."""

    def muted_users(self, user: User) -> QuerySet[Any]:
        return muted_user_ids_query(user)

    def muted_tags(self, user: User) -> QuerySet[Any]:
        return muted_tag_ids_query(user)

    def muted_ids(self, user: User) -> MutedIds:
        return muted_ids(user)

    def is_blocked(self, *, actor_id: int, by_ids: Collection[int]) -> bool:
        return is_blocked_by(actor_id=actor_id, by_ids=by_ids)
