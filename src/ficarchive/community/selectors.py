"""What a reading page shows of kudos, bookmarks and comments, and a member's bookmarks."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark, Comment, Kudos
from ficarchive.community.services import visitor_key
from ficarchive.works.models import Chapter, Work

MAX_REPLY_DEPTH = 5  # deeper replies are drawn at this depth, as AO3 flattens long threads


@dataclass
class CommentRow:
    comment: Comment
    depth: int
    can_delete: bool


@dataclass
class ChapterComments:
    chapter: Chapter
    rows: list[CommentRow] = field(default_factory=list)


@dataclass
class CommunityPanel:
    kudos_names: list[str]
    guest_kudos: int
    has_left_kudos: bool
    is_creator: bool
    bookmark: Bookmark | None
    comments: list[ChapterComments]
    comment_chapter: Chapter | None  # where a new comment goes


def community_panel(
    *, work: Work, user: User | AnonymousUser, shown: list[Chapter]
) -> CommunityPanel:
    """The panel under a reading page. A guest's own kudos state is not in it: guests share
    one cached page, and learn whether they left kudos from `kudos_left` after it loads."""
    givers = kudos_givers(work=work)
    if user.is_authenticated:
        has_left = Kudos.objects.filter(work=work, user=user).exists()
        bookmark = Bookmark.objects.filter(user=user, work=work).first()
    else:
        has_left = False
        bookmark = None
    posted = [chapter for chapter in shown if chapter.is_posted]
    is_creator = user.is_authenticated and work.authorships.filter(creator__user=user).exists()
    return CommunityPanel(
        kudos_names=givers.kudos_names,
        guest_kudos=givers.guest_kudos,
        has_left_kudos=has_left,
        is_creator=is_creator,
        bookmark=bookmark,
        comments=_threads(posted, user, moderates=is_creator or user.is_staff),
        comment_chapter=posted[-1] if posted else None,
    )


@dataclass
class KudosGivers:
    kudos_names: list[str]  # the latest members' names
    guest_kudos: int


def kudos_givers(*, work: Work) -> KudosGivers:
    """Who left kudos on a work: the same line on the page and after kudos left from it."""
    kudos = Kudos.objects.filter(work=work)
    names = list(
        kudos.filter(user__isnull=False)
        .order_by("-created_at")
        .values_list("user__username", flat=True)[:50]
    )
    return KudosGivers(names, kudos.filter(user__isnull=True).count())


def kudos_left(*, work: Work, user: User | AnonymousUser, address: str) -> bool:
    """Whether this visitor (the account, or a guest's address) already left kudos here."""
    if user.is_authenticated:
        return Kudos.objects.filter(work=work, user=user).exists()
    key = visitor_key(user=user, address=address)
    return Kudos.objects.filter(work=work, guest_key=key).exists()


def _threads(
    chapters: list[Chapter], user: User | AnonymousUser, *, moderates: bool
) -> list[ChapterComments]:
    """Each chapter's comments in thread order: a comment, then its replies, indented."""
    by_chapter = {chapter.pk: ChapterComments(chapter) for chapter in chapters}
    comments = list(Comment.objects.filter(chapter__in=chapters).select_related("user"))
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)

    def walk(comment: Comment, depth: int) -> None:
        # The rule of comment_can_delete, without a query per comment.
        mine = user.is_authenticated and comment.user_id == user.pk
        can_delete = not comment.is_deleted and (mine or moderates)
        row = CommentRow(comment, min(depth, MAX_REPLY_DEPTH), can_delete)
        by_chapter[comment.chapter_id].rows.append(row)
        for reply in children.get(comment.pk, []):
            walk(reply, depth + 1)

    for top in children.get(None, []):
        walk(top, 0)
    return [group for group in by_chapter.values() if group.rows or len(chapters) == 1]


def bookmarks_of(*, owner: User, viewer: User | AnonymousUser) -> QuerySet[Bookmark]:
    """A member's bookmarks of works the viewer may see; private ones for the owner only."""
    bookmarks = Bookmark.objects.filter(
        user=owner, work__in=Work.objects.visible_to(viewer)
    ).select_related("work")
    if not (viewer.is_authenticated and viewer.pk == owner.pk):
        bookmarks = bookmarks.filter(is_private=False)
    return bookmarks
