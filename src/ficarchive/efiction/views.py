"""eFiction's old addresses, answered with a permanent redirect to where the thing lives now.

Readers' bookmarks and search engines hold `viewstory.php?sid=N` and friends; after a
migration they keep working. What this visitor may not see is a 404, as everywhere.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.views.decorators.http import require_safe

from ficarchive.efiction import selectors


def _number(request: HttpRequest, name: str) -> int:
    value = request.GET.get(name, "")
    if not value.isdigit() or len(value) > 18:
        raise Http404(f"No {name}")
    return int(value)


def _moved(address: str | None) -> HttpResponsePermanentRedirect:
    if address is None:
        raise Http404("Not migrated, or not yours to see")
    return HttpResponsePermanentRedirect(address)


@require_safe
def viewstory(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """`viewstory.php?sid=N[&chapter=M][&i=1]`: the work, or its chapter M (`i=1`, the
    story's index, is the work's page)."""
    sid = _number(request, "sid")
    chapter = _number(request, "chapter") if "chapter" in request.GET else None
    if request.GET.get("i") == "1":
        chapter = None
    return _moved(selectors.story_address(user=request.user, sid=sid, chapter=chapter))


@require_safe
def viewuser(request: HttpRequest) -> HttpResponsePermanentRedirect:
    uid = _number(request, "uid")
    return _moved(selectors.member_address(user=request.user, uid=uid))


@require_safe
def viewseries(request: HttpRequest) -> HttpResponsePermanentRedirect:
    seriesid = _number(request, "seriesid")
    return _moved(selectors.series_address(user=request.user, seriesid=seriesid))


@require_safe
def browse(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """`browse.php?type=categories&catid=N`: the category's tag."""
    if request.GET.get("type") != "categories":
        raise Http404("Only categories moved")
    catid = _number(request, "catid")
    return _moved(selectors.category_address(user=request.user, catid=catid))
