"""Kudos, comments, bookmarks and hits. Each write keeps its work's total in its transaction;
hits are buffered in the cache and folded into the totals by `hits_flush`."""

from __future__ import annotations

import hashlib
import hmac
import operator
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from enum import Enum

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.community import spam
from ficarchive.community.models import Bookmark, Comment, Kudos, WorkCommentSettings
from ficarchive.core import relations
from ficarchive.core.cachelock import CacheLockBusy
from ficarchive.core.events import CountChange, announce_comment_posted, announce_counts
from ficarchive.core.pending import PendingBuffer
from ficarchive.core.ratelimit import RateLimit
from ficarchive.formats.sanitize import sanitize_html, xml_safe
from ficarchive.formats.text_input import text_to_html
from ficarchive.works.models import Chapter, Work

COMMENT_MAX_LENGTH = 10_000


class CommunityError(Exception):
    """A reader's action that cannot be taken; the message says why, for the page."""


class KudosOutcome(Enum):
    LEFT = "left"
    ALREADY = "already"


def visitor_key(*, user: User | AnonymousUser, address: str) -> str:
    """Who a visitor is, for counting once: the account, or a keyed hash of the address."""
    if user.is_authenticated:
        return f"user:{user.pk}"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()


# Kudos one visitor (a member, or a guest's address) may leave in an hour, over all works.
KUDOS = RateLimit("kudos", "FICARCHIVE_KUDOS_PER_HOUR", 3600)
# Kudos one work may take from guests in an hour (many addresses, one work).
GUEST_KUDOS_PER_WORK = RateLimit(
    "guest-kudos-work", "FICARCHIVE_GUEST_KUDOS_PER_WORK_PER_HOUR", 3600
)


@transaction.atomic
def kudos_leave(*, work: Work, user: User | AnonymousUser, address: str) -> KudosOutcome:
    if work.is_created_by(user):
        raise CommunityError("You can't leave kudos on your own work.")
    _refuse_if_blocked(user, _creator_ids(work), "The creator of this work has blocked you.")
    key = visitor_key(user=user, address=address)
    if user.is_authenticated:
        kudos = Kudos(work=work, user=user)
        given = Kudos.objects.filter(work=work, user=user)
    else:
        kudos = Kudos(work=work, guest_key=key)
        given = Kudos.objects.filter(work=work, guest_key=kudos.guest_key)
    if given.exists():
        return KudosOutcome.ALREADY
    if not KUDOS.attempt(key):
        raise CommunityError("You have left a lot of kudos in the last hour; please wait a while.")
    if not user.is_authenticated and not GUEST_KUDOS_PER_WORK.attempt(str(work.pk)):
        raise CommunityError("This work has had many guest kudos in the last hour; log in to "
                             "leave yours.")  # fmt: skip
    try:
        with transaction.atomic():
            kudos.save()
    except IntegrityError:  # the same reader, twice at once
        return KudosOutcome.ALREADY
    Work.objects.filter(pk=work.pk).update(kudos_count=F("kudos_count") + 1)
    announce_counts(CountChange.KUDOS, [work.pk])
    return KudosOutcome.LEFT


def _creator_ids(work: Work) -> list[int | None]:
    """The accounts of a work's creators; no query when the authorships are prefetched."""
    return [authorship.creator.user_id for authorship in work.authorships.all()]


def _refuse_if_blocked(
    user: User | AnonymousUser, by_ids: Collection[int | None], message: str
) -> None:
    """Blocks are kept by the muting app, which follows this one (core.relations)."""
    try:
        relations.refuse_if_blocked(actor=user, by_ids=by_ids, message=message)
    except relations.BlockedError as error:
        raise CommunityError(str(error)) from error


# Comments one member may post in an hour.
COMMENTS = RateLimit("comments", "FICARCHIVE_COMMENTS_PER_HOUR", 3600)
# Comments guests may post in an hour from one address, over all works.
GUEST_COMMENTS = RateLimit("guest-comments", "FICARCHIVE_GUEST_COMMENTS_PER_HOUR", 3600)


