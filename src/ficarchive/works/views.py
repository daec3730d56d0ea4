"""Reading pages: the front page, a work, a chapter, a creator. Thin: select, then render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ficarchive.formats import FormatError, parse
from ficarchive.works.forms import ImportForm
from ficarchive.works.models import Chapter, Visibility, Work
from ficarchive.works.selectors import (
    get_creator,
    get_work_for_editor,
    get_work_for_reader,
    posted_chapters,
    user_can_edit,
    works_by_creator,
    works_recently_updated,
)
from ficarchive.works.services import ImportOutcome, work_delete, work_import, work_publish

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
    chapters = posted_chapters(work=work)
    if request.GET.get("view_full_work") == "true" or len(chapters) <= 1:
        return _render_reading(request, work, chapters, shown=chapters, current=None)
    return _render_reading(request, work, chapters, shown=chapters[:1], current=chapters[0])


@require_GET
def chapter_detail(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    work = get_work_for_reader(user=request.user, work_id=work_id)
    chapters = posted_chapters(work=work)
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


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload one story file; it arrives as a draft to preview before publishing.

    Only moderators may import until accounts and posting exist; others get a 404.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not request.user.is_staff:
        raise Http404("No such page")
    form = ImportForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        upload_name, data = form.cleaned_data["file"]
        try:
            parsed = parse(data, name=upload_name)
        except FormatError as refusal:
            error = f"{upload_name}: {refusal}"
        else:
            result = work_import(
                parsed=parsed, visibility=Visibility.DRAFT, imported_by=request.user
            )
            messages.success(request, _IMPORT_MESSAGES[result.outcome])
            return redirect(result.work)
    status = 400 if request.method == "POST" else 200
    return render(request, "works/import.html", {"form": form, "error": error}, status=status)


_IMPORT_MESSAGES = {
    ImportOutcome.IMPORTED: "Imported as a draft: check it below, then publish it.",
    ImportOutcome.UPDATED: "This story was already here: it has been updated.",
    ImportOutcome.UNCHANGED: "This story was already here, unchanged.",
}


@require_POST
def work_publish_view(request: HttpRequest, work_id: int) -> HttpResponse:
    work = work_publish(work=get_work_for_editor(user=request.user, work_id=work_id))
    messages.success(request, "Published: everyone can read it now.")
    return redirect(work)


@require_POST
def work_discard_view(request: HttpRequest, work_id: int) -> HttpResponse:
    """Delete a draft (a confirmed button on the draft's banner)."""
    work = get_work_for_editor(user=request.user, work_id=work_id)
    if not work.is_draft:
        raise Http404("Only drafts are discarded here")
    work_delete(work=work)
    messages.success(request, "The draft was discarded.")
    return redirect("works:home")


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
    }
    return render(request, "works/work.html", context)
