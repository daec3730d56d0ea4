"""Writes of the notifications app: subscribing, the inbox, preferences, and `notify`, the
one way any app puts a notice in a member's inbox (the moderators' messages will use it)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.core.cache import cache
from django.db import transaction

from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.community.services import comment_post
from ficarchive.core.tasks import enqueue
from ficarchive.notifications.mail import Unsubscribe
from ficarchive.notifications.models import (
    DEFAULT_DELIVERY,
    Delivery,
    InboxItem,
    NoticeKind,
    NoticePreference,
    Subscription,
    subscription_key,
)
from ficarchive.notifications.saved import describe, normalize
from ficarchive.works.models import Creator, Series, Work
from ficarchive.works.selectors import get_tag

INSERT_BATCH = 1000  # inbox rows written per statement in a fan-out
MAIL_BATCH = 200  # emails sent by one task


class SubscriptionRefused(Exception):
    """Nothing to subscribe to (gone, or not visible to this member)."""


# Per-member cache entries: the unread count in every page's header, and the keys of what
# the member follows (the subscribe buttons). Each is dropped when it changes, so a warm
# page reads both from the cache and asks the database nothing.
def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def subscribed_cache_key(user_id: int) -> str:
    return f"notifications:subscribed:{user_id}"


def _forget(keys: list[str]) -> None:
    """Drop cache entries now and again when the transaction commits: a page drawn in
    between read the rows from before the change, and its entry must not outlive it."""

    def drop() -> None:
        for start in range(0, len(keys), INSERT_BATCH):
            cache.delete_many(keys[start : start + INSERT_BATCH])

    drop()
    transaction.on_commit(drop)


def unread_forget(user_ids: Iterable[int]) -> None:
    _forget([unread_cache_key(user_id) for user_id in user_ids])


def subscribed_forget(user_id: int) -> None:
    _forget([subscribed_cache_key(user_id)])


def _target_label(user: User, kind: str, target_id: int) -> str:
    """The target's name, if this member may see it (else SubscriptionRefused)."""
    try:
        if kind == Subscription.Kind.WORK:
            return Work.objects.visible_to(user).get(pk=target_id).title
        if kind == Subscription.Kind.SERIES:
            series = Series.objects.get(pk=target_id)
            if not Work.objects.visible_to(user).filter(series_parts__series=series).exists():
                raise SubscriptionRefused("No such series.")
            return series.title
        if kind == Subscription.Kind.CREATOR:
            return Creator.objects.get(pk=target_id).name
        if kind == Subscription.Kind.TAG:
            return get_tag(tag_id=target_id).canonical_tag.name
    except (Work.DoesNotExist, Series.DoesNotExist, Creator.DoesNotExist):
        raise SubscriptionRefused("There is nothing there to subscribe to.") from None
    except Exception as error:  # get_tag's 404
        raise SubscriptionRefused("There is nothing there to subscribe to.") from error
    raise SubscriptionRefused("Unknown kind of subscription.")


@transaction.atomic
def subscription_add(
    *, user: User, kind: str, target_id: int | None = None, address: str = ""
) -> Subscription:
    """Follow a work, series, creator or tag by id, or a search or list page by its address
    (normalized, so the same search saved twice is one subscription)."""
    if kind == Subscription.Kind.SEARCH:
        query = normalize(address)
        subscription, _ = Subscription.objects.get_or_create(
            user=user, kind=kind, query=query, defaults={"label": describe(query)}
        )
    elif target_id is not None and kind in Subscription.Kind.values:
        label = _target_label(user, kind, target_id)
        subscription, _ = Subscription.objects.get_or_create(
            user=user, kind=kind, target_id=target_id, defaults={"label": label[:255]}
        )
    else:
        raise SubscriptionRefused("There is nothing there to subscribe to.")
    subscribed_forget(user.pk)
    return subscription


@transaction.atomic
def subscription_remove(
    *, user: User, kind: str, target_id: int | None = None, address: str = ""
) -> bool:
    """Stop following; true if there was something to stop."""
    subscriptions = Subscription.objects.filter(user=user, kind=kind)
    if kind == Subscription.Kind.SEARCH:
        subscriptions = subscriptions.filter(query=normalize(address))
    else:
        subscriptions = subscriptions.filter(target_id=target_id)
    deleted, _ = subscriptions.delete()
    subscribed_forget(user.pk)
    return bool(deleted)


@transaction.atomic
def subscription_delete(*, user_id: int, subscription_id: int) -> bool:
    """By id (the one-click unsubscribe of an email, the subscriptions page)."""
    deleted, _ = Subscription.objects.filter(user_id=user_id, pk=subscription_id).delete()
    subscribed_forget(user_id)
    return bool(deleted)


