"""The eFiction migration's writes: members as claimable creators, the category tree and
classes as tags, each story in a transaction of its own (chapters, credits, reviews), series,
favourites; and, when a member claims their name, their favourites as bookmarks and follows.

Every row remembers its eFiction id (models.LegacyId), so running the migration again updates
what it brought before; changes are announced like an import's (core.events).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from ficarchive.community.models import Comment
from ficarchive.community.services import comments_recount
from ficarchive.core.events import (
    CountChange,
    CreatorChange,
    WorkChange,
    WrittenWork,
    announce_counts,
    announce_creators,
    announce_works,
    announce_written,
)
from ficarchive.efiction.favourites import favourites_apply, favourites_save
from ficarchive.efiction.idmap import mapped, remember
from ficarchive.efiction.models import LegacyId, LegacyKind
from ficarchive.efiction.reader import (
    ChapterRow,
    EfictionDatabase,
    Member,
    ReviewRow,
    SeriesRow,
    Site,
    StoryRow,
)
from ficarchive.efiction.taxonomy import taxonomy_migrate
from ficarchive.efiction.text import decode, plain_title, story_html
from ficarchive.tags.models import Tag, name_key
from ficarchive.works.models import Chapter, Creator, Rating, Series, SeriesPart, Visibility, Work
from ficarchive.works.services import chapters_replace, creators_get_or_create, credits_set

SOURCE_FORMAT = "efiction"


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def step(self, description: str) -> None: ...


@dataclass
class MigrationReport:
    """What a run did, for the summary table."""

    members: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    drafts: int = 0
    failed: int = 0
    chapters: int = 0
    comments: int = 0
    series: int = 0
    favourites: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Archive:
    """What every story needs, read once: the site, its members and its tags by eFiction id."""

    site: Site
    stories_dir: Path
    creators: dict[int, Creator]  # uid → creator
    category_tags: dict[int, list[Tag]]  # catid → its tag and its ancestors' fandoms
    character_tags: dict[int, Tag]
    class_tags: dict[int, Tag]
    ratings: dict[int, str]


@transaction.atomic
def members_migrate(*, members: list[Member]) -> dict[int, Creator]:
    """Each member as a creator name nobody owns yet (claimable); never their password. A
    member migrated before keeps their creator, renamed if their pen name changed (unless
    claimed: then the name is the member's own business)."""
    known = {
        row.legacy_id: row.creator
        for row in LegacyId.objects.filter(kind=LegacyKind.MEMBER).select_related("creator")
        if row.creator is not None
    }
    creators: dict[int, Creator] = {}
    renamed: list[int] = []
    new: list[tuple[int, str]] = []
    for member in members:
        name = plain_title(member.penname)[:100] or f"Member {member.uid}"
        creator = known.get(member.uid)
        if creator is None:
            new.append((member.uid, name))
            continue
        if creator.user_id is None and creator.name != name:
            creator.name = name
            creator.save(update_fields=["name", "name_key"])
            renamed.append(creator.pk)
        creators[member.uid] = creator
    # An unclaimed name imported before (the same author's files) is reused, once.
    found = creators_get_or_create(names=[name for _, name in new]) if new else []
    by_key = {creator.name_key: creator for creator in found}
    taken = {creator.pk for creator in known.values()}
    for uid, name in new:
        creator = by_key[name_key(name)]
        if creator.pk in taken or creator.user_id is not None:
            creator = Creator.objects.create(name=name)
        taken.add(creator.pk)
        creators[uid] = creator
    remember(LegacyKind.MEMBER, {uid: creators[uid] for uid, _ in new})
    announce_creators(CreatorChange.EDITED, renamed)
    return creators


def chapter_text(*, stories_dir: Path, story_uid: int, chapter: ChapterRow) -> str | None:
    """A chapter's text from the database, else from its file (under the chapter's member,
    then the story's: archives mix both after upgrades); None when neither has any."""
    if chapter.storytext.strip():
        return chapter.storytext
    for uid in dict.fromkeys([chapter.uid, story_uid]):
        path = stories_dir / str(uid) / f"{chapter.chapid}.txt"
        if path.is_file():
            return decode(path.read_bytes())
    return None


@dataclass
class StoryOutcome:
    outcome: str  # imported, updated or unchanged
    work: Work
    chapters: int = 0
    comments: int = 0
    warnings: list[str] = field(default_factory=list)


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _fingerprint(*parts: object) -> str:
    """What the story was when migrated: the same again means nothing to write."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _story_creators(story: StoryRow, coauthors: list[int], archive: Archive) -> tuple[
    list[Creator], list[str]
]:  # fmt: skip
    """The main author, then the co-authors of the `coauthors` table and of the old comma
    list (in 3.5 that column is a flag: '1' or '0' alone is not a list)."""
    listed = story.coauthor_list if story.coauthor_list not in ([0], [1]) else []
    creators: list[Creator] = []
    warnings: list[str] = []
    for uid in dict.fromkeys([story.uid, *coauthors, *listed]):
        if uid in archive.creators:
            creators.append(archive.creators[uid])
        elif uid:
            warnings.append(f"story {story.sid}: no member {uid} (credit dropped)")
    return creators, warnings


def _story_tags(story: StoryRow, archive: Archive) -> tuple[list[Tag], list[str]]:
    tags: dict[int, Tag] = {}
    warnings: list[str] = []
    lookups: list[tuple[str, list[int], dict[int, list[Tag]]]] = [
        ("category", story.catids, archive.category_tags),
        ("character", story.charids, {k: [v] for k, v in archive.character_tags.items()}),
        ("class", story.classids, {k: [v] for k, v in archive.class_tags.items()}),
    ]
    for label, ids, table in lookups:
        for legacy_id in ids:
            if legacy_id not in table:
                if legacy_id > 0:
                    warnings.append(f"story {story.sid}: no {label} {legacy_id}")
                continue
            tags.update((t.pk, t) for t in table[legacy_id])
    return list(tags.values()), warnings


def _chapter_rows(
    story: StoryRow, chapters: list[ChapterRow], published: date, archive: Archive
) -> tuple[list[Chapter], list[str]]:
    rows, warnings = [], []
    for position, chapter in enumerate(chapters, start=1):
        text = chapter_text(stories_dir=archive.stories_dir, story_uid=story.uid, chapter=chapter)
        if text is None:
            warnings.append(f"story {story.sid}: chapter {chapter.chapid} has no text")
        row = Chapter(
            position=position, title=plain_title(chapter.title)[:255],
            notes_begin=story_html(chapter.notes), notes_end=story_html(chapter.endnotes),
            body_html=story_html(text or ""), is_posted=chapter.validated, published=published,
        )  # fmt: skip
        row.fill_derived()
        rows.append(row)
    return rows, warnings


def _signature(uid: int, reviewer: str, archive: Archive) -> dict[str, object]:
    """A member's review is theirs once they claim their name; until then, and for guests,
    it is signed with the name eFiction showed."""
    creator = archive.creators.get(uid) if uid else None
    if creator is not None and creator.user_id is not None:
        return {"user_id": creator.user_id, "guest_name": ""}
    name = creator.name if creator is not None else plain_title(reviewer)
    return {"user_id": None, "guest_name": (name or "Guest")[:100]}


def _reviews_write(
    label: str, work: Work, chapters: dict[int, Chapter], reviews: list[ReviewRow],
    archive: Archive,
) -> tuple[int, list[str]]:  # fmt: skip
    """Reviews as comments on their chapters (on the first one when theirs is gone), dated
    when they were written; a review migrated before is updated."""
    if not reviews:
        return 0, []
    first = min(chapters.values(), key=lambda c: c.position, default=None)
    if first is None:
        return 0, [f"{label}: {len(reviews)} reviews and no chapter to put them on"]
    known = {
        row.legacy_id: row.comment
        for row in LegacyId.objects.filter(
            kind=LegacyKind.REVIEW, legacy_id__in=[r.reviewid for r in reviews]
        ).select_related("comment")
    }
    warnings: list[str] = []
    saved: dict[int, Comment] = {}
    written: dict[int, datetime] = {}
    new: list[Comment] = []
    for review in reviews:
        body = story_html(review.review)
        if not body:
            continue  # a rating without words: nothing to show
        chapter = chapters.get(review.chapid)
        if chapter is None:
            chapter = first
            if review.chapid:
                warnings.append(
                    f"{label}: review {review.reviewid} moved to chapter 1"
                    f" (its chapter {review.chapid} is gone)"
                )
        comment = known.get(review.reviewid) or Comment()
        comment.work, comment.chapter, comment.body_html = work, chapter, body
        for key, value in _signature(review.uid, review.reviewer, archive).items():
            setattr(comment, key, value)
        written[review.reviewid] = _aware(
            review.date or datetime.combine(work.published, datetime.min.time())
        )
        if comment.pk is None:
            new.append(comment)
        saved[review.reviewid] = comment
    Comment.objects.bulk_create(new)
    for reviewid, comment in saved.items():  # bulk_create stamped "now": the review's own date
        comment.created_at = written[reviewid]
    Comment.objects.bulk_update(
        saved.values(), ["chapter", "body_html", "user", "guest_name", "created_at"]
    )
    members = {r.reviewid: r.uid for r in reviews if r.reviewid in saved and r.uid}
    remember(LegacyKind.REVIEW, dict(saved), member=dict(members))
    comments_recount(work_ids=[work.pk])
    return len(saved), warnings


@transaction.atomic
def story_migrate(
    *, story: StoryRow, chapters: list[ChapterRow], coauthors: list[int],
    reviews: list[ReviewRow], archive: Archive,
) -> StoryOutcome:  # fmt: skip
    """One story with its chapters in order, credits, tags and reviews, in one transaction:
    a story that fails leaves nothing behind and the others go on. Unvalidated stories (and
    stories with no chapter to read) are drafts, seen only by their creators once claimed."""
    mapped = (
        LegacyId.objects.filter(kind=LegacyKind.STORY, legacy_id=story.sid)
        .select_related("work")
        .first()
    )
    existing = mapped.work if mapped else None
    creators, warnings = _story_creators(story, coauthors, archive)
    if not creators:
        creators = creators_get_or_create(names=["Anonymous"])
    tags, tag_warnings = _story_tags(story, archive)
    warnings += tag_warnings
    published = _day(story.published) or _day(story.updated) or timezone.localdate()
    updated = max(_day(story.updated) or published, published)
    rows, chapter_warnings = _chapter_rows(story, chapters, published, archive)
    warnings += chapter_warnings
    if not chapters:
        warnings.append(f"story {story.sid}: no chapters (kept as a draft)")
    rating_words = archive.ratings.get(story.rid, "")
    fingerprint = _fingerprint(
        story, [(c, r.body_html) for c, r in zip(chapters, rows, strict=True)], coauthors,
        reviews, [c.pk for c in creators], sorted(t.pk for t in tags), rating_words,
        archive.site,
    )  # fmt: skip
    if existing is not None and existing.content_hash == fingerprint:
        return StoryOutcome("unchanged", existing, len(rows), 0, warnings)

    work = existing or Work()
    was_draft = existing is not None and existing.visibility == Visibility.DRAFT
    work.title = plain_title(story.title)[:255] or "Untitled"
    work.summary = story_html(story.summary)
    work.notes_begin = story_html(story.notes)
    work.rating = Rating.from_source(rating_words)
    work.rating_source = rating_words[:50]
    work.language = archive.site.language
    work.expected_chapters = len(rows) if story.completed and rows else None
    work.published, work.updated = published, updated
    work.source_site = (archive.site.name or "eFiction")[:100]
    site_url = archive.site.url.rstrip("/")
    work.source_url = (
        f"{site_url}/viewstory.php?sid={story.sid}"
        if site_url.startswith(("http://", "https://"))
        else ""
    )
    work.source_format = SOURCE_FORMAT
    work.content_hash = fingerprint
    work.word_count = sum(row.word_count for row in rows if row.is_posted)
    work.hit_count = max(work.hit_count, story.hits)  # our own hits since are kept
    if work.visibility != Visibility.HIDDEN:  # the moderators' decision stands
        readable = story.validated and any(row.is_posted for row in rows)
        work.visibility = Visibility.PUBLIC if readable else Visibility.DRAFT
    work.save()
    credits_set(work, creators=creators, betas=[], tags=tags, replace=existing is not None)
    if existing is not None:
        rows = chapters_replace(work, rows)
    else:
        for row in rows:
            row.work = work
        Chapter.objects.bulk_create(rows)
    by_chapid = {chapter.chapid: row for chapter, row in zip(chapters, rows, strict=True)}
    LegacyId.objects.filter(kind=LegacyKind.CHAPTER, chapter__work=work).exclude(
        legacy_id__in=by_chapid
    ).delete()
    remember(LegacyKind.STORY, {story.sid: work})
    remember(LegacyKind.CHAPTER, dict(by_chapid), inorder={c.chapid: c.inorder for c in chapters})
    comments, review_warnings = _reviews_write(
        f"story {story.sid}", work, by_chapid, reviews, archive
    )
    warnings += review_warnings
    written = WrittenWork(
        work=work, creators=[c.name for c in creators], tags=[t.name for t in tags],
        chapters=rows,
    )  # fmt: skip
    announce_written(WorkChange.EDITED if existing else WorkChange.POSTED, written)
    if was_draft and work.visibility == Visibility.PUBLIC:
        announce_works(WorkChange.PUBLISHED, [work.pk])
    announce_counts(CountChange.HITS, [work.pk])
    return StoryOutcome("updated" if existing else "imported", work, len(rows), comments, warnings)


def _series_story_ids(
    row: SeriesRow, by_id: dict[int, SeriesRow], authors: dict[int, int], seen: set[int]
) -> list[int]:
    """The series' stories in order, a sub-series' stories in its place (our series do not
    nest); a story someone else added that the owner never confirmed is left out."""
    seen.add(row.seriesid)
    sids: list[int] = []
    for entry in row.entries:
        if entry.subseriesid and entry.subseriesid in by_id and entry.subseriesid not in seen:
            sids += _series_story_ids(by_id[entry.subseriesid], by_id, authors, seen)
        elif entry.sid and (entry.confirmed or authors.get(entry.sid) == row.uid):
            sids.append(entry.sid)
    return list(dict.fromkeys(sids))


@transaction.atomic
def series_migrate(
    *, row: SeriesRow, by_id: dict[int, SeriesRow], works: dict[int, int],
    authors: dict[int, int],
) -> Series | None:  # fmt: skip
    """A series with its migrated stories in order; None when none of them came across."""
    work_ids = [works[sid] for sid in _series_story_ids(row, by_id, authors, set()) if sid in works]
    work_ids = list(dict.fromkeys(work_ids))
    mapped = (
        LegacyId.objects.filter(kind=LegacyKind.SERIES, legacy_id=row.seriesid)
        .select_related("series")
        .first()
    )
    series = mapped.series if mapped and mapped.series else None
    if not work_ids and series is None:
        return None
    series = series or Series()
    series.title = plain_title(row.title)[:255] or "Untitled series"
    series.summary = story_html(row.summary)
    series.save()
    before = set(series.parts.values_list("work_id", flat=True))
    series.parts.all().delete()
    SeriesPart.objects.bulk_create(
        SeriesPart(series=series, work_id=work_id, position=position)
        for position, work_id in enumerate(work_ids, start=1)
    )
    remember(LegacyKind.SERIES, {row.seriesid: series})
    announce_works(WorkChange.EDITED, before | set(work_ids))
    return series


def efiction_migrate(
    *, database: EfictionDatabase, stories_dir: Path, progress: Progress | None = None
) -> MigrationReport:
    """Bring a whole eFiction archive across (or update what an earlier run brought)."""
    report = MigrationReport()
    site = database.site()
    creators = members_migrate(members=database.members())
    report.members = len(creators)
    taxonomy = taxonomy_migrate(
        categories=database.categories(), characters=database.characters(),
        classes=database.classes(),
    )  # fmt: skip
    archive = Archive(
        site=site, stories_dir=stories_dir, creators=creators,
        category_tags=taxonomy.category_tags, character_tags=taxonomy.character_tags,
        class_tags=taxonomy.class_tags, ratings=database.ratings(),
    )  # fmt: skip
    stories = database.stories()
    all_series = database.series()
    if progress is not None:
        progress.start(len(stories) + len(all_series))
    for story in stories:
        if progress is not None:
            progress.step(f"Story {story.sid}: {plain_title(story.title)[:40]}")
        try:
            done = story_migrate(
                story=story, chapters=database.chapters(story.sid),
                coauthors=database.coauthors(story.sid), reviews=database.reviews(story.sid),
                archive=archive,
            )  # fmt: skip
        except Exception as error:  # a broken story is reported; the others go on
            report.failed += 1
            report.failures.append((f"story {story.sid} ({plain_title(story.title)})",
                                    f"{type(error).__name__}: {error}"))  # fmt: skip
            continue
        setattr(report, done.outcome, getattr(report, done.outcome) + 1)
        report.drafts += done.work.visibility == Visibility.DRAFT
        report.chapters += done.chapters
        report.comments += done.comments
        report.warnings += done.warnings
    works = mapped(LegacyKind.STORY)
    authors = {story.sid: story.uid for story in stories}
    by_id = {row.seriesid: row for row in all_series}
    for row in all_series:
        if progress is not None:
            progress.step(f"Series {row.seriesid}: {plain_title(row.title)[:40]}")
        try:
            series = series_migrate(row=row, by_id=by_id, works=works, authors=authors)
        except Exception as error:  # as for stories
            report.failures.append((f"series {row.seriesid}", f"{type(error).__name__}: {error}"))
            continue
        if series is None:
            report.warnings.append(f"series {row.seriesid}: none of its stories came across")
        else:
            report.series += 1
    report.favourites = favourites_save(favourites=database.favourites())
    claimed = [c.pk for c in creators.values() if c.user_id is not None]
    favourites_apply(creator_ids=claimed)
    return report
