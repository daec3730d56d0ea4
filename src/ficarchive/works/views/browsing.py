"""Browsing: the front page, fandoms, a tag's, a creator's and a series' works. Thin: select,
then render."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ficarchive.core import relations
from ficarchive.core.pagecache import cache_for_guests
from ficarchive.core.replica import reads_from_replica
from ficarchive.works.filters import facets, with_facet_links, works_listed
from ficarchive.works.models import WorkQuerySet
from ficarchive.works.selectors import (
    PagedWorks,
    fandoms_by_letter,
    get_creator,
    get_series_for_reader,
    get_tag,
    tag_fandoms,
    works_by_creator,
    works_recently_updated,
    works_tagged,
)
from ficarchive.works.viewer import with_viewer_annotations

WORKS_PER_PAGE = 20


def _listing(
    request: HttpRequest,
    works: WorkQuerySet,
    template: str,
    context: dict[str, Any],
    *,
    none_is_404: bool = False,
) -> HttpResponse:
    """Any list of works: filtered, sorted, counted and paged from the query string.

    `none_is_404`: the page exists only if this reader can see at least one of `works`
    (asked only when the filtered list is empty, so it costs no query on a normal page); a
    page whose works are all muted still exists, and says so.
    """
    form, filtered, ordered = works_listed(works, request.GET, user=request.user)
    ordered = with_viewer_annotations(ordered.with_blurb_data(), user=request.user)
    page = Paginator(PagedWorks(filtered, ordered), WORKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    if none_is_404 and not page.paginator.count and not works.exists():
        raise Http404("No such page")
    params = request.GET.copy()
    params.pop("page", None)
    context.update(
        page=page, form=form, facets=with_facet_links(facets(filtered), request.GET),
        query_string=params.urlencode(),
    )  # fmt: skip
    return render(request, template, context)


@require_safe
@reads_from_replica
@cache_for_guests
def home(request: HttpRequest) -> HttpResponse:
    return _listing(request, works_recently_updated(user=request.user), "works/home.html", {})


@require_safe
@reads_from_replica
@cache_for_guests
def fandom_index(request: HttpRequest) -> HttpResponse:
    return render(request, "works/fandoms.html", {"letters": fandoms_by_letter(user=request.user)})


@require_safe
@reads_from_replica
@cache_for_guests
def tag_works(request: HttpRequest, tag_id: int) -> HttpResponse:
    tag = get_tag(tag_id=tag_id)
    works = works_tagged(user=request.user, tag=tag)
    context = {
        "tag": tag,
        "tag_fandoms": tag_fandoms(tag=tag),
        "can_mute": request.user.is_authenticated,
        "tag_muted": relations.tag_is_muted(request.user, tag.pk),
    }
    return _listing(request, works, "works/tag.html", context, none_is_404=True)


@require_safe
@reads_from_replica
def series_detail(request: HttpRequest, series_id: int) -> HttpResponse:
    series, works = get_series_for_reader(user=request.user, series_id=series_id)
    return render(request, "works/series.html", {"series": series, "works": works})


@require_safe
@reads_from_replica
def creator_detail(request: HttpRequest, creator_id: int) -> HttpResponse:
    creator = get_creator(user=request.user, creator_id=creator_id)
    works = works_by_creator(user=request.user, creator=creator)
    context = {
        "creator": creator,
        "other": creator.user,
        "standing": relations.standing(request.user, creator.user_id),
    }
    return _listing(request, works, "works/creator.html", context)