@dataclass(frozen=True)
class GuestAuthor:
    """Who a guest says they are, and where they write from (for the rate limit only: the
    address is not stored). Spam checks (a honeypot, a score) can join here later."""

    name: str
    email: str
    address: str


# Comments one work may take from guests in an hour, whoever they are.
GUEST_COMMENTS_PER_WORK = RateLimit(
    "guest-comments-work", "FICARCHIVE_GUEST_COMMENTS_PER_WORK_PER_HOUR", 3600
)


def _spam_check(*, user: User | AnonymousUser, guest_email: str, work_id: int, text: str) -> str:
    try:
        return spam.comment_spam_check(
            user=user, guest_email=guest_email, work_id=work_id, text=text
        )
    except spam.CommentSpam as error:
        raise CommunityError(str(error)) from error


def comment_settings_of(work: Work) -> WorkCommentSettings:
    """The work's comment settings, or the defaults when its creators chose none. No query
    when the work was loaded with `select_related("comment_settings")`."""
    try:
        return work.comment_settings
    except WorkCommentSettings.DoesNotExist:
        return WorkCommentSettings(work=work)


def comment_moderates(*, work: Work, user: User | AnonymousUser) -> bool:
    """The work's creators (their page, their say) and the archive's moderators."""
    return user.is_authenticated and (user.is_staff or work.is_created_by(user))


def _comment_html(text: str) -> str:
    if len(text) > COMMENT_MAX_LENGTH:
        raise CommunityError(f"A comment can be at most {COMMENT_MAX_LENGTH:,} characters.")
    body = sanitize_html(text_to_html(text, "plain"))
    if not text.strip() or not body.strip():
        raise CommunityError("The comment is empty.")
    return body


def _thread_is_frozen(comment: Comment) -> bool:
    """Whether the comment or one above it is frozen, as stored now (not as the caller's
    copy says): a query per level; threads are shallow, and this runs on a post, not a page."""
    current: int | None = comment.pk
    while current is not None:
        row = Comment.objects.filter(pk=current).values_list("is_frozen", "parent_id").first()
        if row is None:
            return False
        frozen, current = row
        if frozen:
            return True
    return False


@transaction.atomic
def comment_post(
    *,
    chapter: Chapter,
    user: User | AnonymousUser,
    text: str,
    parent: Comment | None = None,
    guest: GuestAuthor | None = None,
) -> Comment:
    """A comment (plain text, paragraphs by blank lines) on a posted chapter, or a reply: by a
    member (`user`), or by a guest (an anonymous `user` and `guest`) where the work's creators
    let guests comment. Held for the creators' approval when they chose so; a held comment is
    not counted until approved (`comment_approve`)."""
    if not chapter.is_posted:
        raise CommunityError("Comments open when the chapter is posted.")
    work = chapter.work
    chosen = comment_settings_of(work)
    body = _comment_html(text)
    if parent is not None and (
        parent.chapter_id != chapter.pk
        or parent.is_deleted
        or parent.is_hidden
        or not parent.is_approved
    ):
        raise CommunityError("That comment can no longer be replied to.")
    if parent is not None and _thread_is_frozen(parent):
        raise CommunityError("This thread is frozen: it takes no more replies.")
    _refuse_if_blocked(user, _creator_ids(work), "The creator of this work has blocked you.")
    if parent is not None:
        _refuse_if_blocked(user, [parent.user_id], "The writer of that comment has blocked you.")
    if not chosen.members_may_comment:
        raise CommunityError("The creators have turned comments off on this work.")
    moderates = comment_moderates(work=work, user=user)
    if user.is_authenticated:
        if not user.may_contribute:
            raise CommunityError("Confirm your email address first: open the link we mailed you.")
        key = spam.body_key(text)
        if not moderates:  # the creators answer on their own page as they like
            key = _spam_check(user=user, guest_email="", work_id=work.pk, text=text)
        if not COMMENTS.attempt(str(user.pk)):
            raise CommunityError("You have commented a lot in the last hour; please wait a while.")
        signed: dict[str, object] = {"user": user}
    else:
        if guest is None or not chosen.guests_may_comment:
            raise CommunityError("Log in to comment on this work.")
        name, email = xml_safe(guest.name).strip(), guest.email.strip()
        if not name or not email:
            raise CommunityError("Give your name and your email address.")
        key = _spam_check(user=user, guest_email=email, work_id=work.pk, text=text)
        if not GUEST_COMMENTS.attempt(guest.address):
            raise CommunityError("Many comments came from here in the last hour; please wait.")
        if not GUEST_COMMENTS_PER_WORK.attempt(str(work.pk)):
            raise CommunityError("This work has had many guest comments in the last hour; log in "
                                 "or come back later.")  # fmt: skip
        signed = {"guest_name": name[:100], "guest_email": email}
    held = not moderates and (
        chosen.holds(guest=not user.is_authenticated) or spam.holds_first_comment(user)
    )
    comment = Comment.objects.create(
        work_id=chapter.work_id, chapter=chapter, parent=parent, body_html=body,
        is_approved=not held, body_key=key, **signed,
    )  # fmt: skip
    if not held:
        Work.objects.filter(pk=chapter.work_id).update(comment_count=F("comment_count") + 1)
        announce_counts(CountChange.COMMENTS, [chapter.work_id])
    announce_comment_posted(comment.pk)  # held or not: the creators must know of it
    return comment


