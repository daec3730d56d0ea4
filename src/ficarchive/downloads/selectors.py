"""Reads for downloads: who may download what (always `visible_to`, before any cache), and a
work or a series described as the exporters' plain data (formats/export/book.py)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from ficarchive.accounts.models import User
from ficarchive.formats.export import Book, BookChapter, HtmlStyle, Omnibus, SeriesPlace
from ficarchive.reader.preferences import ReaderPreferences
from ficarchive.works.models import Authorship, Chapter, Series, SeriesPart, Work


def get_work_for_download(*, user: User | AnonymousUser, work_id: int) -> Work:
    """The work if this user may read it (one query and the prefetches of its credits and
    tags); a 404 otherwise, whatever its state."""
    return get_object_or_404(Work.objects.visible_to(user).for_reading(), pk=work_id)


@dataclass(frozen=True)
class SeriesForDownload:
    series: Series
    work_ids: list[int]  # the parts this user may read, in order
    creators: list[str]


def get_series_for_download(*, user: User | AnonymousUser, series_id: int) -> SeriesForDownload:
    """A series and the parts this user may read; a 404 when they may read none."""
    series = get_object_or_404(Series, pk=series_id)
    visible = Work.objects.visible_to(user).values("pk")
    work_ids = list(
        SeriesPart.objects.filter(series=series, work__in=visible)
        .order_by("position")
        .values_list("work_id", flat=True)
    )
    if not work_ids:
        raise Http404("No such series")
    names = Authorship.objects.filter(work_id__in=work_ids).order_by("work_id", "position")
    creators = list(dict.fromkeys(names.values_list("creator__name", flat=True)))
    return SeriesForDownload(series, work_ids, creators)


def title_slug(title: str) -> str:
    return slugify(title)[:80].strip("-") or "download"


def book_identifier(site_url: str, kind: str, ident: int) -> str:
    """A stable identifier: the same work keeps it through every version."""
    site = site_url.rstrip("/")
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site}/{kind}/{ident}')}"


def books_for(works: list[Work], *, site_url: str) -> list[Book]:
    """The works (loaded with `for_reading()`) as Books: two queries for any number of works
    (their posted chapters, and their series)."""
    site = site_url.rstrip("/")
    ids = [work.pk for work in works]
    chapters: dict[int, list[Chapter]] = defaultdict(list)
    for chapter in Chapter.objects.posted().filter(work_id__in=ids).order_by("work_id", "position"):
        chapters[chapter.work_id].append(chapter)
    places: dict[int, list[SeriesPlace]] = defaultdict(list)
    for part in SeriesPart.objects.filter(work_id__in=ids).select_related("series").order_by("pk"):
        places[part.work_id].append(
            SeriesPlace(part.series.title, part.position, f"{site}/series/{part.series_id}/")
        )
    return [_book(work, chapters[work.pk], places[work.pk], site) for work in works]


def _book(work: Work, chapters: list[Chapter], series: list[SeriesPlace], site: str) -> Book:
    return Book(
        key=f"work-{work.pk}",
        identifier=book_identifier(site, "works", work.pk),
        title=work.title,
        creators=[creator.name for creator in work.ordered_creators],
        url=f"{site}{work.get_absolute_url()}",
        language=work.language,
        published=work.published,
        updated=work.updated,
        modified=work.modified_at,
        words=sum(chapter.word_count for chapter in chapters),
        chapter_progress=f"{len(chapters)}/{work.expected_chapters or '?'}",
        complete=work.expected_chapters is not None and len(chapters) >= work.expected_chapters,
        chapters=[
            BookChapter(
                key=str(chapter.pk),
                number=number,
                title=f"Chapter {number}: {chapter.title}"
                if chapter.title
                else f"Chapter {number}",
                body_html=chapter.body_html,
                notes_begin=chapter.notes_begin,
                notes_end=chapter.notes_end,
                url=f"{site}/works/{work.pk}/chapters/{number}/",
            )
            for number, chapter in enumerate(chapters, start=1)
        ],
        source_url=work.source_url,
        summary_html=work.summary,
        rating=work.get_rating_display(),
        warnings=[tag.name for tag in work.warnings],
        fandoms=[tag.name for tag in work.fandoms],
        relationships=[tag.name for tag in work.relationships],
        characters=[tag.name for tag in work.characters],
        freeforms=[tag.name for tag in work.freeforms],
        series=series,
        betas=work.beta_names,
        notes_begin=work.notes_begin,
        notes_end=work.notes_end,
    )


def omnibus_for(*, series: Series, work_ids: list[int], site_url: str) -> Omnibus:
    """The series as one book: exactly these works (the ones its reader may read), in order."""
    by_id = {work.pk: work for work in Work.objects.filter(pk__in=work_ids).for_reading()}
    works = [by_id[pk] for pk in work_ids if pk in by_id]
    books = books_for(works, site_url=site_url)
    site = site_url.rstrip("/")
    return Omnibus(
        key=f"series-{series.pk}",
        identifier=book_identifier(site, "series", series.pk),
        title=series.title,
        url=f"{site}/series/{series.pk}/",
        modified=max((work.modified_at for work in works), default=series.created_at),
        books=books,
        summary_html=series.summary,
    )


# The reader's skins as CSS values (the site's palettes in core/static/ficarchive/site.css).
_SKINS = {
    "light": {"background": "#fbfaf7", "color": "#1d1d1f", "link": "#0a4f9c", "muted": "#54565b"},
    "dark": {"background": "#121417", "color": "#e8e6e3", "link": "#8fbcff", "muted": "#b3afa8"},
    "sepia": {"background": "#f4ecd8", "color": "#3a2e1e", "link": "#7a3300", "muted": "#5c4a33"},
}
_WIDTHS = {"full": "none", "three-quarters": "48rem", "half": "34rem"}
_FONTS = {
    "serif": "Georgia, 'Times New Roman', serif",
    "sans": "system-ui, 'Helvetica Neue', Arial, sans-serif",
}


def html_style_for(preferences: ReaderPreferences) -> HtmlStyle:
    """The reader's current display choices as the HTML download's inline style ("auto"
    means the light skin: a file cannot ask the device)."""
    colours = _SKINS.get(preferences.skin, _SKINS["light"])
    return HtmlStyle(
        **colours,
        font_family=_FONTS.get(preferences.font, _FONTS["serif"]),
        font_size_em=preferences.size / 10,
        line_height=preferences.spacing / 100,
        max_width=_WIDTHS.get(preferences.width, "none"),
    )
