"""Reading pages: the front page, a work, a chapter, a creator. Thin: select, then render."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ficarchive.works.models import Chapter, Work
from ficarchive.works.selectors import (
    chapters_for,
    get_creator,
    get_work_for_reader,
    user_can_edit,
    works_by_creator,
    works_recently_updated,
)

WORKS_PER_PAGE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    page = Paginator(works_recently_updated(user=request.user), WORKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "works/home.html", {"page": page})


@require_GET
def work_detail(request: HttpRequest, work_id: int) -> HttpResponse:
    """A one-chapter work whole; a longer one opens at chapter 1 unless the whole is asked for."""
    work = get_work_for_reader(user=request.user, work_id=work_id)
    chapters = chapters_for(work=work, user=request.user)
    if request.GET.get("view_full_work") == "true" or len(chapters) <= 1:
        return _render_reading(request, work, chapters, shown=chapters, current=None)
    return _render_reading(request, work, chapters, shown=chapters[:1], current=chapters[0])


@require_GET
def chapter_detail(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    work = get_work_for_reader(user=request.user, work_id=work_id)
    chapters = chapters_for(work=work, user=request.user)
    current = next((c for c in chapters if c.position == position), None)
    if current is None:
        raise Http404("No such chapter")
    return _render_reading(request, work, chapters, shown=[current], current=current)


@require_GET
def chapter_jump(request: HttpRequest, work_id: int) -> HttpResponse:
    """The chapter select's target when JavaScript is off."""
    work = get_work_for_reader(user=request.user, work_id=work_id)
    try:
        position = int(request.GET.get("chapter", ""))
    except ValueError:
        return redirect(work)
    return redirect("works:chapter", work_id=work.pk, position=position)


@require_GET
def creator_detail(request: HttpRequest, creator_id: int) -> HttpResponse:
    creator = get_creator(creator_id=creator_id)
    page = Paginator(works_by_creator(user=request.user, creator=creator), WORKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "works/creator.html", {"creator": creator, "page": page})


def _render_reading(
    request: HttpRequest,
    work: Work,
    chapters: list[Chapter],
    *,
    shown: list[Chapter],
    current: Chapter | None,
) -> HttpResponse:
    index = chapters.index(current) if current is not None else None
    context: dict[str, Any] = {
        "work": work,
        "chapters": chapters,
        "shown_chapters": shown,
        "current": current,
        "full_view": current is None,
        "multi_chapter": len(chapters) > 1,
        "previous_chapter": chapters[index - 1] if index else None,
        "next_chapter": chapters[index + 1]
        if index is not None and index + 1 < len(chapters)
        else None,
        "show_work_end_notes": current is None or current is chapters[-1],
        "can_edit": user_can_edit(user=request.user, work=work),
        # The chapter the editor buttons act on: the one shown, or a one-shot's only one.
        "edited_chapter": current or (chapters[0] if len(chapters) == 1 else None),
    }
    return render(request, "works/work.html", context)
