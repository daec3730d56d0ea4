"""Reads of kudos, bookmarks and comments: what a reading page needs of them (assembled by
reader.selectors), and a member's bookmarks."""

from __future__ import annotations

from dataclasses import dataclass, field

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

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark, Comment, Kudos
from ficarchive.community.services import visitor_key
from ficarchive.core import relations
from ficarchive.works.models import Chapter, Work, WorkQuerySet

KUDOS_NAMES_SHOWN = 50
MAX_REPLY_DEPTH = 5  # deeper replies are drawn at this depth, as AO3 flattens long threads


@dataclass
class CommentRow:
    comment: Comment
    depth: int
    can_delete: bool
    is_muted: bool = False  # by a member the viewer muted: kept only as its replies' place


@dataclass
class ChapterComments:
    chapter: Chapter
    rows: list[CommentRow] = field(default_factory=list)


def with_viewer_state(works: WorkQuerySet, *, user: User | AnonymousUser) -> WorkQuerySet:
    """Whether this member left kudos, and their bookmark, joined into the works' own query
    (read back by `viewer_bookmark()` and `viewer_left_kudos()`). Nothing for a guest: guests
    share one cached page, and learn whether they left kudos from `kudos_left` after it loads.
    """
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


def comment_threads(
    chapters: list[Chapter], user: User | AnonymousUser, *, moderates: bool
) -> list[ChapterComments]:
    """Each chapter's comments in thread order: a comment, then its replies, indented."""
    by_chapter = {chapter.pk: ChapterComments(chapter) for chapter in chapters}
    found = Comment.objects.filter(chapter__in=chapters).select_related("user")
    if (muted := relations.muted_users(user)) is not None:
        # Marked in the same statement; a muted member's words are never sent to the page.
        found = found.annotate(
            by_muted=ExpressionWrapper(Q(user_id__in=muted), output_field=BooleanField())
        )
    comments = list(found)
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)

    def walk(comment: Comment, depth: int) -> None:
        # The rule of comment_can_delete, without a query per comment.
        mine = user.is_authenticated and comment.user_id == user.pk
        can_delete = not comment.is_deleted and (mine or moderates)
        replies = children.get(comment.pk, [])
        is_muted = bool(getattr(comment, "by_muted", False))
        if is_muted and not replies:
            return  # a muted member's comment leaves the page, unless replies hang from it
        row = CommentRow(comment, min(depth, MAX_REPLY_DEPTH), can_delete, is_muted)
        by_chapter[comment.chapter_id].rows.append(row)
        for reply in replies:
            walk(reply, depth + 1)

    for top in children.get(None, []):
        walk(top, 0)
    return [group for group in by_chapter.values() if group.rows or len(chapters) == 1]


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