def comment_can_edit(*, comment: Comment, user: User | AnonymousUser) -> bool:
    """Its writer, a member (guests have no way back to theirs)."""
    return (
        user.is_authenticated
        and comment.user_id == user.pk
        and not comment.is_deleted
        and not comment.is_guest
    )


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, text: str) -> Comment:
    """The writer changes their words; the comment says "(edited)" with the time."""
    if not comment_can_edit(comment=comment, user=user):
        raise CommunityError("You can't edit that comment.")
    if comment_moderates(work=comment.work, user=user):
        key = spam.body_key(text)
    else:  # a harmless comment edited into spam is caught like new spam
        key = _spam_check(user=user, guest_email="", work_id=comment.work_id, text=text)
    comment.body_html = _comment_html(text)
    comment.body_key = key
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body_html", "body_key", "edited_at"])
    if comment.is_approved:  # the guests' pages show it
        announce_counts(CountChange.COMMENTS, [comment.work_id])
    return comment


def comment_can_delete(*, comment: Comment, user: User | AnonymousUser) -> bool:
    """Its writer, the work's creators (their page, their say) and moderators."""
    if not user.is_authenticated or comment.is_deleted:
        return False
    return comment.user_id == user.pk or comment_moderates(work=comment.work, user=user)


@transaction.atomic
def comment_delete(*, comment: Comment, user: User) -> None:
    """Gone; with replies, its place in the thread stays ("deleted") so they still read."""
    if not comment_can_delete(comment=comment, user=user):
        raise CommunityError("You can't delete that comment.")
    if comment.replies.exists():
        comment.is_deleted = True
        comment.body_html = ""
        comment.guest_email = ""
        comment.save(update_fields=["is_deleted", "body_html", "guest_email"])
    else:
        comment.delete()
    if comment.is_approved and not comment.is_hidden:
        Work.objects.filter(pk=comment.work_id).update(comment_count=F("comment_count") - 1)
        announce_counts(CountChange.COMMENTS, [comment.work_id])


@transaction.atomic
def comment_approve(*, comment: Comment, user: User) -> None:
    """A held comment appears, and counts."""
    if not comment_moderates(work=comment.work, user=user) or comment.is_deleted:
        raise CommunityError("You can't approve that comment.")
    if Comment.objects.filter(pk=comment.pk, is_approved=False).update(is_approved=True):
        comment.is_approved = True
        if comment.is_hidden:
            return  # a hidden comment counts once the moderators show it again
        Work.objects.filter(pk=comment.work_id).update(comment_count=F("comment_count") + 1)
        announce_counts(CountChange.COMMENTS, [comment.work_id])
        announce_comment_posted(comment.pk)  # now the writer it answers is told


