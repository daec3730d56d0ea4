"""Writes for works: everything that touches several rows happens here, in one transaction."""

from __future__ import annotations

import enum
import html
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.formats.model import ParsedChapter, ParsedWork
from ficarchive.tags.models import TagKind
from ficarchive.tags.services import tags_get_or_create
from ficarchive.works.models import Authorship, Chapter, Creator, Rating, Visibility, Work


class ImportOutcome(enum.Enum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ImportResult:
    work: Work
    outcome: ImportOutcome


def notes_to_html(text: str | None) -> str:
    """Plain-text notes as paragraphs of HTML (sanitized again when saved)."""
    if not text:
        return ""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def creators_get_or_create(*, names: list[str]) -> list[Creator]:
    """Creators for these names; an imported name reuses the unclaimed creator of that name."""
    creators: list[Creator] = []
    for name in names or ["Anonymous"]:
        clean = " ".join(name.split())[:100] or "Anonymous"
        creator = Creator.objects.filter(name__iexact=clean, user__isnull=True).first()
        creators.append(creator or Creator.objects.create(name=clean))
    return creators


def _find_existing(parsed: ParsedWork) -> Work | None:
    if parsed.source_url:
        found = Work.objects.filter(source_url=parsed.source_url).first()
        if found:
            return found
    return Work.objects.filter(content_hash=parsed.content_hash).first()


@transaction.atomic
def work_import(
    *,
    parsed: ParsedWork,
    visibility: Visibility = Visibility.PUBLIC,
    imported_by: User | None = None,
) -> ImportResult:
    """Store a parsed work; the same story imported again updates it instead of duplicating it."""
    existing = _find_existing(parsed)
    if existing is not None and existing.content_hash == parsed.content_hash:
        return ImportResult(existing, ImportOutcome.UNCHANGED)
    today = timezone.localdate()
    published = parsed.published or (existing.published if existing else today)
    work = existing or Work(visibility=visibility, imported_by=imported_by)
    work.title = parsed.title[:255]
    work.summary = notes_to_html(parsed.summary)
    work.rating = Rating.from_source(parsed.rating)
    work.rating_source = (parsed.rating or "")[:50]
    work.language = parsed.language or "en"
    work.expected_chapters = _expected_chapters(parsed)
    work.notes_begin = notes_to_html(parsed.notes_begin)
    work.notes_end = notes_to_html(parsed.notes_end)
    work.disclaimer = parsed.disclaimer or ""
    work.published = published
    work.updated = max(parsed.updated or published, published)
    work.source_site = parsed.source_site or ""
    work.source_url = parsed.source_url or ""
    work.source_format = parsed.source_format
    work.content_hash = parsed.content_hash
    work.save()

    work.authorships.all().delete()
    Authorship.objects.bulk_create(
        Authorship(work=work, creator=creator, position=index)
        for index, creator in enumerate(creators_get_or_create(names=parsed.creators))
    )
    work.betas.set(creators_get_or_create(names=parsed.betas) if parsed.betas else [])
    work.tags.set(
        tags_get_or_create(kind=TagKind.FANDOM, names=parsed.fandoms)
        + tags_get_or_create(kind=TagKind.RELATIONSHIP, names=parsed.relationships)
        + tags_get_or_create(kind=TagKind.CHARACTER, names=parsed.characters)
        + tags_get_or_create(kind=TagKind.FREEFORM, names=parsed.tags)
        + tags_get_or_create(kind=TagKind.WARNING, names=parsed.warnings)
    )
    _replace_chapters(work, parsed.chapters, published)
    work.refresh_word_count()
    outcome = ImportOutcome.UPDATED if existing else ImportOutcome.IMPORTED
    return ImportResult(work, outcome)


@transaction.atomic
def work_publish(*, work: Work) -> Work:
    """Make a draft public; its published date becomes today unless it was backdated."""
    if work.visibility == Visibility.DRAFT:
        work.visibility = Visibility.PUBLIC
        work.save(update_fields=["visibility", "modified_at"])
    return work


@transaction.atomic
def work_delete(*, work: Work) -> None:
    """Delete a work with its chapters; creators and tags stay for other works."""
    work.delete()


def _expected_chapters(parsed: ParsedWork) -> int | None:
    if parsed.status == "complete":
        return len(parsed.chapters)
    if parsed.status is None and len(parsed.chapters) == 1:
        return 1  # a one-shot with no status is complete, as AO3 posts one by default
    return None


def _replace_chapters(work: Work, chapters: list[ParsedChapter], published: date) -> None:
    work.chapters.all().delete()
    for position, parsed_chapter in enumerate(chapters, start=1):
        Chapter(
            work=work,
            position=position,
            title=(parsed_chapter.title or "")[:255],
            notes_begin=notes_to_html(parsed_chapter.notes_begin),
            notes_end=notes_to_html(parsed_chapter.notes_end),
            body_html=parsed_chapter.body_html,
            published=published,
        ).save()
