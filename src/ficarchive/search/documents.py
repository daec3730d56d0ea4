"""What the database backends index for a work: its fields' text and its posted chapters."""

from __future__ import annotations

from ficarchive.formats.text_of_html import html_to_text
from ficarchive.search.backends.base import ChapterText, WorkText
from ficarchive.works.models import Chapter, Work


def plain_text(html: str) -> str:
    return html_to_text(html) if html else ""


def work_text(work: Work, *, creators: list[str], tags: list[str]) -> WorkText:
    return WorkText(
        work_id=work.pk,
        title=work.title,
        creators=" ".join(creators),
        tags=" ".join(tags),
        summary=plain_text(work.summary),
        notes=plain_text(work.notes_begin) + "\n" + plain_text(work.notes_end),
    )


def work_texts(work_ids: list[int]) -> list[WorkText]:
    works = Work.objects.filter(pk__in=work_ids).prefetch_related("tags", "authorships__creator")
    return [
        work_text(
            work,
            creators=[c.name for c in work.ordered_creators],
            tags=[tag.name for tag in work.tags.all()],
        )
        for work in works
    ]


def chapter_texts(work_ids: list[int]) -> list[ChapterText]:
    """Posted chapters only: a chapter draft must never show up in a stranger's snippet."""
    rows = Chapter.objects.filter(work_id__in=work_ids, is_posted=True).values_list(
        "pk", "work_id", "title", "body_text"
    )
    return [ChapterText(pk, work_id, f"{title}\n{body}") for pk, work_id, title, body in rows]
