"""Reading pages: the front page, a work, a chapter, a creator. Thin: select, then render."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ficarchive.community.forms import BookmarkForm, CommentForm
from ficarchive.community.selectors import community_panel
from ficarchive.community.services import hit_record
from ficarchive.core.numbers import NumberError, parse_number
from ficarchive.core.pagecache import cache_for_guests
from ficarchive.core.requests import client_ip
from ficarchive.search.highlight import highlight_html
from ficarchive.works.filters import (
    WorkFilterForm,
    apply_filters,
    apply_sort,
    facets,
    with_facet_links,
)
from ficarchive.works.models import Chapter, Work, WorkQuerySet
from ficarchive.works.selectors import (
    PagedWorks,
    chapters_for,
    fandoms_by_letter,
    get_creator,
    get_series_for_reader,
    get_tag,
    get_work_for_reader,
    user_can_edit,
    works_by_creator,
    works_recently_updated,
    works_tagged,
)

WORKS_PER_PAGE = 20


def _listing(
    request: HttpRequest, works: WorkQuerySet, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Any list of works: filtered, sorted, counted and paged from the query string."""
    form = WorkFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    filtered = apply_filters(works, filters)
    ordered = apply_sort(filtered, filters.get("sort") or "updated").with_blurb_data()
    page = Paginator(PagedWorks(filtered, ordered), WORKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    context.update(
        page=page, form=form, facets=with_facet_links(facets(filtered), request.GET),
        query_string=params.urlencode(),
    )  # fmt: skip
    return render(request, template, context)


@require_GET
@cache_for_guests
def home(request: HttpRequest) -> HttpResponse:
    return _listing(request, works_recently_updated(user=request.user), "works/home.html", {})


@require_GET
@cache_for_guests
def fandom_index(request: HttpRequest) -> HttpResponse:
    return render(request, "works/fandoms.html", {"letters": fandoms_by_letter(user=request.user)})


@require_GET
@cache_for_guests
def tag_works(request: HttpRequest, tag_id: int) -> HttpResponse:
    tag = get_tag(user=request.user, tag_id=tag_id)
    works = works_tagged(user=request.user, tag=tag)
    return _listing(request, works, "works/tag.html", {"tag": tag})


@require_GET
def series_detail(request: HttpRequest, series_id: int) -> HttpResponse:
    series, works = get_series_for_reader(user=request.user, series_id=series_id)
    return render(request, "works/series.html", {"series": series, "works": works})


@require_GET
@cache_for_guests
def work_detail(request: HttpRequest, work_id: int) -> HttpResponse:
    """A one-chapter work whole; a longer one opens at chapter 1 unless the whole is asked for."""
    work = get_work_for_reader(user=request.user, work_id=work_id)
    chapters = chapters_for(work=work, user=request.user)
    if request.GET.get("view_full_work") == "true" or len(chapters) <= 1:
        return _render_reading(request, work, chapters, shown=chapters, current=None)
    return _render_reading(request, work, chapters, shown=chapters[:1], current=chapters[0])


@require_GET
@cache_for_guests
def chapter_detail(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    work = get_work_for_reader(user=request.user, work_id=work_id)
    chapters = chapters_for(work=work, user=request.user)
    current = next((c for c in chapters if c.position == position), None)
    if current is None:
        raise Http404("No such chapter")
    searched = request.GET.get("highlight", "")[:300].split()
    if searched:  # from a search result: mark the words, land on the first (#match)
        current.body_html = highlight_html(current.body_html, searched)
    return _render_reading(request, work, chapters, shown=[current], current=current)


@require_GET
def chapter_jump(request: HttpRequest, work_id: int) -> HttpResponse:
    """The chapter select's target when JavaScript is off."""
    work = get_work_for_reader(user=request.user, work_id=work_id)
    try:
        position = parse_number(request.GET.get("chapter", ""))
    except NumberError:
        return redirect(work)
    if position < 1:  # the chapters' URLs start at 1
        return redirect(work)
    return redirect("works:chapter", work_id=work.pk, position=position)


@require_GET
def creator_detail(request: HttpRequest, creator_id: int) -> HttpResponse:
    creator = get_creator(user=request.user, creator_id=creator_id)
    works = works_by_creator(user=request.user, creator=creator)
    return _listing(request, works, "works/creator.html", {"creator": creator})


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
        "community": None,
    }
    if not work.is_draft:
        address = client_ip(request)
        hit_record(work=work, user=request.user, address=address, today=timezone.localdate())
        panel = community_panel(work=work, user=request.user, shown=shown)
        bookmark = panel.bookmark
        context["community"] = panel
        context["comment_form"] = CommentForm(auto_id="new-comment-%s")
        context["bookmark_form"] = BookmarkForm(
            initial={"notes": bookmark.notes, "is_private": bookmark.is_private}
            if bookmark
            else None
        )
        context["here"] = request.get_full_path()
    return render(request, "works/work.html", context)
