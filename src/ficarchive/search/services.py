"""Keeping the index in step with the works: called by the services that change them, inside
their transactions, so a posted chapter is findable at once and a deleted one never is."""

from __future__ import annotations

from django.db import transaction

from ficarchive.formats.text_of_html import html_to_text
from ficarchive.search.backends import backend
from ficarchive.search.backends.base import ChapterText, WorkText
from ficarchive.works.models import Chapter, Work


def _text(html: str) -> str:
    return html_to_text(html) if html else ""


def _work_text(work: Work) -> WorkText:
    return WorkText(
        work_id=work.pk,
        title=work.title,
        creators=" ".join(c.name for c in work.ordered_creators),
        tags=" ".join(tag.name for tag in work.tags.all()),
        summary=_text(work.summary),
        notes=_text(work.notes_begin) + "\n" + _text(work.notes_end),
    )


def _chapter_texts(work_ids: list[int]) -> list[ChapterText]:
    """Posted chapters only: a chapter draft must never show up in a stranger's snippet."""
    rows = Chapter.objects.filter(work_id__in=work_ids, is_posted=True).values_list(
        "pk", "work_id", "title", "body_text"
    )
    return [ChapterText(pk, work_id, f"{title}\n{body}") for pk, work_id, title, body in rows]


def search_index_written(
    *, work: Work, creators: list[str], tags: list[str], chapters: list[Chapter], is_new: bool
) -> None:
    """Index a work just written from rows already in hand (the importer's fast path)."""
    text = WorkText(
        work_id=work.pk, title=work.title, creators=" ".join(creators), tags=" ".join(tags),
        summary=_text(work.summary),
        notes=_text(work.notes_begin) + "\n" + _text(work.notes_end),
    )  # fmt: skip
    posted = [
        ChapterText(c.pk, work.pk, f"{c.title}\n{c.body_text}") for c in chapters if c.is_posted
    ]
    if is_new:
        backend().add_many([text], posted)
    else:
        backend().replace_work(text, posted)


def search_index_work(*, work_id: int) -> None:
    """(Re)index a work's fields and its posted chapters; drafts are filtered at query time."""
    work = Work.objects.filter(pk=work_id).prefetch_related("tags", "authorships__creator").first()
    if work is None:
        backend().remove_work(work_id)
        return
    backend().replace_work(_work_text(work), _chapter_texts([work.pk]))


def search_remove_work(*, work_id: int) -> None:
    backend().remove_work(work_id)


@transaction.atomic
def search_rebuild(*, batch_size: int = 500) -> int:
    """Index every work from scratch (after an upgrade, or a bulk load); returns the count."""
    engine = backend()
    engine.clear()
    ids = list(Work.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        works = Work.objects.filter(pk__in=batch).prefetch_related("tags", "authorships__creator")
        engine.add_many([_work_text(work) for work in works], _chapter_texts(batch))
    return len(ids)


def search_index_is_empty() -> bool:
    return backend().is_empty()
