"""The search page and its help; bad queries get a message and a 200, never a 500."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ficarchive.core.replica import reads_from_replica
from ficarchive.search.selectors import snippets_for, works_search
from ficarchive.works.fields import BEST_MATCH, DEFAULT_SORT
from ficarchive.works.filters import WorkFilterForm, with_facet_links
from ficarchive.works.selectors import COUNT_CAP

PER_PAGE = 20


@require_safe
@reads_from_replica
def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")[:3000]
    data = request.GET.copy()
    if not data.get("sort"):  # searches rank by match, other lists by date; the form says so
        data["sort"] = BEST_MATCH if raw.strip() else DEFAULT_SORT
    form = WorkFilterForm(data, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = str(filters.get("sort") or data["sort"])
    outcome = works_search(
        user=request.user, raw_query=raw, filters=filters, sort=sort, today=timezone.localdate()
    )
    searched = bool(raw.strip()) or any(v for k, v in filters.items() if k != "sort")
    page = Paginator(outcome.ordered, PER_PAGE).get_page(request.GET.get("page"))
    results = list(page.object_list)
    snippets = snippets_for(outcome.query, results)
    context = {
        "q": raw,
        "form": form,
        "page": page,
        "results": [
            {
                "work": work,
                "snippet": snippets.get(work.pk),
                "highlight": " ".join(outcome.query.highlight_words()),
            }
            for work in results
        ],
        "messages_for_query": outcome.query.messages,
        "searched": searched,
        "total": min(page.paginator.count, COUNT_CAP) if searched else 0,
        "more_than_total": page.paginator.count > COUNT_CAP,
        "facets": with_facet_links(outcome.facets(), request.GET) if searched else [],
        "query_string": _without_page(request),
    }
    return render(request, "search/search.html", context)


@require_safe
def search_help(request: HttpRequest) -> HttpResponse:
    return render(request, "search/help.html")


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
