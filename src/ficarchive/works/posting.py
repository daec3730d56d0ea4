"""Writes for authors: post, edit, reorder and delete works and chapters; co-creators.

Kept apart from services.py (imports) so each module stays small; both are services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.core import relations
from ficarchive.core.events import (
    ChapterChange,
    WorkChange,
    announce_chapters,
    announce_cocreator_invited,
    announce_works,
)
from ficarchive.core.ratelimit import RateLimit
from ficarchive.formats import FormatError, parse
from ficarchive.formats.text_input import text_to_html
from ficarchive.tags.models import ArchiveWarning, TagKind
from ficarchive.tags.services import tags_get_or_create
from ficarchive.works.models import (
    Authorship,
    Chapter,
    CoCreatorInvitation,
    Creator,
    Series,
    SeriesPart,
    Visibility,
    Work,
    join_categories,
)
from ficarchive.works.services import creators_get_or_create


class PostingRefused(Exception):
    """The post cannot be accepted; the message says why, for the author."""


@dataclass
class ChapterData:
    title: str = ""
    notes_begin: str = ""
    notes_end: str = ""
    text: str = ""
    text_format: str = "html"
    file_name: str | None = None
    file_data: bytes | None = None

    def body_html(self) -> str:
        """The chapter text as HTML: from the uploaded file when there is one."""
        if self.file_data is not None:
            try:
                parsed = parse(self.file_data, name=self.file_name or "upload")
            except FormatError as error:
                raise PostingRefused(f"{self.file_name}: {error}") from None
            except ValueError:  # a parser's own refusal (lxml, a codec): not a story file
                raise PostingRefused(f"{self.file_name}: this file could not be read.") from None
            return "\n<hr>\n".join(chapter.body_html for chapter in parsed.chapters)
        return text_to_html(self.text, self.text_format)


@dataclass
class WorkData:
    title: str
    fandoms: list[str]
    rating: str
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeforms: list[str] = field(default_factory=list)
    summary: str = ""
    notes_begin: str = ""
    notes_end: str = ""
    betas: list[str] = field(default_factory=list)
    language: str = "en"
    series_title: str = ""
    series_position: int | None = None
    complete: bool = False
    expected_chapters: int | None = None
    published: date | None = None
    visibility: str = Visibility.PUBLIC
    text_format: str = "html"


# Works and chapters one member may post in an hour.
POSTS = RateLimit("posting", "FICARCHIVE_POSTS_PER_HOUR", 3600)
UNCONFIRMED = "Confirm your email address first: open the link we mailed you (Settings)."


def _may_post(user: User) -> None:
    """Refuse an unconfirmed account, or a member who has posted a lot this hour."""
    if not user.may_contribute:
        raise PostingRefused(UNCONFIRMED)
    if not POSTS.attempt(str(user.pk)):
        raise PostingRefused("You have posted a lot in the last hour; please wait a little.")


def own_creator(user: User) -> Creator:
    """The member's main creator name (made at sign-up; made now for older accounts)."""
    creator = Creator.objects.filter(user=user).order_by("pk").first()
    return creator or Creator.objects.create(name=user.username, user=user)


def _apply(work: Work, data: WorkData) -> None:
    work.title = data.title.strip()[:255]
    work.summary = text_to_html(data.summary, data.text_format)
    work.notes_begin = text_to_html(data.notes_begin, data.text_format)
    work.notes_end = text_to_html(data.notes_end, data.text_format)
    work.rating = data.rating
    work.rating_source = ""
    work.categories = join_categories(data.categories)
    work.language = data.language
    if data.published:
        work.published = data.published
    work.updated = max(work.updated or work.published, work.published)


def _set_tags_and_betas(work: Work, data: WorkData) -> None:
    warnings = [w for w in data.warnings if w in ArchiveWarning.values]
    work.tags.set(
        tags_get_or_create(
            names_by_kind={
                TagKind.FANDOM: data.fandoms,
                TagKind.RELATIONSHIP: data.relationships,
                TagKind.CHARACTER: data.characters,
                TagKind.FREEFORM: data.freeforms,
                TagKind.WARNING: warnings or [ArchiveWarning.CHOSE_NOT_TO_WARN],
            }
        )
    )
    work.betas.set(creators_get_or_create(names=data.betas) if data.betas else [])


