"""Keeping the index in step with the works: called by the services that change them, inside
their transactions, so a posted chapter is findable at once and a deleted one never is."""

from __future__ import annotations

from ficarchive.search.backends import backend
from ficarchive.search.backends.base import ChapterText, WorkText
from ficarchive.works.models import Work


def search_index_work(*, work_id: int) -> None:
    """(Re)index a work's fields and its posted chapters; drafts are filtered at query time."""
    work = Work.objects.filter(pk=work_id).prefetch_related("tags", "authorships__creator").first()
    if work is None:
        backend().remove_work(work_id)
        return
    chapters = work.chapters.filter(is_posted=True).values_list("pk", "title", "body_text")
    backend().replace_work(
        WorkText(
            work_id=work.pk,
            title=work.title,
            creators=" ".join(c.name for c in work.ordered_creators),
            tags=" ".join(tag.name for tag in work.tags.all()),
            summary=_text(work.summary),
            notes=_text(work.notes_begin) + "\n" + _text(work.notes_end),
        ),
        [ChapterText(pk, work.pk, f"{title}\n{body}") for pk, title, body in chapters],
    )


def search_remove_work(*, work_id: int) -> None:
    backend().remove_work(work_id)


def _text(html: str) -> str:
    from ficarchive.formats.text_of_html import html_to_text

    return html_to_text(html) if html else ""
