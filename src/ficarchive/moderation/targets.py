"""What a report or an action is about: a work, a chapter, a comment, a bookmark or a member,
found by kind and id, with the accounts answerable for it and a plain-text excerpt that the
queue shows (escaped: never the stored HTML)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark, Comment
from ficarchive.formats.text_of_html import html_to_text
from ficarchive.moderation.models import AuditEntry, Report, TargetKind
from ficarchive.tags.models import Tag
from ficarchive.works.models import Chapter, Visibility, Work

EXCERPT_CHARACTERS = 3000


@dataclass
class Target:
    kind: str
    id: int
    label: str
    url: str
    text: str
    members: list[User] = field(default_factory=list)  # whose content it is
    work: Work | None = None  # the work to hide, for a work or a chapter
    comment: Comment | None = None
    member: User | None = None  # a reported member
    tag: Tag | None = None  # a tag to wrangle
    chapter_posted: bool = True
    private: bool = False  # a private bookmark

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def is_hidden(self) -> bool:
        """Hidden by the moderators (a work or comment), or suspended or banned (a member)."""
        if self.comment is not None:
            return self.comment.is_hidden
        if self.work is not None:
            return self.work.visibility == Visibility.HIDDEN
        return self.member is not None and self.member.is_restricted

    @property
    def can_hide(self) -> bool:
        return self.work is not None or self.comment is not None

    @property
    def kind_label(self) -> str:
        return TargetKind(self.kind).label


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_CHARACTERS else text[:EXCERPT_CHARACTERS] + "…"


def _credits(work: Work) -> tuple[str, list[User]]:
    """The work's label and its creators' accounts, from one query."""
    authorships = list(work.authorships.select_related("creator__user").order_by("position"))
    names = ", ".join(a.creator.name for a in authorships) or "an unknown creator"
    accounts = [a.creator.user for a in authorships if a.creator.user is not None]
    return f"“{work.title}” by {names}"[:300], accounts


def _of_work(work: Work) -> Target:
    label, accounts = _credits(work)
    return Target(
        TargetKind.WORK, work.pk, label, work.get_absolute_url(),
        _excerpt(html_to_text(work.summary)), accounts, work=work,
    )  # fmt: skip


def _of_chapter(chapter: Chapter) -> Target:
    work = chapter.work
    label, accounts = _credits(work)
    return Target(
        TargetKind.CHAPTER, chapter.pk, f"Chapter {chapter.position} of {label}"[:300],
        chapter.get_absolute_url(), _excerpt(chapter.body_text), accounts, work=work,
        chapter_posted=chapter.is_posted,
    )  # fmt: skip


def _of_comment(comment: Comment) -> Target:
    label = f"Comment by {comment.signature} on “{comment.work.title}”"[:300]
    members = [comment.user] if comment.user is not None and not comment.is_guest else []
    url = f"{comment.chapter.get_absolute_url()}#comment-{comment.pk}"
    return Target(
        TargetKind.COMMENT, comment.pk, label, url, _excerpt(html_to_text(comment.body_html)),
        members, comment=comment,
    )  # fmt: skip


def _of_bookmark(bookmark: Bookmark) -> Target:
    label = f"{bookmark.user.username}’s bookmark of “{bookmark.work.title}”"[:300]
    url = reverse("community:bookmarks", args=[bookmark.user.username])
    return Target(
        TargetKind.BOOKMARK, bookmark.pk, label, url, _excerpt(bookmark.notes), [bookmark.user],
        private=bookmark.is_private,
    )  # fmt: skip


def _of_member(member: User) -> Target:
    return Target(
        TargetKind.MEMBER, member.pk, f"Member {member.username}", member.get_absolute_url(),
        _excerpt(member.bio), [member], member=member,
    )  # fmt: skip


def _of_tag(tag: Tag) -> Target:
    lines = [f"{tag.get_kind_display()} tag “{tag.name}”."]
    if tag.synonym_of is not None:
        lines.append(f"A synonym of “{tag.synonym_of.name}”.")
    if synonyms := [synonym.name for synonym in tag.synonyms.all()]:
        lines.append("Its synonyms: " + ", ".join(synonyms) + ".")
    if fandoms := [fandom.name for fandom in tag.fandoms.all()]:
        lines.append("In the fandoms: " + ", ".join(fandoms) + ".")
    label = f"{tag.get_kind_display()} tag “{tag.name}”"[:300]
    url = reverse("works:tag", args=[tag.pk])
    return Target(TargetKind.TAG, tag.pk, label, url, "\n".join(lines), tag=tag)


def _reported_or_acted_on(kind: str, target_id: int) -> bool:
    return (
        Report.objects.filter(target_kind=kind, target_id=target_id).exists()
        or AuditEntry.objects.filter(target_kind=kind, target_id=target_id).exists()
    )


def target_for_moderator(kind: str, target_id: int) -> Target:
    """The target, hidden or not; a 404 when it no longer exists. What nobody could have
    reported (a draft, an unposted chapter, a private bookmark) is shown only when it has
    reports or decisions already: moderators do not browse members' private things by id."""
    target = _target(kind, target_id)
    private = (
        (target.work is not None and target.work.visibility == Visibility.DRAFT)
        or (kind == TargetKind.CHAPTER and not target.chapter_posted)
        or (kind == TargetKind.BOOKMARK and target.private)
    )
    if private and not _reported_or_acted_on(kind, target_id):
        raise Http404("Nothing to moderate there")
    return target