def _set_series(work: Work, data: WorkData, user: User) -> None:
    SeriesPart.objects.filter(work=work).delete()
    title = data.series_title.strip()
    if not title:
        return
    series = Series.objects.filter(
        title__iexact=title, parts__work__authorships__creator__user=user
    ).first() or Series.objects.create(title=title[:255])
    taken = set(series.parts.values_list("position", flat=True))
    position = data.series_position or (max(taken, default=0) + 1)
    if position in taken:
        series.parts.filter(position__gte=position).update(position=F("position") + 1000)
        for part in series.parts.filter(position__gte=1000).order_by("position"):
            part.position = part.position - 1000 + 1
            part.save(update_fields=["position"])
    SeriesPart.objects.create(series=series, work=work, position=position)


def _set_expected(work: Work, data: WorkData) -> None:
    posted = work.chapters.filter(is_posted=True).count()
    work.expected_chapters = posted if data.complete else data.expected_chapters
    if work.expected_chapters is not None and work.expected_chapters < posted:
        work.expected_chapters = posted
    work.save(update_fields=["expected_chapters"])


@transaction.atomic
def work_create(*, user: User, data: WorkData, chapter: ChapterData, post: bool) -> Work:
    """A new work with its first chapter, as a draft or posted at once."""
    _may_post(user)
    body = chapter.body_html()
    today = timezone.localdate()
    work = Work(
        visibility=data.visibility if post else Visibility.DRAFT,
        published=data.published or today,
        updated=today,
    )
    _apply(work, data)
    work.save()
    Authorship.objects.create(work=work, creator=own_creator(user), position=0)
    _set_tags_and_betas(work, data)
    _set_series(work, data, user)
    Chapter.objects.create(
        work=work, position=1, title=chapter.title.strip()[:255],
        notes_begin=text_to_html(chapter.notes_begin, chapter.text_format),
        notes_end=text_to_html(chapter.notes_end, chapter.text_format),
        body_html=body, published=work.published, is_posted=True,
    )  # fmt: skip
    _set_expected(work, data)
    work.refresh_word_count()
    announce_works(WorkChange.POSTED, [work.pk])
    return work


@transaction.atomic
def work_update(*, work: Work, user: User, data: WorkData) -> Work:
    """Change a work's metadata; its chapters are edited one by one."""
    _apply(work, data)
    # Authors choose only between the two published states: a draft is posted through
    # work_post, and "hidden" belongs to the moderators.
    if work.visibility in (Visibility.PUBLIC, Visibility.REGISTERED) and data.visibility in (
        Visibility.PUBLIC,
        Visibility.REGISTERED,
    ):
        work.visibility = data.visibility
    work.save()
    _set_tags_and_betas(work, data)
    _set_series(work, data, user)
    _set_expected(work, data)
    announce_works(WorkChange.EDITED, [work.pk])
    return work


@transaction.atomic
def work_post(*, work: Work, visibility: str = Visibility.PUBLIC) -> Work:
    """Post a draft: readers see it from now on, dated today unless backdated."""
    if work.visibility == Visibility.DRAFT:
        today = timezone.localdate()
        work.visibility = visibility
        work.updated = max(today, work.published)
        work.save(update_fields=["visibility", "updated", "modified_at"])
        announce_works(WorkChange.PUBLISHED, [work.pk])
    return work


@transaction.atomic
def chapter_create(*, work: Work, user: User, chapter: ChapterData, post: bool) -> Chapter:
    _may_post(user)
    body = chapter.body_html()
    # The work's row is locked until this commits: two chapters posted at once (an author's
    # two devices, co-creators, on any app server) take the next positions in turn instead
    # of both taking the same one and the second failing on the unique position. FOR NO KEY
    # UPDATE, not FOR UPDATE: a comment or kudos being written holds the work's row FOR KEY
    # SHARE (its foreign key) and then updates the work's total; FOR UPDATE would queue
    # behind the first and block the second, a deadlock PostgreSQL ends with an error.
    list(
        Work.objects.select_for_update(no_key=True).filter(pk=work.pk).values_list("pk", flat=True)
    )
    position = (work.chapters.aggregate(last=Max("position"))["last"] or 0) + 1
    created = Chapter.objects.create(
        work=work, position=position, title=chapter.title.strip()[:255],
        notes_begin=text_to_html(chapter.notes_begin, chapter.text_format),
        notes_end=text_to_html(chapter.notes_end, chapter.text_format),
        body_html=body, is_posted=post, published=timezone.localdate() if post else None,
    )  # fmt: skip
    if post:
        _touch(work, ChapterChange.POSTED)
    return created


