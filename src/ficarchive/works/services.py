"""Writes for works: everything that touches several rows happens here, in one transaction."""

from __future__ import annotations

import enum
import hashlib
import html
from dataclasses import dataclass, replace
from datetime import date

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.core.events import (
    ChapterChange,
    WorkChange,
    WrittenWork,
    announce_chapters,
    announce_works,
    announce_works_deleting,
    announce_written,
)
from ficarchive.formats.model import ParsedChapter, ParsedWork
from ficarchive.formats.source_ids import source_id
from ficarchive.tags.models import Tag, TagKind, name_key
from ficarchive.tags.services import tags_get_or_create
from ficarchive.works.matching import (
    ImportMatch,
    chapter_matching,
    parsed_match,
    same_source,
)
from ficarchive.works.models import (
    Authorship,
    Category,
    Chapter,
    Creator,
    Rating,
    Series,
    Visibility,
    Work,
    join_categories,
)


class ImportOutcome(enum.Enum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ImportResult:
    work: Work
    outcome: ImportOutcome
    match: ImportMatch | None = None  # a work imported as new matched this one


def notes_to_html(text: str | None) -> str:
    """Plain-text notes as paragraphs of HTML (sanitized again when saved)."""
    if not text:
        return ""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def _clean_names(names: list[str], *, default: str | None = None) -> list[str]:
    cleaned = [" ".join(name.split())[:100] for name in names]
    unique = list({name_key(name): name for name in reversed(cleaned) if name}.values())[::-1]
    return unique or ([default] if default else [])


def creators_get_or_create(*, names: list[str]) -> list[Creator]:
    """Creators for these names, in order; an imported name reuses the unclaimed creator of
    that name (compared by name_key). One query to find them, one to create the new ones."""
    cleaned = _clean_names(names, default="Anonymous")
    found: dict[str, Creator] = {}
    keys = [name_key(name) for name in cleaned]
    for creator in Creator.objects.filter(user__isnull=True, name_key__in=keys).order_by("pk"):
        found.setdefault(creator.name_key, creator)
    missing = [
        Creator(name=name, name_key=name_key(name))
        for name in cleaned
        if name_key(name) not in found
    ]
    found.update({c.name_key: c for c in Creator.objects.bulk_create(missing)})
    return [found[name_key(name)] for name in cleaned]


@transaction.atomic
def work_import(
    *,
    parsed: ParsedWork,
    visibility: Visibility = Visibility.PUBLIC,
    imported_by: User | None = None,
    update_existing: bool = True,
) -> ImportResult:
    """Store a parsed work; the same story imported again updates it instead of duplicating it.

    Only the same story (same source, or nearly the same text) is updated; a story that
    merely shares title and creator becomes a new work, with the other one in the result's
    match. Without update_existing, the story always becomes a new work (a moderator's upload,
    a draft until they choose), and the result names the work it matched.
    """
    source = source_id(parsed.source_url)
    one_page = parsed.chapter_number is not None and len(parsed.chapters) == 1
    if one_page and source is not None:
        # One page of a longer story joins that story, known by its source alone.
        parsed = _as_story_chapter(parsed)
        story = Work.objects.filter(same_source(source)).order_by("pk").first()
        if update_existing and story is not None:
            return _story_chapter_import(parsed, story)
    match = parsed_match(parsed)
    same_story = match is not None and match.same_story and not (one_page and source)
    existing = match.work if update_existing and match and same_story else None
    if existing is not None and existing.content_hash == parsed.content_hash:
        return ImportResult(existing, ImportOutcome.UNCHANGED)
    partial = (parsed.story_chapters or 0) > len(parsed.chapters)  # it says there is more
    if existing is not None and partial and len(parsed.chapters) < existing.chapters.count():
        # One page of a longer story that does not say which chapter it is: it replaces the
        # chapter it is a copy of, and never the whole work (whose other chapters would go,
        # comments and all); a page that is none of them is a work of its own, matched.
        copy_of = chapter_matching(existing, parsed) if len(parsed.chapters) == 1 else None
        if copy_of is None:
            existing = None
        else:
            number = copy_of.source_number or copy_of.position
            return _story_chapter_import(replace(parsed, chapter_number=number), existing)
    today = timezone.localdate()
    published = parsed.published or (existing.published if existing else today)
    work = existing or Work(visibility=visibility, imported_by=imported_by)
    _fill_work(work, parsed, published=published)
    chapters = _chapter_rows(parsed.chapters, published)
    if parsed.chapter_number is not None:
        chapters[0].source_number = parsed.chapter_number
    work.content_hash = parsed.content_hash
    work.word_count = sum(chapter.word_count for chapter in chapters)
    work.save()

    creators, betas, tags = _credits(parsed)
    credits_set(work, creators=creators, betas=betas, tags=tags, replace=existing is not None)
    if existing is not None:
        chapters = chapters_replace(work, chapters)
    else:
        for chapter in chapters:
            chapter.work = work
        Chapter.objects.bulk_create(chapters)
    written = WrittenWork(
        work=work, creators=[c.name for c in creators], tags=[t.name for t in tags],
        chapters=chapters,
    )  # fmt: skip
    if existing is not None:
        announce_written(WorkChange.EDITED, written)
        return ImportResult(work, ImportOutcome.UPDATED)
    announce_written(WorkChange.POSTED, written)
    return ImportResult(work, ImportOutcome.IMPORTED, match)


def _fill_work(work: Work, parsed: ParsedWork, *, published: date) -> None:
    """The work's own fields, as the parsed story gives them."""
    work.title = parsed.title[:255]
    work.summary = notes_to_html(parsed.summary)
    work.rating = Rating.from_source(parsed.rating)
    work.rating_source = (parsed.rating or "")[:50]
    work.language = parsed.language or "en"
    found = [Category.from_source(words) for words in parsed.categories]
    work.categories = join_categories([category for category in found if category])
    work.expected_chapters = _expected_chapters(parsed)
    work.notes_begin = notes_to_html(parsed.notes_begin)
    work.notes_end = notes_to_html(parsed.notes_end)
    work.disclaimer = parsed.disclaimer or ""
    work.published = published
    work.updated = max(parsed.updated or published, published)
    work.source_site = parsed.source_site or ""
    source = source_id(parsed.source_url)
    work.source_url = source.url[:500] if source else ""
    work.source_format = parsed.source_format


def _credits(parsed: ParsedWork) -> tuple[list[Creator], list[Creator], list[Tag]]:
    """The parsed story's creators, betas and tags, as rows (made when new)."""
    credited = _clean_names(parsed.creators, default="Anonymous")
    beta_names = _clean_names(parsed.betas)
    by_name = {
        creator.name_key: creator
        for creator in creators_get_or_create(names=[*credited, *beta_names])
    }
    tags = tags_get_or_create(
        names_by_kind={
            TagKind.FANDOM: parsed.fandoms,
            TagKind.RELATIONSHIP: parsed.relationships,
            TagKind.CHARACTER: parsed.characters,
            TagKind.FREEFORM: parsed.tags,
            TagKind.WARNING: parsed.warnings,
        }
    )
    return (
        [by_name[name_key(name)] for name in credited],
        [by_name[name_key(name)] for name in beta_names],
        tags,
    )


def _as_story_chapter(parsed: ParsedWork) -> ParsedWork:
    """A page of one chapter: the notes the page shows are that chapter's, not the work's."""
    [chapter] = parsed.chapters
    own = replace(
        chapter,
        notes_begin=chapter.notes_begin or parsed.notes_begin,
        notes_end=chapter.notes_end or parsed.notes_end,
    )
    return replace(parsed, chapters=[own], notes_begin=None, notes_end=None)


def _story_chapter_import(parsed: ParsedWork, work: Work) -> ImportResult:
    """One chapter of a story already here: it takes its place by its number in the source,
    or replaces the copy imported before (whose comments stay); the story's fields follow the
    newest page, its betas add up."""
    number = parsed.chapter_number
    published = min(parsed.published or work.published, work.published)
    [row] = _chapter_rows(parsed.chapters, published)
    chapters = list(work.chapters.all())
    same = next((c for c in chapters if (c.source_number or c.position) == number), None)
    fields = ("title", "notes_begin", "notes_end", "body_html")
    if same is not None and all(getattr(same, f) == getattr(row, f) for f in fields):
        return ImportResult(work, ImportOutcome.UNCHANGED)
    notes, updated = (work.notes_begin, work.notes_end), work.updated
    _fill_work(work, parsed, published=published)
    work.notes_begin, work.notes_end = notes
    work.updated = max(work.updated, updated)
    creators, betas, tags = _credits(parsed)
    _story_page_place(work, row, number, creators=creators, betas=betas, tags=tags)
    return ImportResult(work, ImportOutcome.UPDATED)


def _story_page_place(
    work: Work,
    row: Chapter,
    number: int | None,
    *,
    creators: list[Creator],
    betas: list[Creator],
    tags: list[Tag],
) -> None:
    """A chapter page's chapter (unsaved) into its story: in place of the copy imported
    before, whose comments stay, or as a new chapter where its number puts it."""
    chapters = list(work.chapters.all())
    same = next((c for c in chapters if (c.source_number or c.position) == number), None)
    if same is not None:
        row.title = row.title or same.title  # a page that does not name its chapter
        for name in _CHAPTER_FIELDS:
            setattr(same, name, getattr(row, name))
        same.save()
    else:
        row.work, row.source_number = work, number
        row.position = 1 + max((c.position for c in chapters), default=0)
        row.save()
        _chapters_in_source_order(work)
    betas = list({b.pk: b for b in [*work.betas.all(), *betas]}.values())
    credits_set(work, creators=creators, betas=betas, tags=tags, replace=True)
    work.content_hash = _text_hash(work)
    work.save()
    work.refresh_word_count()
    announce_works(WorkChange.EDITED, [work.pk])
    announce_chapters(ChapterChange.EDITED if same else ChapterChange.POSTED, [work.pk])


def _chapters_in_source_order(work: Work) -> None:
    """Positions follow the source's chapter numbers (two passes: positions stay unique)."""
    chapters = sorted(work.chapters.all(), key=lambda c: (c.source_number or c.position, c.pk))
    work.chapters.update(position=F("position") + 100_000)
    for position, chapter in enumerate(chapters, start=1):
        Chapter.objects.filter(pk=chapter.pk).update(position=position)


def _text_hash(work: Work) -> str:
    """A work put together from pages: the digest of what it now holds, as one import's."""
    parts = work.chapters.order_by("position").values_list("body_text", flat=True)
    digest = hashlib.sha256(work.title.casefold().encode())
    for text in parts:
        digest.update(b"\x01" + text.encode())
    return digest.hexdigest()


@transaction.atomic
def work_import_merge(*, draft: Work, into: Work) -> Work:
    """A moderator's choice: the existing work takes the imported draft's metadata, credits
    and text; its chapters are updated in place (their comments stay), kudos, bookmarks and
    visibility stay; the draft goes. A draft of one chapter page joins the work as that
    chapter, the way a chapter page imported by itself would."""
    if draft.chapters.count() == 1 and (page := draft.chapters.get()).source_number:
        return _story_page_merge(draft, page, into)
    for name in (
        "title", "summary", "rating", "rating_source", "categories", "language",
        "expected_chapters",
        "notes_begin", "notes_end", "disclaimer", "published", "updated", "source_site",
        "source_format", "content_hash", "word_count",
    ):  # fmt: skip
        setattr(into, name, getattr(draft, name))
    into.source_url = draft.source_url or into.source_url
    into.save()
    credits_set(
        into, creators=draft.ordered_creators, betas=list(draft.betas.all()),
        tags=list(draft.tags.all()), replace=True,
    )  # fmt: skip
    fields = ("title", "notes_begin", "notes_end", "body_html", "body_text", "word_count")
    rows = []
    for old in draft.chapters.order_by("position"):
        row = Chapter(position=old.position, is_posted=old.is_posted, published=old.published)
        for name in fields:
            setattr(row, name, getattr(old, name))
        rows.append(row)
    work_delete(work=draft)
    chapters_replace(into, rows)
    announce_works(WorkChange.EDITED, [into.pk])
    return into


def _story_page_merge(draft: Work, page: Chapter, into: Work) -> Work:
    for name in ("title", "summary", "rating", "rating_source", "categories", "language",
                 "disclaimer", "source_site", "source_format"):  # fmt: skip
        setattr(into, name, getattr(draft, name))
    into.expected_chapters = draft.expected_chapters or into.expected_chapters
    into.published = min(into.published, draft.published)
    into.updated = max(into.updated, draft.updated)
    into.source_url = draft.source_url or into.source_url
    row = Chapter(position=1, is_posted=True, published=page.published)
    for name in ("title", "notes_begin", "notes_end", "body_html", "body_text", "word_count"):
        setattr(row, name, getattr(page, name))
    creators, betas, tags = draft.ordered_creators, list(draft.betas.all()), list(draft.tags.all())
    number = page.source_number
    work_delete(work=draft)
    _story_page_place(into, row, number, creators=creators, betas=betas, tags=tags)
    return into


def credits_set(
    work: Work, *, creators: list[Creator], betas: list[Creator], tags: list[Tag], replace: bool
) -> None:
    """Credit the creators (in order) and betas, and tag the work; `replace` drops the old ones
    first. Callers announce the change (the eFiction migration shares this with imports)."""
    if replace:
        work.authorships.all().delete()
        work.betas.clear()
        work.tags.clear()
    Authorship.objects.bulk_create(
        Authorship(work=work, creator=creator, position=index)
        for index, creator in enumerate(creators)
    )
    Work.betas.through.objects.bulk_create(
        Work.betas.through(work=work, creator=beta) for beta in betas
    )
    Work.tags.through.objects.bulk_create(Work.tags.through(work=work, tag=tag) for tag in tags)


_CHAPTER_FIELDS = [
    "title", "notes_begin", "notes_end", "body_html", "body_text", "word_count", "is_posted",
    "published",
]  # fmt: skip


def chapters_replace(work: Work, rows: list[Chapter]) -> list[Chapter]:
    """A work's chapters become these (unsaved, derived fields filled): each position that
    still exists is updated in place, so readers' comments on it stay; chapters past the new
    end are deleted with their comments (announced, so the work's comment total follows)."""
    current = {chapter.position: chapter for chapter in work.chapters.all()}
    updated, created = [], []
    for row in rows:
        chapter = current.pop(row.position, None)
        if chapter is None:
            row.work = work
            created.append(row)
            continue
        for name in _CHAPTER_FIELDS:
            setattr(chapter, name, getattr(row, name))
        updated.append(chapter)
    if current:
        Chapter.objects.filter(pk__in=[c.pk for c in current.values()]).delete()
    Chapter.objects.bulk_update(updated, _CHAPTER_FIELDS)
    Chapter.objects.bulk_create(created)
    if current:
        announce_chapters(ChapterChange.DELETED, [work.pk])
    return sorted([*updated, *created], key=lambda chapter: chapter.position)


@transaction.atomic
def work_hide(*, work: Work, hidden: bool) -> bool:
    """The moderators hide a work (everyone but its creators and moderators loses it, in every
    list, search, feed and download) or show it again as it was before. The moderation app
    decides who may; returns whether anything changed."""
    # Read again under the transaction: two moderators at once change it once.
    current = (
        Work.objects.select_for_update(no_key=True)  # as chapter_create: no deadlock with FKs
        .filter(pk=work.pk)
        .values_list("visibility", "visibility_before_hiding")
        .first()
    )
    if current is None or hidden == (current[0] == Visibility.HIDDEN):
        return False
    visibility, before = current
    if hidden:
        work.visibility_before_hiding, work.visibility = visibility, Visibility.HIDDEN
    else:
        # Hidden before this was kept (or from the admin): the narrower audience, to be safe.
        work.visibility = before or Visibility.REGISTERED
        work.visibility_before_hiding = ""
    work.save(update_fields=["visibility", "visibility_before_hiding"])
    announce_works(WorkChange.HIDDEN, [work.pk])
    return True


@transaction.atomic
def work_delete(*, work: Work) -> None:
    """Delete a work with its chapters, and the names only it used."""
    works_delete(works=Work.objects.filter(pk=work.pk))


@transaction.atomic
def works_delete(*, works: QuerySet[Work]) -> None:
    """Delete these works with their chapters (a moderator's bulk action), announced once,
    and the names only they used."""
    work_ids = list(works.values_list("pk", flat=True))
    announce_works_deleting(work_ids)
    Work.objects.filter(pk__in=work_ids).delete()
    announce_works(WorkChange.DELETED, work_ids)
    names_prune()


def names_prune() -> None:
    """Forget tags, unclaimed creator names and series that no work uses any more.

    A deleted work's names would otherwise linger where anyone can list them. Tags that a
    moderator made canonical for others (they have synonyms) stay, as do names a member has
    asked to claim.
    """
    Tag.objects.filter(works__isnull=True, synonyms__isnull=True).delete()
    Creator.objects.filter(
        user__isnull=True, authorships__isnull=True, beta_credits__isnull=True,
        claims__isnull=True,
    ).delete()  # fmt: skip
    Series.objects.filter(parts__isnull=True).delete()


def _expected_chapters(parsed: ParsedWork) -> int | None:
    if parsed.chapter_number is not None:  # one page of a longer story
        return parsed.story_chapters if parsed.status == "complete" else None
    if parsed.status == "complete":
        return parsed.story_chapters or len(parsed.chapters)
    if parsed.status is None and len(parsed.chapters) == 1:
        return 1  # a one-shot with no status is complete, as AO3 posts one by default
    return None


def _chapter_rows(chapters: list[ParsedChapter], published: date) -> list[Chapter]:
    """Unsaved chapters with their derived fields; the text comes from the parsed blocks."""
    rows = []
    for position, parsed_chapter in enumerate(chapters, start=1):
        row = Chapter(
            position=position,
            title=(parsed_chapter.title or "")[:255],
            notes_begin=notes_to_html(parsed_chapter.preface),
            notes_end=notes_to_html(parsed_chapter.notes_end),
            body_html=parsed_chapter.body_html,
            published=published,
        )
        row.fill_derived(text=parsed_chapter.plain_text)
        rows.append(row)
    return rows
