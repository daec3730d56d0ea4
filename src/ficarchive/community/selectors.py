"""Reads of kudos, bookmarks and comments: what a reading page needs of them (assembled by
reader.selectors), and a member's bookmarks."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from math import ceil

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark, Comment, Kudos, WorkCommentSettings
from ficarchive.community.services import visitor_key
from ficarchive.core import relations
from ficarchive.works.models import Chapter, Work, WorkQuerySet

KUDOS_NAMES_SHOWN = 50
COMMENT_THREADS_PER_PAGE = 50
MAX_REPLY_DEPTH = 5  # deeper replies are drawn at this depth, as AO3 flattens long threads


@dataclass
class CommentRow:
    """A comment as this viewer sees it, with what they may do to it."""

    comment: Comment
    depth: int
    can_delete: bool
    can_edit: bool = False
    can_reply: bool = False
    moderates: bool = False  # approve, freeze: the work's creators and moderators
    in_frozen_thread: bool = False  # frozen itself, or under a frozen comment
    can_freeze: bool = False  # freeze or unfreeze: not under a thread frozen higher up
    is_muted: bool = False  # by a member the viewer muted: kept only as its replies' place
    is_hidden: bool = False  # hidden by the moderators from this viewer: its replies' place
    can_report: bool = False  # someone else's words the viewer reads


@dataclass
class ChapterComments:
    """One chapter's threads, a page of COMMENT_THREADS_PER_PAGE top-level ones at a time."""

    chapter: Chapter
    rows: list[CommentRow] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    previous_url: str = ""
    next_url: str = ""


def with_viewer_state(works: WorkQuerySet, *, user: User | AnonymousUser) -> WorkQuerySet:
    """The works' comment settings (for everyone: `comment_settings_of()` reads them without
    a query), and whether this member left kudos, and their bookmark, joined into the works'
    own query (read back by `viewer_bookmark()` and `viewer_left_kudos()`). No kudos state for
    a guest: guests share one cached page, and learn whether they left kudos from
    `kudos_left` after it loads.
    """
    works = works.select_related("comment_settings")
    if not user.is_authenticated:
        return works
    bookmark = Bookmark.objects.filter(work=OuterRef("pk"), user=user)
    return works.annotate(
        viewer_left_kudos=Exists(Kudos.objects.filter(work=OuterRef("pk"), user=user)),
        viewer_bookmark_id=Subquery(bookmark.values("pk")[:1]),
        viewer_bookmark_notes=Subquery(bookmark.values("notes")[:1]),
        viewer_bookmark_private=Subquery(bookmark.values("is_private")[:1]),
    )


def viewer_left_kudos(work: Work) -> bool:
    return bool(getattr(work, "viewer_left_kudos", False))


def viewer_bookmark(work: Work, user: User | AnonymousUser) -> Bookmark | None:
    """The member's bookmark of a work loaded through `with_viewer_state()`, without a query."""
    bookmark_id = getattr(work, "viewer_bookmark_id", None)
    if not user.is_authenticated or bookmark_id is None:
        return None
    return Bookmark(
        pk=bookmark_id, user=user, work=work,
        notes=getattr(work, "viewer_bookmark_notes", ""),
        is_private=getattr(work, "viewer_bookmark_private", False),
    )  # fmt: skip


@dataclass
class KudosGivers:
    kudos_names: list[str]  # the newest members' names
    guest_kudos: int


def kudos_givers(*, work: Work) -> KudosGivers:
    """Who left kudos on a work, the same line on the page and after kudos left from it: the
    newest members' names (at most KUDOS_NAMES_SHOWN) and how many guests. One query, a second
    only when more members left kudos than the names shown."""
    names = list(
        Kudos.objects.filter(work=work, user__isnull=False)
        .order_by("-created_at")
        .values_list("user__username", flat=True)[:KUDOS_NAMES_SHOWN]
    )
    members = len(names)
    if members == KUDOS_NAMES_SHOWN:
        members = Kudos.objects.filter(work=work, user__isnull=False).count()
    return KudosGivers(names, max(work.kudos_count - members, 0))


def kudos_left(*, work: Work, user: User | AnonymousUser, address: str) -> bool:
    """Whether this visitor (the account, or a guest's address) already left kudos here."""
    if user.is_authenticated:
        return Kudos.objects.filter(work=work, user=user).exists()
    key = visitor_key(user=user, address=address)
    return Kudos.objects.filter(work=work, guest_key=key).exists()


def get_work_for_commenting(*, user: User | AnonymousUser, work_id: int) -> Work:
    """The work if this user may read it (a 404 otherwise), with what the comment pages need
    of it: its comment settings and its creators (who moderate), in two queries."""
    works = (
        Work.objects.visible_to(user)
        .select_related("comment_settings")
        .prefetch_related("authorships__creator")
    )
    return get_object_or_404(works, pk=work_id)


def _comments_seen_by(
    comments: QuerySet[Comment], user: User | AnonymousUser, *, moderates: bool
) -> QuerySet[Comment]:
    """Held comments are seen by the work's creators and moderators, and by their writer."""
    if moderates:
        return comments
    seen = Q(is_approved=True)
    if user.is_authenticated:
        seen |= Q(user=user)
    return comments.filter(seen)


def _page_url(chapter: Chapter, page: int) -> str:
    url = reverse("reader:chapter", args=[chapter.work_id, chapter.position])
    return f"{url}?comments_page={page}#comments" if page > 1 else f"{url}#comments"