def _target(kind: str, target_id: int) -> Target:
    if kind == TargetKind.WORK:
        work = Work.objects.filter(pk=target_id).first()
        if work is not None:
            return _of_work(work)
    elif kind == TargetKind.CHAPTER:
        chapter = Chapter.objects.select_related("work").filter(pk=target_id).first()
        if chapter is not None:
            return _of_chapter(chapter)
    elif kind == TargetKind.COMMENT:
        comment = (
            Comment.objects.select_related("work", "chapter", "user").filter(pk=target_id).first()
        )
        if comment is not None:
            return _of_comment(comment)
    elif kind == TargetKind.BOOKMARK:
        bookmark = Bookmark.objects.select_related("work", "user").filter(pk=target_id).first()
        if bookmark is not None:
            return _of_bookmark(bookmark)
    elif kind == TargetKind.MEMBER:
        member = User.objects.filter(pk=target_id).first()
        if member is not None:
            return _of_member(member)
    elif kind == TargetKind.TAG:
        tags = Tag.objects.select_related("synonym_of").prefetch_related("synonyms", "fandoms")
        tag = tags.filter(pk=target_id).first()
        if tag is not None:
            return _of_tag(tag)
    raise Http404("No such thing to moderate")


def target_for_reader(kind: str, target_id: int, user: User | AnonymousUser) -> Target:
    """The target if this reader can see it (what they may not see, they cannot report: a
    404, as on its page)."""
    visible = Work.objects.visible_to(user)
    if kind == TargetKind.WORK:
        work = visible.filter(pk=target_id).exclude(visibility=Visibility.DRAFT).first()
        if work is not None:
            return _of_work(work)
    elif kind == TargetKind.CHAPTER:
        chapter = (
            Chapter.objects.posted()
            .select_related("work")
            .filter(pk=target_id, work__in=visible.exclude(visibility=Visibility.DRAFT))
            .first()
        )
        if chapter is not None:
            return _of_chapter(chapter)
    elif kind == TargetKind.COMMENT:
        comment = (
            Comment.objects.select_related("work", "chapter", "user")
            .filter(pk=target_id, work__in=visible, is_deleted=False, is_approved=True)
            .first()
        )
        if comment is not None and not comment.hidden_from(user):
            return _of_comment(comment)
    elif kind == TargetKind.BOOKMARK:
        bookmark = (
            Bookmark.objects.select_related("work", "user")
            .filter(pk=target_id, work__in=visible, is_private=False)
            .first()
        )
        if bookmark is not None:
            return _of_bookmark(bookmark)
    elif kind == TargetKind.MEMBER:
        member = User.objects.filter(pk=target_id, is_active=True).first()
        if member is not None:
            return _of_member(member)
    raise Http404("No such thing to report")
