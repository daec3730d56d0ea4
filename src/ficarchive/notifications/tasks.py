"""The notifications' background work: fan-out of a new work or chapter to its subscribers,
notices of comments, invitations and works gone, and the emails (at once, or the daily
digest). Enqueued by the receivers (receivers.py); the author's request only queues them."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db.models import Q

from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.core.tasks import background_task, periodic
from ficarchive.formats.text_of_html import html_to_text
from ficarchive.notifications.mail import digest_message, notice_message
from ficarchive.notifications.models import InboxItem, NoticeKind, Subscription
from ficarchive.notifications.recipients import READABLE, notification_recipients
from ficarchive.notifications.saved import works_on_saved
from ficarchive.notifications.services import items_create
from ficarchive.works.models import Chapter, CoCreatorInvitation, Work

logger = logging.getLogger(__name__)
DAY = 24 * 3600

# The order in which a member's subscriptions name the reason they are told (one notice per
# member, however many of their subscriptions a work matches).
_PRECEDENCE = {
    Subscription.Kind.WORK: 0,
    Subscription.Kind.SERIES: 1,
    Subscription.Kind.CREATOR: 2,
    Subscription.Kind.TAG: 3,
    Subscription.Kind.SEARCH: 4,
}


def _subscribers(work: Work, kinds: set[Subscription.Kind]) -> dict[int, int | None]:
    """Each member following the work through one of these kinds of subscription, with the
    subscription that says why (the one their email's unsubscribe stops)."""
    targets = Q(kind=Subscription.Kind.WORK, target_id=work.pk)
    creators = [a.creator_id for a in work.authorships.all()]
    targets |= Q(kind=Subscription.Kind.CREATOR, target_id__in=creators)
    if Subscription.Kind.TAG in kinds:
        tag_ids = {tag.pk for tag in work.tags.all()}
        tag_ids |= {tag.synonym_of_id for tag in work.tags.all() if tag.synonym_of_id}
        targets |= Q(kind=Subscription.Kind.TAG, target_id__in=tag_ids)
    if Subscription.Kind.SERIES in kinds:
        series = list(work.series_parts.values_list("series_id", flat=True))
        targets |= Q(kind=Subscription.Kind.SERIES, target_id__in=series)
    rows = Subscription.objects.filter(targets, kind__in=kinds).values_list("user_id", "pk", "kind")
    found: dict[int, tuple[int, int]] = {}
    for user_id, subscription_id, kind in rows.iterator(chunk_size=5000):
        rank = _PRECEDENCE[Subscription.Kind(kind)]
        if user_id not in found or rank < found[user_id][0]:
            found[user_id] = (rank, subscription_id)
    for user_id, subscription_id in _saved_search_subscribers(work, set(found)).items():
        found[user_id] = (_PRECEDENCE[Subscription.Kind.SEARCH], subscription_id)
    return {user_id: subscription_id for user_id, (_, subscription_id) in found.items()}


def _saved_search_subscribers(work: Work, already: set[int]) -> dict[int, int]:
    """Members whose saved searches or lists now show the work. Each distinct saved address
    is asked once: every member sees a work every member may read, so one member's answer is
    everyone's (notification_recipients keeps only such works)."""
    by_address: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rows = Subscription.objects.filter(kind=Subscription.Kind.SEARCH).exclude(user_id__in=already)
    for user_id, subscription_id, address in rows.values_list("user_id", "pk", "query"):
        by_address[address].append((user_id, subscription_id))
    found: dict[int, int] = {}
    for address, followers in by_address.items():
        asker = User.objects.filter(pk=followers[0][0]).first()
        if asker is None or work.pk not in works_on_saved(
            address=address, user=asker, work_ids={work.pk}
        ):
            continue
        for user_id, subscription_id in followers:
            found.setdefault(user_id, subscription_id)
    return found


def _creators_line(work: Work) -> str:
    names = [a.creator.name for a in work.authorships.select_related("creator")]
    return ", ".join(names) or "Anonymous"


@background_task()
def fanout_work(work_id: int) -> int:
    """A new work (posted, or a draft published): to the followers of its creators, tags and
    series, and to saved searches that now find it. Returns how many were told."""
    work = Work.objects.filter(pk=work_id).first()
    if work is None:
        return 0
    kinds = {
        Subscription.Kind.CREATOR, Subscription.Kind.TAG, Subscription.Kind.SERIES,
        Subscription.Kind.SEARCH,
    }  # fmt: skip
    candidates = notification_recipients(
        kind=NoticeKind.NEW_WORK, candidates=_subscribers(work, kinds), work=work
    )
    subject = f"New work: {work.title} by {_creators_line(work)}"[:300]
    summary = html_to_text(work.summary)[:1000]
    url = work.get_absolute_url()
    items = [
        InboxItem(
            user_id=user_id,
            work_id=work.pk,
            subscription_id=subscription_id,
            subject=subject,
            body=summary,
            url=url,
        )
        for user_id, subscription_id in candidates.items()
    ]
    items_create(items=items, kind=NoticeKind.NEW_WORK)
    return len(items)


@background_task()
def fanout_chapter(work_id: int, position: int) -> int:
    """A new chapter: to the work's and its creators' followers, and saved searches."""
    work = Work.objects.filter(pk=work_id).first()
    chapter = Chapter.objects.posted().filter(work_id=work_id, position=position).first()
    if work is None or chapter is None:
        return 0
    kinds = {Subscription.Kind.WORK, Subscription.Kind.CREATOR, Subscription.Kind.SEARCH}
    candidates = notification_recipients(
        kind=NoticeKind.NEW_CHAPTER, candidates=_subscribers(work, kinds), work=work
    )
    subject = f"New chapter of {work.title}: {chapter.display_title}"[:300]
    url = chapter.get_absolute_url()
    items = [
        InboxItem(
            user_id=user_id,
            work_id=work.pk,
            chapter_id=chapter.pk,
            subscription_id=subscription_id,
            subject=subject,
            url=url,
        )
        for user_id, subscription_id in candidates.items()
    ]
    items_create(items=items, kind=NoticeKind.NEW_CHAPTER)
    return len(items)


@background_task()
def fanout_gone(titles: dict[str, str], hidden: bool) -> int:
    """Works deleted (their titles captured before they went) or hidden by the moderators:
    their subscribers are told; a deleted work's subscriptions go."""
    told = 0
    for key, title in titles.items():
        work_id = int(key)
        if hidden:
            work = Work.objects.filter(pk=work_id).first()
            if work is None or work.visibility != "hidden":
                continue  # shown again, or gone since
            title = work.title
        subscriptions = Subscription.objects.filter(kind=Subscription.Kind.WORK, target_id=work_id)
        candidates = notification_recipients(
            kind=NoticeKind.WORK_GONE,
            candidates=dict(subscriptions.values_list("user_id", "pk")),
        )
        what = "was hidden by the moderators" if hidden else "was deleted"
        items = [
            InboxItem(user_id=user_id, subject=f"“{title}” {what}"[:300], body="",
                      subscription_id=None if not hidden else subscription_id)
            for user_id, subscription_id in candidates.items()
        ]  # fmt: skip
        items_create(items=items, kind=NoticeKind.WORK_GONE)
        if not hidden:
            subscriptions.delete()
        told += len(items)
    return told


@background_task()
def notify_comment(comment_id: int) -> int:
    """A comment: its work's creators are told, and the writer of the comment it answers.

    A comment held for approval is announced twice: when posted (only the creators, who must
    approve it, are told) and when approved (the writer it answers is told; the creators,
    told already, are not told again)."""
    comment = (
        Comment.objects.select_related("work", "chapter", "user", "parent")
        .filter(pk=comment_id, is_deleted=False, is_hidden=False)
        .first()
    )
    if comment is None:
        return 0
    work = comment.work
    writer = comment.signature
    url = f"{comment.chapter.get_absolute_url()}#comment-{comment.pk}"
    body = html_to_text(comment.body_html)[:2000]
    creators = set(
        work.authorships.filter(creator__user__isnull=False).values_list(
            "creator__user_id", flat=True
        )
    )
    told = 0
    parent_writer = comment.parent.user_id if comment.parent else None
    if not comment.is_approved:
        parent_writer = None
    if parent_writer is not None:
        replied = notification_recipients(
            kind=NoticeKind.REPLY, candidates={parent_writer: None}, actor_id=comment.user_id
        )
        items = [
            InboxItem(user_id=user_id, work=work, chapter=comment.chapter, comment=comment,
                      subject=f"{writer} replied to your comment on {work.title}"[:300],
                      body=body, url=url)
            for user_id in replied
        ]  # fmt: skip
        items_create(items=items, kind=NoticeKind.REPLY)
        told += len(items)
    if InboxItem.objects.filter(comment=comment, kind=NoticeKind.COMMENT).exists():
        return told  # the creators were told when it was held for their approval
    subject = (
        f"{writer} commented on {work.title}"
        if comment.is_approved
        else f"{writer} left a comment on {work.title} awaiting your approval"
    )
    commented = notification_recipients(
        kind=NoticeKind.COMMENT,
        candidates=dict.fromkeys(creators - {parent_writer}),
        actor_id=comment.user_id,
    )
    items = [
        InboxItem(user_id=user_id, work=work, chapter=comment.chapter, comment=comment,
                  subject=subject[:300], body=body, url=url)
        for user_id in commented
    ]  # fmt: skip
    items_create(items=items, kind=NoticeKind.COMMENT)
    return told + len(items)


@background_task()
def notify_invitation(invitation_id: int) -> int:
    invitation = (
        CoCreatorInvitation.objects.select_related("work", "invited", "invited_by")
        .filter(pk=invitation_id, status=CoCreatorInvitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        return 0
    invited = notification_recipients(
        kind=NoticeKind.INVITATION,
        candidates={invitation.invited_id: None},
        actor_id=invitation.invited_by_id,
    )
    # No work link: the invited member may not see a draft yet; the invitation (title
    # included) is theirs to read on their profile page, where they answer it.
    items = [
        InboxItem(
            user_id=user_id,
            subject=f"{invitation.invited_by.username} invited you to be a co-creator of "
            f"“{invitation.work.title}”"[:300],
            url=invitation.invited.get_absolute_url(),
        )
        for user_id in invited
    ]
    items_create(items=items, kind=NoticeKind.INVITATION)
    return len(items)


def _still_visible(items: list[InboxItem]) -> tuple[list[InboxItem], list[InboxItem]]:
    """Split a member's items (loaded with their work) into those whose work they may still
    see and the rest. A work every member may read needs no query; only the rest (a draft
    again, hidden) is asked of `visible_to`, the one definition of who sees what. A comment
    the moderators hid since is not mailed either."""
    if not items:
        return [], []
    doubtful = {
        item.work_id
        for item in items
        if item.work is not None and item.work.visibility not in READABLE
    }
    visible: set[int] = set()
    if doubtful:
        visible = set(
            Work.objects.visible_to(items[0].user)
            .filter(pk__in=doubtful)
            .values_list("pk", flat=True)
        )
    hidden = set(
        Comment.objects.filter(
            pk__in=[item.comment_id for item in items if item.comment_id], is_hidden=True
        ).values_list("pk", flat=True)
    )
    keep = [
        item for item in items
        if (item.work_id is None or item.work_id not in doubtful or item.work_id in visible)
        and item.comment_id not in hidden
    ]  # fmt: skip
    drop = [item for item in items if item not in keep]
    return keep, drop


def _mailable(user: User) -> bool:
    return user.is_active and user.email_confirmed and bool(user.email)


@background_task()
def mail_items(item_ids: list[int]) -> int:
    """Mail these notices at once, each re-checked: still waiting, its work still visible to
    the member, their address still confirmed."""
    items = InboxItem.objects.filter(pk__in=item_ids, mail=InboxItem.Mail.NOW).select_related(
        "user", "work"
    )
    by_user: dict[int, list[InboxItem]] = defaultdict(list)
    for item in items:
        by_user[item.user_id].append(item)
    sent = 0
    for mine in by_user.values():
        keep, drop = _still_visible(mine)
        if not _mailable(mine[0].user):
            keep, drop = [], mine
        for item in keep:
            notice_message(item).send()
            InboxItem.objects.filter(pk=item.pk).update(mail=InboxItem.Mail.SENT)
            sent += 1
        InboxItem.objects.filter(pk__in=[item.pk for item in drop]).update(mail=InboxItem.Mail.NONE)
    return sent


@periodic(DAY)
@background_task()
def mail_digests() -> int:
    """Once a day: each member's notices waiting for the digest, in one email."""
    waiting = InboxItem.objects.filter(mail=InboxItem.Mail.DIGEST)
    user_ids = list(waiting.values_list("user_id", flat=True).distinct())
    sent = 0
    for user_id in user_ids:
        user = User.objects.filter(pk=user_id).first()
        mine = list(waiting.filter(user_id=user_id).select_related("user", "work").order_by("pk"))
        keep, drop = _still_visible(mine)
        if user is None or not _mailable(user):
            keep, drop = [], mine
        if keep:
            digest_message(keep[0].user, keep).send()
            sent += 1
        InboxItem.objects.filter(pk__in=[item.pk for item in keep]).update(mail=InboxItem.Mail.SENT)
        InboxItem.objects.filter(pk__in=[item.pk for item in drop]).update(mail=InboxItem.Mail.NONE)
    return sent