@transaction.atomic
def comment_freeze(*, comment: Comment, user: User, frozen: bool) -> None:
    """Freeze a thread (from this comment down: no more replies), or thaw it."""
    if not comment_moderates(work=comment.work, user=user):
        raise CommunityError("You can't freeze that thread.")
    comment.is_frozen = frozen
    comment.save(update_fields=["is_frozen"])
    announce_counts(CountChange.COMMENTS, [comment.work_id])  # guests' pages lose the links


@transaction.atomic
def work_comment_settings_save(
    *, work: Work, user: User, who_may_comment: str, moderation: str
) -> WorkCommentSettings:
    """The creators choose who may comment and which comments wait for their approval."""
    if not work.is_editable_by(user):
        raise CommunityError("Only the work's creators choose its comment settings.")
    chosen, _ = WorkCommentSettings.objects.update_or_create(
        work=work, defaults={"who_may_comment": who_may_comment, "moderation": moderation}
    )
    # Not a count, but what guests' cached pages offer (a comment link) changes with it.
    announce_counts(CountChange.COMMENTS, [work.pk])
    return chosen


@transaction.atomic
def comment_hide(*, comment: Comment, hidden: bool) -> bool:
    """The moderators hide a comment (gone for everyone but its writer and them; its replies
    keep their place under a notice) or show it again. The moderation app decides who may:
    this only changes the row and the work's count. Returns whether anything changed."""
    if not Comment.objects.filter(pk=comment.pk, is_hidden=not hidden).update(is_hidden=hidden):
        return False
    comment.is_hidden = hidden
    comments_recount(work_ids=[comment.work_id])
    return True


def comments_recount(*, work_ids: Collection[int]) -> None:
    """After comments went with their chapters (community/receivers.py), or were hidden."""
    for work_id in work_ids:
        counted = Comment.objects.filter(
            work_id=work_id, is_deleted=False, is_approved=True, is_hidden=False
        )
        remaining = counted.count()
        Work.objects.filter(pk=work_id).update(comment_count=remaining)
    announce_counts(CountChange.COMMENTS, work_ids)


def _recount_bookmarks(work_ids: Collection[int]) -> None:
    for work_id in work_ids:
        public = Bookmark.objects.filter(work_id=work_id, is_private=False).count()
        Work.objects.filter(pk=work_id).update(bookmark_count=public)
    announce_counts(CountChange.BOOKMARKS, work_ids)


@transaction.atomic
def bookmark_save(*, user: User, work: Work, notes: str, is_private: bool) -> Bookmark:
    """Keep the work (or change the notes of the bookmark already kept); public ones count."""
    bookmark, _ = Bookmark.objects.update_or_create(
        user=user, work=work, defaults={"notes": xml_safe(notes).strip(), "is_private": is_private}
    )
    _recount_bookmarks([work.pk])
    return bookmark


@transaction.atomic
def bookmark_delete(*, user: User, work: Work) -> None:
    Bookmark.objects.filter(user=user, work=work).delete()
    _recount_bookmarks([work.pk])


# Hits (DESIGN.md 16): a page view writes nothing to the archive's database. The visitor's
# first view of a work in a day claims a "day" key with cache.add, and adds one to the
# work's pending count (core.pending: no count is lost or applied twice); hits_flush folds the
# pending counts into Work.hit_count, one transaction per flush. Day keys sort before the
# pending counts, so a full database cache culls those first.
HITS = PendingBuffer[int, int](
    "hits:pending", merge=operator.add, former_key="hits:pending", former_lock="hits:lock"
)


def _day_key(*, work_id: int, visitor: str, today: date) -> tuple[str, int]:
    """The cache key saying this visitor was counted on this work today, and how long it must
    last: past the end of the day, after which the date in the key is never asked again."""
    midnight = datetime.combine(
        today + timedelta(days=1), dt_time.min, tzinfo=timezone.get_current_timezone()
    )
    timeout = max(int((midnight - timezone.now()).total_seconds()), 0) + 3600
    return f"hits:day:{today.isoformat()}:{work_id}:{visitor}", timeout


