"""The reading pages (a work, a chapter, the entire work, the chapter select's jump) and the
reader toolbar's endpoint.

The toolbar answers GET (a plain link or form, or JavaScript at once), so it needs no CSRF
token and a reading page stays the same for every guest (the guest page cache); it changes
only the visitor's own display settings. POST still works.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.community.forms import BookmarkForm, CommentForm
from ficarchive.community.services import hit_record
from ficarchive.core.numbers import NumberError, parse_number
from ficarchive.core.pagecache import cache_for_guests
from ficarchive.core.requests import client_ip
from ficarchive.reader.forms import PreferenceChangeForm, ReaderSettingsForm
from ficarchive.reader.highlight import highlight_html
from ficarchive.reader.preferences import COOKIE_MAX_AGE, COOKIE_NAME, ReaderPreferences
from ficarchive.reader.selectors import (
    community_panel,
    get_work_for_reading,
    reader_preferences_for,
)
from ficarchive.reader.services import reader_preferences_save
from ficarchive.readings.paragraphs import numbered_paragraphs
from ficarchive.readings.selectors import recent_visit_apply
from ficarchive.readings.services import visit_buffer
from ficarchive.works.models import Chapter, Work
from ficarchive.works.selectors import chapters_for, get_work_for_reader


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def change_preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceChangeForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid() or (change := form.change()) is None:
        return HttpResponseBadRequest("Choose a reader setting.")
    preferences = reader_preferences_for(request).changed(*change)
    reader_preferences_save(user=request.user, preferences=preferences)
    response: HttpResponse
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(preferences.to_mapping())
    else:
        # `next` carries its anchor (#reader-settings, #skin-menu): the page comes back at
        # the control that was used, not at its top.
        target = form.cleaned_data["next"]
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        response = redirect(target if safe and target else "/")
    _set_cookie(request, response, preferences)
    return response


@login_required
@require_POST
def save_settings(request: HttpRequest) -> HttpResponse:
    """The account settings' reader section: every setting at once, kept on the account."""
    form = ReaderSettingsForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a value for every reader setting.")
    preferences = form.preferences()
    reader_preferences_save(user=request.user, preferences=preferences)
    messages.success(request, "Reader settings saved.")
    response = redirect(reverse("accounts:settings") + "#reader-settings-form")
    _set_cookie(request, response, preferences)
    return response


def _set_cookie(
    request: HttpRequest, response: HttpResponse, preferences: ReaderPreferences
) -> None:
    """This device keeps the choices too (a member's account wins while signed in)."""
    response.set_cookie(
        COOKIE_NAME,
        preferences.to_cookie(),
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )


@require_safe
@cache_for_guests
def work_detail(request: HttpRequest, work_id: int) -> HttpResponse:
    """A one-chapter work whole; a longer one opens at chapter 1 unless the whole is asked for."""
    work = get_work_for_reading(user=request.user, work_id=work_id)
    chapters = chapters_for(work=work, user=request.user)
    if request.GET.get("view_full_work") == "true" or len(chapters) <= 1:
        return _render_reading(request, work, chapters, shown=chapters, current=None)
    return _render_reading(request, work, chapters, shown=chapters[:1], current=chapters[0])


@require_safe
@cache_for_guests
def chapter_detail(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    work = get_work_for_reading(user=request.user, work_id=work_id)
    chapters = chapters_for(work=work, user=request.user)
    current = next((c for c in chapters if c.position == position), None)
    if current is None:
        raise Http404("No such chapter")
    searched = request.GET.get("highlight", "")[:300].split()
    if searched:  # from a search result: mark the words, land on the first (#match)
        current.body_html = highlight_html(current.body_html, searched)
    return _render_reading(
        request, work, chapters, shown=[current], current=current,
        comments_page=_comments_page(request),
    )  # fmt: skip


def _comments_page(request: HttpRequest) -> int:
    """`?comments_page=N`: which page of the chapter's comment threads (a bad one is page 1)."""
    try:
        return parse_number(request.GET.get("comments_page", "1"))
    except NumberError:
        return 1


@require_safe
def chapter_jump(request: HttpRequest, work_id: int) -> HttpResponse:
    """The chapter select's target when JavaScript is off."""
    work = get_work_for_reader(user=request.user, work_id=work_id)
    try:
        position = parse_number(request.GET.get("chapter", ""))
    except NumberError:
        return redirect(work)
    if position < 1:  # the chapters' URLs start at 1
        return redirect(work)
    return redirect("reader:chapter", work_id=work.pk, position=position)


def _render_reading(
    request: HttpRequest,
    work: Work,
    chapters: list[Chapter],
    *,
    shown: list[Chapter],
    current: Chapter | None,
    comments_page: int = 1,
) -> HttpResponse:
    index = chapters.index(current) if current is not None else None
    if len(shown) == 1:  # paragraphs get their anchors (#p-14: "continue at paragraph 14")
        shown[0].body_html = numbered_paragraphs(shown[0].body_html)
    context: dict[str, Any] = {
        "work": work,
        "chapters": chapters,
        "shown_chapters": shown,
        "current": current,
        "full_view": current is None,
        # From chapter 2 on, only the work's title and byline repeat above the chapter.
        "compact_header": bool(index),
        "multi_chapter": len(chapters) > 1,
        "previous_chapter": chapters[index - 1] if index else None,
        "next_chapter": chapters[index + 1]
        if index is not None and index + 1 < len(chapters)
        else None,
        "show_work_end_notes": current is None or current is chapters[-1],
        "can_edit": work.is_editable_by(request.user),
        # The chapter the editor buttons act on: the one shown, or a one-shot's only one.
        "edited_chapter": current or (chapters[0] if len(chapters) == 1 else None),
        "community": None,
    }
    if not work.is_draft:
        if request.method == "GET":  # a HEAD (a monitor, a link checker) is not a reader
            hit_record(
                work=work, user=request.user, address=client_ip(request),
                today=timezone.localdate(),
            )  # fmt: skip
            if request.user.is_authenticated:  # the history, in the cache until folded in
                recent_visit_apply(work=work, user=request.user)  # the page before this one
                visit_buffer(
                    user=request.user, work_id=work.pk, at=timezone.now(),
                    chapter_position=shown[0].position if len(shown) == 1 else 0,
                )  # fmt: skip
        panel = community_panel(
            work=work, user=request.user, shown=shown, comments_page=comments_page
        )
        bookmark = panel.bookmark
        context["community"] = panel
        context["comment_form"] = CommentForm(auto_id="new-comment-%s")
        context["bookmark_form"] = BookmarkForm(
            initial={"notes": bookmark.notes, "is_private": bookmark.is_private}
            if bookmark
            else None
        )
        context["here"] = request.get_full_path()
    return render(request, "reader/work.html", context)
