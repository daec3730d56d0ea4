"""Writes for works: everything that touches several rows happens here, in one transaction."""

from __future__ import annotations

import enum
import html
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.formats.model import ParsedChapter, ParsedWork
from ficarchive.search.services import search_index_written, search_remove_work
from ficarchive.tags.models import TagKind, name_key
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


def _find_existing(parsed: ParsedWork) -> Work | None:
    """The work this story was imported as before: same source URL, else same text, else
    the same title by the same first creator (a story saved again after it changed).

    Looks at ids first, so the common case (a new story) loads no row at all.
    """
    same = Q(content_hash=parsed.content_hash)
    if parsed.source_url:
        same |= Q(source_url=parsed.source_url)
    candidates = list(Work.objects.filter(same).values_list("pk", "source_url")[:2])
    if candidates:
        by_url = [pk for pk, url in candidates if parsed.source_url and url == parsed.source_url]
        return Work.objects.get(pk=(by_url or [candidates[0][0]])[0])
    if parsed.creators and not parsed.source_url:
        return (
            Work.objects.filter(
                title=parsed.title[:255],
                source_format__gt="",
                authorships__position=0,
                authorships__creator__name_key=name_key(parsed.creators[0]),
            )
            .order_by("pk")
            .first()
        )
    return None


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
    chapters = _chapter_rows(parsed.chapters, published)
    work.word_count = sum(chapter.word_count for chapter in chapters)
    work.save()

    credited = _clean_names(parsed.creators, default="Anonymous")
    beta_names = _clean_names(parsed.betas)
    by_name = {
        creator.name_key: creator
        for creator in creators_get_or_create(names=[*credited, *beta_names])
    }
    creators = [by_name[name_key(name)] for name in credited]
    betas = [by_name[name_key(name)] for name in beta_names]
    tags = tags_get_or_create(
        names_by_kind={
            TagKind.FANDOM: parsed.fandoms,
            TagKind.RELATIONSHIP: parsed.relationships,
            TagKind.CHARACTER: parsed.characters,
            TagKind.FREEFORM: parsed.tags,
            TagKind.WARNING: parsed.warnings,
        }
    )
    if existing is not None:
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
    if existing is not None:
        work.chapters.all().delete()
    for chapter in chapters:
        chapter.work = work
    Chapter.objects.bulk_create(chapters)
    search_index_written(
        work=work, creators=[c.name for c in creators], tags=[t.name for t in tags],
        chapters=chapters, is_new=existing is None,
    )  # fmt: skip
    outcome = ImportOutcome.UPDATED if existing else ImportOutcome.IMPORTED
    return ImportResult(work, outcome)


@transaction.atomic
def work_delete(*, work: Work) -> None:
    """Delete a work with its chapters; creators and tags stay for other works."""
    search_remove_work(work_id=work.pk)
    work.delete()


def _expected_chapters(parsed: ParsedWork) -> int | None:
    if parsed.status == "complete":
        return len(parsed.chapters)
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
            notes_begin=notes_to_html(parsed_chapter.notes_begin),
            notes_end=notes_to_html(parsed_chapter.notes_end),
            body_html=parsed_chapter.body_html,
            published=published,
        )
        row.fill_derived(text=parsed_chapter.plain_text)
        rows.append(row)
    return rows
