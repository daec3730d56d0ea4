"""Members' eFiction favourites: kept until the member claims their creator name, then
bookmarks and follows (the claim hook is in receivers.py)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db import transaction
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.community.services import bookmark_save
from ficarchive.efiction.idmap import mapped
from ficarchive.efiction.models import Favourite, LegacyId, LegacyKind
from ficarchive.efiction.reader import FavouriteRow
from ficarchive.efiction.text import plain_title
from ficarchive.notifications.models import Subscription
from ficarchive.notifications.services import SubscriptionRefused, subscription_add
from ficarchive.works.models import Work


@transaction.atomic
def favourites_save(*, favourites: Iterable[FavouriteRow]) -> int:
    """Keep the members' favourites (with their comments) until they claim their names."""
    rows = {(f.uid, f.kind, f.item): f for f in favourites if f.kind in Favourite.Kind.values}
    known = {(f.member, f.kind, f.item): f for f in Favourite.objects.all()}
    changed = []
    for key, row in rows.items():
        comments = plain_title(row.comments)
        if key not in known:
            continue
        if known[key].comments != comments:
            known[key].comments = comments
            changed.append(known[key])
    Favourite.objects.bulk_create(
        Favourite(member=uid, kind=kind, item=item, comments=plain_title(row.comments))
        for (uid, kind, item), row in rows.items()
        if (uid, kind, item) not in known
    )
    Favourite.objects.bulk_update(changed, ["comments"])
    return len(rows)


@transaction.atomic
def favourites_apply(*, creator_ids: Collection[int]) -> int:
    """For members who claimed their creator names: favourite stories become public
    bookmarks, favourite authors and series become follows, and their reviews become their
    own comments. Each favourite once; one that points at something they may not see stays
    for later. Returns how many were applied."""
    members = LegacyId.objects.filter(
        kind=LegacyKind.MEMBER, creator_id__in=creator_ids, creator__user__isnull=False
    ).values_list("legacy_id", "creator__user")
    applied = 0
    for uid, user_id in members:
        user = User.objects.get(pk=user_id)
        targets = {
            Favourite.Kind.STORY: mapped(LegacyKind.STORY),
            Favourite.Kind.AUTHOR: mapped(LegacyKind.MEMBER),
            Favourite.Kind.SERIES: mapped(LegacyKind.SERIES),
        }
        done = []
        for favourite in Favourite.objects.filter(member=uid, applied_at__isnull=True):
            target = targets[Favourite.Kind(favourite.kind)].get(favourite.item)
            if target is not None and _favourite_apply(user, favourite, target):
                done.append(favourite.pk)
        Favourite.objects.filter(pk__in=done).update(applied_at=timezone.now())
        applied += len(done)
        reviews = LegacyId.objects.filter(kind=LegacyKind.REVIEW, member=uid).values("comment")
        Comment.objects.filter(pk__in=reviews, user__isnull=True).update(user=user, guest_name="")
    return applied


def _favourite_apply(user: User, favourite: Favourite, target: int) -> bool:
    if favourite.kind == Favourite.Kind.STORY:
        work = Work.objects.visible_to(user).filter(pk=target).first()
        if work is None:
            return False
        bookmark_save(user=user, work=work, notes=favourite.comments[:2000], is_private=False)
        return True
    kind = (
        Subscription.Kind.CREATOR
        if favourite.kind == Favourite.Kind.AUTHOR
        else (Subscription.Kind.SERIES)
    )
    try:
        subscription_add(user=user, kind=kind, target_id=target)
    except SubscriptionRefused:
        return False
    return True