def hit_record(*, work: Work, user: User | AnonymousUser, address: str, today: date) -> bool:
    """Count a visitor's first visit of the day; creators reading their own work don't count.
    Only the cache is written (hits_flush brings the count to the work), so reading a page
    never opens a transaction on the archive's database."""
    if work.is_created_by(user):
        return False
    key, timeout = _day_key(
        work_id=work.pk, visitor=visitor_key(user=user, address=address), today=today
    )
    if cache.get(key) is not None:  # most views are a counted visitor's next page: a read
        return False
    if not cache.add(key, True, timeout=timeout):
        return False
    try:
        HITS.add({work.pk: 1})
    except CacheLockBusy:
        cache.delete(key)  # not counted: the visitor's next view tries again
        return False
    return True


def hits_flush() -> int:
    """Fold the hits counted since the last flush into the works' totals, in one transaction,
    and announce them; returns how many. Run by the flusher thread of each web worker (one per
    interval among them) or `ficarchive manage hits_flush`; never by a request."""
    pending = HITS.take()
    if not pending:
        return 0
    try:
        _hits_fold(pending)
    except BaseException:
        HITS.add(pending)  # rolled back: the next flush brings them
        raise
    return sum(pending.values())


@transaction.atomic
def _hits_fold(pending: dict[int, int]) -> None:
    folded = [
        work_id
        for work_id, count in sorted(pending.items())
        if Work.objects.filter(pk=work_id).update(hit_count=F("hit_count") + count)
    ]
    # Search treats hits as "catch up before the next search" (search/receivers.py).
    announce_counts(CountChange.HITS, folded)


@transaction.atomic
def community_forget_member(*, user_id: int) -> None:
    """Before an account goes (community/receivers.py): its kudos and bookmarks leave their
    works' totals. Its comments stay, signed by "a former member", so the replies still read."""
    kudosed = list(Kudos.objects.filter(user_id=user_id).values_list("work_id", flat=True))
    Work.objects.filter(pk__in=kudosed).update(kudos_count=F("kudos_count") - 1)
    Kudos.objects.filter(user_id=user_id).delete()
    announce_counts(CountChange.KUDOS, kudosed)
    kept = list(Bookmark.objects.filter(user_id=user_id).values_list("work_id", flat=True))
    Bookmark.objects.filter(user_id=user_id).delete()
    _recount_bookmarks(kept)


@transaction.atomic
def community_remove_spam(*, user: User | None = None, guest_email: str = "") -> dict[str, int]:
    """Everything a spam account (or a guest address) left: its comments (a comment with
    replies keeps its place as "deleted"), and an account's bookmarks and kudos. The works'
    totals follow. The moderation app decides who may; returns how many of each went."""
    if user is None and not guest_email:
        return {"comments": 0, "bookmarks": 0, "kudos": 0}
    comments = Comment.objects.filter(is_deleted=False)
    if user is not None:
        comments = comments.filter(user=user)
    else:
        comments = comments.filter(user__isnull=True, guest_email__iexact=guest_email)
    touched = set(comments.values_list("work_id", flat=True))
    answered = set(Comment.objects.filter(parent__in=comments).values_list("parent_id", flat=True))
    removed = comments.count()
    comments.filter(pk__in=answered).update(
        is_deleted=True, body_html="", guest_email="", body_key=""
    )
    comments.exclude(pk__in=answered).delete()
    bookmarks = kudos = 0
    if user is not None:
        bookmarks = Bookmark.objects.filter(user=user).count()
        kudos = Kudos.objects.filter(user=user).count()
        community_forget_member(user_id=user.pk)
    comments_recount(work_ids=sorted(touched))
    return {"comments": removed, "bookmarks": bookmarks, "kudos": kudos}
