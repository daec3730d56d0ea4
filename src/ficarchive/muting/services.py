"""Mutes and blocks: each change refreshes the member's cached ids in its transaction's wake."""

from __future__ import annotations

from django.db import transaction

from ficarchive.accounts.models import User
from ficarchive.muting.models import Block, TagMute, UserMute
from ficarchive.muting.selectors import muted_ids_forget, muted_ids_refresh
from ficarchive.tags.models import Tag


class MutingError(Exception):
    """A mute or block that cannot be made; the message says why, for the page."""


def _refresh_after_commit(member: User) -> None:
    """Forget the cached ids at once (this process reads its own writes), and read them anew
    once committed (a page read meanwhile by another process may have cached the old ones)."""
    muted_ids_forget(member)
    transaction.on_commit(lambda: muted_ids_refresh(member))


@transaction.atomic
def user_mute(*, member: User, muted: User) -> UserMute:
    if muted.pk == member.pk:
        raise MutingError("You can't mute yourself.")
    mute, _ = UserMute.objects.get_or_create(member=member, muted=muted)
    _refresh_after_commit(member)
    return mute


@transaction.atomic
def user_unmute(*, member: User, muted: User) -> None:
    UserMute.objects.filter(member=member, muted=muted).delete()
    _refresh_after_commit(member)


@transaction.atomic
def tag_mute(*, member: User, tag: Tag) -> TagMute:
    mute, _ = TagMute.objects.get_or_create(member=member, tag=tag)
    _refresh_after_commit(member)
    return mute


@transaction.atomic
def tag_unmute(*, member: User, tag: Tag) -> None:
    """Unmutes the tag's whole family: muting "Buffy S." and unmuting "Buffy Summers" works."""
    canonical = tag.canonical_tag
    TagMute.objects.filter(member=member).filter(
        tag__in=Tag.objects.filter(pk=canonical.pk) | canonical.synonyms.all()
    ).delete()
    _refresh_after_commit(member)


@transaction.atomic
def user_block(*, member: User, blocked: User) -> Block:
    if blocked.pk == member.pk:
        raise MutingError("You can't block yourself.")
    block, _ = Block.objects.get_or_create(member=member, blocked=blocked)
    _refresh_after_commit(member)
    return block


@transaction.atomic
def user_unblock(*, member: User, blocked: User) -> None:
    Block.objects.filter(member=member, blocked=blocked).delete()
    _refresh_after_commit(member)