def deliveries_for(*, user_ids: Collection[int], kind: str) -> dict[int, str]:
    """Each member's choice of email for this kind (the default where they chose none)."""
    chosen = dict(
        NoticePreference.objects.filter(user_id__in=list(user_ids), kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    default = DEFAULT_DELIVERY[kind]
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def _mail_state(delivery: str, has_address: bool) -> str:
    if not has_address or delivery == Delivery.NEVER:
        return InboxItem.Mail.NONE
    return InboxItem.Mail.NOW if delivery == Delivery.IMMEDIATELY else InboxItem.Mail.DIGEST


def items_create(*, items: list[InboxItem], kind: str) -> None:
    """Write inbox items for many members, in batches, with each member's email choice; the
    immediate emails go to tasks. Used by the fan-out and by `notify`."""
    from ficarchive.notifications.tasks import mail_items

    for start in range(0, len(items), INSERT_BATCH):
        batch = items[start : start + INSERT_BATCH]
        user_ids = {item.user_id for item in batch}
        deliveries = deliveries_for(user_ids=user_ids, kind=kind)
        mailable = set(
            User.objects.filter(
                pk__in=user_ids, is_active=True, email_confirmed=True
            ).exclude(email="").values_list("pk", flat=True)
        )  # fmt: skip
        for item in batch:
            item.kind = kind
            item.mail = _mail_state(deliveries[item.user_id], item.user_id in mailable)
        with transaction.atomic():
            created = InboxItem.objects.bulk_create(batch)
            now = [item.pk for item in created if item.mail == InboxItem.Mail.NOW]
            for first in range(0, len(now), MAIL_BATCH):
                enqueue(mail_items, item_ids=now[first : first + MAIL_BATCH])
        unread_forget(user_ids)


def notify(
    *,
    user: User,
    kind: str,
    subject: str,
    body: str = "",
    url: str = "",
    work: Work | None = None,
) -> InboxItem:
    """Put a notice in a member's inbox (and mail it if they chose so): any app may call this,
    such as the moderators' messages (kind NoticeKind.MODERATION)."""
    item = InboxItem(user=user, subject=subject[:300], body=body, url=url[:500], work=work)
    items_create(items=[item], kind=kind)
    return item


@transaction.atomic
def inbox_mark_read(*, user: User, item_ids: Collection[int] | None, read: bool = True) -> int:
    """Mark these items (None: all of them) read or unread; returns how many changed."""
    items = InboxItem.objects.filter(user=user, is_read=not read)
    if item_ids is not None:
        items = items.filter(pk__in=list(item_ids))
    changed = items.update(is_read=read)
    unread_forget([user.pk])
    return changed


@transaction.atomic
def inbox_delete(*, user: User, item_ids: Collection[int]) -> int:
    deleted, _ = InboxItem.objects.filter(user=user, pk__in=list(item_ids)).delete()
    unread_forget([user.pk])
    return deleted


@transaction.atomic
def inbox_reply(*, user: User, item: InboxItem, text: str) -> Comment:
    """Answer the comment an inbox item is about, through the comments' own service (its
    checks and limits); the item is read from then on. The item must be the member's and its
    work visible to them (the view fetched it through `inbox_item_for`)."""
    if item.comment is None:
        raise SubscriptionRefused("There is no comment to reply to.")
    comment = comment_post(chapter=item.comment.chapter, user=user, text=text, parent=item.comment)
    inbox_mark_read(user=user, item_ids=[item.pk])
    return comment


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        if kind in NoticeKind.values and delivery in Delivery.values:
            NoticePreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )


def subscription_keys_of(user_id: int) -> frozenset[str]:
    """The member's subscription keys, from the cache (one query when it is cold)."""
    key = subscribed_cache_key(user_id)
    keys: frozenset[str] | None = cache.get(key)
    if keys is None:
        rows = Subscription.objects.filter(user_id=user_id).values_list(
            "kind", "target_id", "query"
        )
        keys = frozenset(subscription_key(kind, target, query) for kind, target, query in rows)
        cache.set(key, keys, timeout=24 * 3600)
    return keys


@transaction.atomic
def unsubscribe_apply(*, stop: Unsubscribe) -> None:
    """An email's one-click unsubscribe: the subscription goes, or that kind of email (or
    the digest: every kind sent in it) becomes "never"."""
    if stop.subscription_id is not None:
        subscription_delete(user_id=stop.user_id, subscription_id=stop.subscription_id)
        return
    user = User.objects.filter(pk=stop.user_id).first()
    if user is None:
        return
    if stop.kind is not None:
        preferences_save(user=user, choices={stop.kind: Delivery.NEVER})
        return
    digest_kinds = [
        kind for kind in NoticeKind.values
        if deliveries_for(user_ids=[user.pk], kind=kind)[user.pk] == Delivery.DIGEST
    ]  # fmt: skip
    preferences_save(user=user, choices=dict.fromkeys(digest_kinds, Delivery.NEVER))
    InboxItem.objects.filter(user=user, mail=InboxItem.Mail.DIGEST).update(mail=InboxItem.Mail.NONE)