@transaction.atomic
def chapter_update(*, chapter: Chapter, data: ChapterData) -> Chapter:
    chapter.title = data.title.strip()[:255]
    chapter.notes_begin = text_to_html(data.notes_begin, data.text_format)
    chapter.notes_end = text_to_html(data.notes_end, data.text_format)
    chapter.body_html = data.body_html()
    chapter.save()
    _touch(chapter.work, ChapterChange.EDITED)
    return chapter


@transaction.atomic
def chapter_post(*, chapter: Chapter) -> Chapter:
    if not chapter.is_posted:
        chapter.is_posted = True
        chapter.published = timezone.localdate()
        chapter.save()
        _touch(chapter.work, ChapterChange.POSTED)
    return chapter


@transaction.atomic
def chapter_delete(*, chapter: Chapter) -> None:
    """Delete a chapter and close the gap it leaves; a work keeps at least one chapter."""
    work = chapter.work
    if work.chapters.count() <= 1:
        raise PostingRefused("A work needs at least one chapter: delete the work instead.")
    position = chapter.position
    chapter.delete()  # and its comments: announced, so the work's comment total follows
    for later in work.chapters.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    _touch(work, ChapterChange.DELETED)


@transaction.atomic
def chapters_reorder(*, work: Work, chapter_ids: list[int]) -> None:
    """Put the work's chapters in this order (every chapter id exactly once)."""
    chapters = {c.pk: c for c in work.chapters.all()}
    if sorted(chapter_ids) != sorted(chapters):
        raise PostingRefused("The new order must list every chapter once.")
    # Two passes, so the unique (work, position) constraint never sees a clash.
    work.chapters.update(position=F("position") + 100_000)
    for position, chapter_id in enumerate(chapter_ids, start=1):
        Chapter.objects.filter(pk=chapter_id).update(position=position)
    announce_chapters(ChapterChange.REORDERED, [work.pk])


def _touch(work: Work, change: ChapterChange) -> None:
    """After a chapter changed: the work's date and words follow, then the change is told."""
    work.updated = max(timezone.localdate(), work.published)
    work.save(update_fields=["updated", "modified_at"])
    work.refresh_word_count()
    if work.expected_chapters is not None:
        posted = work.chapters.filter(is_posted=True).count()
        if posted > work.expected_chapters:
            Work.objects.filter(pk=work.pk).update(expected_chapters=posted)
    announce_chapters(change, [work.pk])


@transaction.atomic
def cocreator_invite(*, work: Work, invited_by: User, username: str) -> CoCreatorInvitation:
    invited = User.objects.filter(username=username.strip(), is_active=True).first()
    if invited is None:
        raise PostingRefused(f"There is no member called “{username.strip()}”.")
    if work.authorships.filter(creator__user=invited).exists():
        raise PostingRefused(f"{invited.username} is already a creator of this work.")
    try:
        relations.refuse_if_blocked(
            actor=invited_by, by_ids=[invited.pk], message=f"{invited.username} has blocked you."
        )
    except relations.BlockedError as error:
        raise PostingRefused(str(error)) from error
    invitation, created = CoCreatorInvitation.objects.get_or_create(
        work=work, invited=invited, status=CoCreatorInvitation.Status.PENDING,
        defaults={"invited_by": invited_by},
    )  # fmt: skip
    if created:
        announce_cocreator_invited(invitation.pk)
    return invitation


@transaction.atomic
def invitation_respond(*, invitation: CoCreatorInvitation, accept: bool) -> None:
    """The invited member decides; only on acceptance are they credited."""
    if invitation.status != CoCreatorInvitation.Status.PENDING:
        return
    invitation.status = (
        CoCreatorInvitation.Status.ACCEPTED if accept else CoCreatorInvitation.Status.DECLINED
    )
    invitation.save(update_fields=["status"])
    if accept:
        last = invitation.work.authorships.aggregate(last=Max("position"))["last"] or 0
        Authorship.objects.get_or_create(
            work=invitation.work, creator=own_creator(invitation.invited),
            defaults={"position": last + 1},
        )  # fmt: skip
        announce_works(WorkChange.EDITED, [invitation.work_id])
