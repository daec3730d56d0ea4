"""Reads of the notifications app: a member's inbox (only what they may see now), the
unread count in every page's header, and their subscriptions."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ficarchive.accounts.models import User
from ficarchive.notifications.models import (
    DEFAULT_DELIVERY,
    InboxItem,
    NoticeKind,
    NoticePreference,
    Subscription,
)
from ficarchive.notifications.services import unread_cache_key
from ficarchive.works.models import Work

UNREAD_SECONDS = 24 * 3600


def get_member_for_owner(*, viewer: User, username: str) -> User:
    """The inbox and subscriptions are their owner's alone: anyone else gets a 404."""
    if viewer.username != username:
        raise Http404("No such page")
    return viewer


def inbox_items(*, user: User) -> QuerySet[InboxItem]:
    """The member's notices, newest first, leaving out those about a work they may no longer
    see (a work hidden, made a draft again...) or a comment the moderators hid: checked when
    shown, not when written."""
    return (
        InboxItem.objects.filter(user=user)
        .filter(Q(work__isnull=True) | Q(work__in=Work.objects.visible_to(user)))
        .exclude(comment__is_hidden=True)
        .select_related("comment")
    )


def inbox_item_for(*, user: User, item_id: int) -> InboxItem:
    return get_object_or_404(inbox_items(user=user).select_related("comment__chapter"), pk=item_id)


def unread_count(*, user: User) -> int:
    """From the member's cache entry (dropped when an item comes, is read or is deleted);
    one query when it is cold."""
    key = unread_cache_key(user.pk)
    count: int | None = cache.get(key)
    if count is None:
        count = inbox_items(user=user).filter(is_read=False).count()
        cache.set(key, count, timeout=UNREAD_SECONDS)
    return count


@dataclass
class SubscriptionRow:
    subscription: Subscription
    label: str
    url: str  # empty when the member may no longer see what it follows


def subscriptions_of(*, user: User) -> list[SubscriptionRow]:
    """The member's subscriptions; a work they may no longer see keeps its row (to be
    removed) but not its title or link. Two queries."""
    subscriptions = list(Subscription.objects.filter(user=user))
    work_ids = [s.target_id for s in subscriptions if s.kind == Subscription.Kind.WORK]
    visible = set(
        Work.objects.visible_to(user).filter(pk__in=work_ids).values_list("pk", flat=True)
    )
    rows = []
    for subscription in subscriptions:
        hidden = (
            subscription.kind == Subscription.Kind.WORK and subscription.target_id not in visible
        )
        rows.append(
            SubscriptionRow(
                subscription,
                "A work you can no longer see" if hidden else subscription.label,
                "" if hidden else subscription.target_url,
            )
        )
    return rows


def preferences_of(*, user: User) -> dict[str, str]:
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in NoticeKind.values}