def comment_threads(
    chapters: list[Chapter],
    user: User | AnonymousUser,
    *,
    moderates: bool,
    settings: WorkCommentSettings | None = None,
    page: int = 1,
) -> list[ChapterComments]:
    """Each chapter's comments in thread order (a comment, then its replies, indented), a page
    of COMMENT_THREADS_PER_PAGE threads per chapter: one query, whatever the page."""
    chosen = settings or WorkCommentSettings()
    by_chapter = {chapter.pk: ChapterComments(chapter) for chapter in chapters}
    comments = Comment.objects.filter(chapter__in=chapters).select_related("user")
    if (muted := relations.muted_users(user)) is not None:
        # Marked in the same statement; a muted member's words are never sent to the page.
        comments = comments.annotate(
            by_muted=ExpressionWrapper(Q(user_id__in=muted), output_field=BooleanField())
        )
    children: dict[int | None, list[Comment]] = {}
    for comment in _comments_seen_by(comments, user, moderates=moderates):
        children.setdefault(comment.parent_id, []).append(comment)
    if user.is_authenticated:
        may_reply = chosen.members_may_comment and user.may_contribute
    else:
        may_reply = chosen.guests_may_comment

    def walk(comment: Comment, depth: int, frozen: bool) -> None:
        # The rules of comment_can_delete and comment_can_edit, without a query per comment.
        mine = user.is_authenticated and comment.user_id == user.pk and not comment.is_guest
        above = frozen
        frozen = frozen or comment.is_frozen
        open_ = comment.is_approved and not comment.is_deleted and not comment.is_hidden
        open_ = open_ and not frozen
        replies = children.get(comment.pk, [])
        is_muted = bool(getattr(comment, "by_muted", False))
        # Hidden by the moderators: only they and its writer still read it.
        is_hidden = comment.hidden_from(user)
        if (is_muted or is_hidden) and not replies:
            return  # it leaves the page, unless replies hang from it
        row = CommentRow(
            comment, min(depth, MAX_REPLY_DEPTH),
            can_delete=not comment.is_deleted and (mine or moderates),
            can_edit=mine and not comment.is_deleted,
            can_reply=open_ and may_reply,
            moderates=moderates and not comment.is_deleted,
            in_frozen_thread=frozen,
            can_freeze=moderates and comment.is_approved and not above,
            is_muted=is_muted,
            is_hidden=is_hidden,
            can_report=not (mine or is_muted or is_hidden or comment.is_deleted),
        )  # fmt: skip
        by_chapter[comment.chapter_id].rows.append(row)
        for reply in replies:
            walk(reply, depth + 1, frozen)

    tops: dict[int, list[Comment]] = {}
    for top in children.get(None, []):
        tops.setdefault(top.chapter_id, []).append(top)
    for chapter_id, threads in tops.items():
        group = by_chapter[chapter_id]
        group.pages = max(ceil(len(threads) / COMMENT_THREADS_PER_PAGE), 1)
        group.page = min(max(page, 1), group.pages)
        start = (group.page - 1) * COMMENT_THREADS_PER_PAGE
        for top in threads[start : start + COMMENT_THREADS_PER_PAGE]:
            walk(top, 0, False)
        if group.page > 1:
            group.previous_url = _page_url(group.chapter, group.page - 1)
        if group.page < group.pages:
            group.next_url = _page_url(group.chapter, group.page + 1)
    return [group for group in by_chapter.values() if group.rows or len(chapters) == 1]


def comment_page_of(*, comment: Comment, user: User | AnonymousUser, moderates: bool) -> int:
    """Which page of its chapter's threads the comment is on, for this viewer (one query);
    0 when the viewer may not see it (held, or under a comment they may not see)."""
    seen = _comments_seen_by(
        Comment.objects.filter(chapter_id=comment.chapter_id), user, moderates=moderates
    )
    parents = dict(seen.values_list("pk", "parent_id"))  # in thread order (Meta.ordering)
    tops = [pk for pk, parent in parents.items() if parent is None]
    current: int | None = comment.pk
    while current in parents and parents[current] is not None:
        current = parents[current]
    if current not in parents:
        return 0
    return tops.index(current) // COMMENT_THREADS_PER_PAGE + 1


def comment_page_url(*, comment: Comment, chapter: Chapter, page: int) -> str:
    url = reverse("reader:chapter", args=[comment.work_id, chapter.position])
    query = f"?comments_page={page}" if page > 1 else ""
    return f"{url}{query}#comment-{comment.pk}"


def html_to_comment_text(body_html: str) -> str:
    """The plain text a comment was written as (its HTML is only ever paragraphs and line
    breaks of escaped text, from `comment_post`), for the edit form."""
    paragraphs = re.findall(r"<p>(.*?)</p>", body_html, flags=re.DOTALL)
    lines = [re.sub(r"<br\s*/?>", "\n", paragraph) for paragraph in paragraphs]
    return html.unescape("\n\n".join(re.sub(r"<[^>]+>", "", line) for line in lines))


def bookmarks_of(*, owner: User, viewer: User | AnonymousUser) -> QuerySet[Bookmark]:
    """A member's bookmarks of works the viewer may see and did not mute; private ones for the
    owner only; none when the viewer muted the owner."""
    listed = Work.objects.visible_to(viewer).unmuted_for(viewer)
    bookmarks = Bookmark.objects.filter(user=owner, work__in=listed).select_related("work")
    if (muted := relations.muted_users(viewer)) is not None:
        bookmarks = bookmarks.exclude(user_id__in=muted)
    if not (viewer.is_authenticated and viewer.pk == owner.pk):
        bookmarks = bookmarks.filter(is_private=False)
    return bookmarks
