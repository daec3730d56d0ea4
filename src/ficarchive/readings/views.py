"""A member's history and Marked for Later pages, the small forms that change them, and the
endpoint the reader's script sends the place reached to. The pages are the member's own: for
anyone else they do not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.accounts.models import User
from ficarchive.readings.forms import LaterForm, PauseForm, ProgressForm
from ficarchive.readings.selectors import (
    history_of,
    history_rows,
    is_history_paused,
    is_marked,
    marked_for_later_of,
)
from ficarchive.readings.services import (
    history_clear,
    history_pause_set,
    history_remove,
    later_set,
    progress_record,
)
from ficarchive.works.models import Chapter, Work
from ficarchive.works.selectors import get_work_for_reader, works_in_order
from ficarchive.works.viewer import with_viewer_annotations

PER_PAGE = 20


def _owner(request: HttpRequest, username: str) -> User:
    """The signed-in member, if the page is theirs; a 404 for anyone else."""
    user = request.user
    if not user.is_authenticated or user.username != username:
        raise Http404("No such page")
    return user


@require_safe
def history(request: HttpRequest, username: str) -> HttpResponse:
    owner = _owner(request, username)
    page = Paginator(history_of(user=owner), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "owner": owner, "page": page, "rows": history_rows(list(page), user=owner),
        "paused": is_history_paused(user=owner), "tab": "history", "query_string": "",
    }  # fmt: skip
    return render(request, "readings/history.html", context)


@require_safe
def later(request: HttpRequest, username: str) -> HttpResponse:
    owner = _owner(request, username)
    page = Paginator(marked_for_later_of(user=owner), PER_PAGE).get_page(request.GET.get("page"))
    works = with_viewer_annotations(Work.objects.all(), user=owner)
    context = {
        "owner": owner, "page": page, "tab": "later", "query_string": "",
        "works": works_in_order(works, [mark.work_id for mark in page]),
    }  # fmt: skip
    return render(request, "readings/later.html", context)


@require_POST
def progress(request: HttpRequest) -> HttpResponse:
    """The reader's script: this member reached this paragraph (204, nothing to show)."""
    user = request.user
    if not user.is_authenticated:
        return HttpResponse(status=403)  # guests keep their place in their browser
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Send a work, a chapter and a paragraph.")
    data = form.cleaned_data
    work = get_work_for_reader(user=user, work_id=data["work"])
    if not Chapter.objects.filter(work=work, position=data["chapter"], is_posted=True).exists():
        raise Http404("No such chapter")
    progress_record(
        user=user, work=work, chapter_position=data["chapter"], paragraph=data["paragraph"],
        at=timezone.now(),
    )  # fmt: skip
    return HttpResponse(status=204)


def _back(request: HttpRequest, target: str, fallback: str) -> HttpResponse:
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and safe else fallback)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def later_toggle(request: HttpRequest, work_id: int) -> HttpResponse:
    """POST: mark or unmark (JSON for the script of a list). GET: a small page with the form,
    for a blurb's link without JavaScript (a blurb sits inside its list's filter form, and
    forms do not nest)."""
    user: User = request.user  # type: ignore[assignment]  # login_required
    work = get_work_for_reader(user=user, work_id=work_id)
    if request.method in ("GET", "HEAD"):
        context = {
            "work": work, "marked": is_marked(user=user, work=work),
            "next": request.GET.get("next", "")[:2000],
        }  # fmt: skip
        return render(request, "readings/later_confirm.html", context)
    form = LaterForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Mark or unmark.")
    marked = bool(form.cleaned_data["marked"])
    later_set(user=user, work=work, marked=marked)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"marked": marked})
    messages.success(request, "Marked for later." if marked else "No longer marked for later.")
    return _back(request, form.cleaned_data["next"], work.get_absolute_url())


@login_required
@require_POST
def pause(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login_required
    form = PauseForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Pause or resume.")
    paused = bool(form.cleaned_data["paused"])
    history_pause_set(user=user, paused=paused)
    messages.success(
        request, "History paused: nothing new is recorded." if paused else "History resumed."
    )
    return redirect("readings:history", username=user.username)


@login_required
@require_POST
def clear(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login_required
    history_clear(user=user)
    messages.success(request, "History cleared.")
    return redirect("readings:history", username=user.username)


@login_required
@require_POST
def remove(request: HttpRequest, work_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login_required
    history_remove(user=user, work_id=work_id)
    messages.success(request, "Removed from your history.")
    return redirect("readings:history", username=user.username)
