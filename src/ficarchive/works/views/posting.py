"""Authors' pages: post a work, edit it, add, edit, reorder and delete chapters, co-creators.

Every view fetches through get_work_for_editor: whoever may not edit gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ficarchive.accounts.models import User
from ficarchive.works.forms import ChapterForm, InviteForm, ReorderForm, WorkForm, split_names
from ficarchive.works.models import Chapter, CoCreatorInvitation, Visibility, Work
from ficarchive.works.posting import (
    ChapterData,
    PostingRefused,
    WorkData,
    chapter_create,
    chapter_delete,
    chapter_post,
    chapter_update,
    chapters_reorder,
    cocreator_invite,
    invitation_respond,
    work_create,
    work_post,
    work_update,
)
from ficarchive.works.selectors import get_work_for_editor, work_form_initial
from ficarchive.works.services import work_delete


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


_FORM_SECTIONS = {
    "tag_fields": [
        "rating", "warnings", "categories", "fandoms", "relationships", "characters", "freeforms",
    ],
    "preface_fields": ["title", "summary", "notes_begin", "notes_end", "betas", "text_format"],
    "association_fields": [
        "language", "series_title", "series_position", "complete", "expected_chapters",
        "published", "visibility",
    ],
    "chapter_fields": [
        "chapter_title", "chapter_notes_begin", "chapter_notes_end", "text", "text_file",
    ],
}  # fmt: skip


def _work_form_context(form: WorkForm, work: Work | None) -> dict[str, Any]:
    """The form's fields in AO3's sections, so the template only loops."""
    context: dict[str, Any] = {"form": form, "work": work}
    for section, names in _FORM_SECTIONS.items():
        context[section] = [form[name] for name in names if name in form.fields]
    return context


def _work_data(cleaned: dict[str, Any]) -> WorkData:
    return WorkData(
        title=cleaned["title"],
        fandoms=split_names(cleaned["fandoms"]),
        rating=cleaned["rating"],
        warnings=list(cleaned.get("warnings") or []),
        categories=list(cleaned.get("categories") or []),
        relationships=split_names(cleaned.get("relationships", "")),
        characters=split_names(cleaned.get("characters", "")),
        freeforms=split_names(cleaned.get("freeforms", "")),
        summary=cleaned.get("summary", ""),
        notes_begin=cleaned.get("notes_begin", ""),
        notes_end=cleaned.get("notes_end", ""),
        betas=split_names(cleaned.get("betas", "")),
        language=cleaned["language"],
        series_title=cleaned.get("series_title", ""),
        series_position=cleaned.get("series_position"),
        complete=cleaned.get("complete", False),
        expected_chapters=cleaned.get("expected_chapters"),
        published=cleaned.get("published"),
        visibility=cleaned.get("visibility") or Visibility.PUBLIC,
        text_format=cleaned.get("text_format") or "html",
    )


def _chapter_data(cleaned: dict[str, Any]) -> ChapterData:
    upload = cleaned.get("text_file")
    return ChapterData(
        title=cleaned.get("chapter_title", ""),
        notes_begin=cleaned.get("chapter_notes_begin", ""),
        notes_end=cleaned.get("chapter_notes_end", ""),
        text=cleaned.get("text", ""),
        text_format=cleaned.get("text_format") or "html",
        file_name=upload.name if upload else None,
        file_data=upload.read() if upload else None,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_new(request: HttpRequest) -> HttpResponse:
    form = WorkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        post = request.POST.get("action") == "post"
        try:
            work = work_create(
                user=_member(request),
                data=_work_data(form.cleaned_data),
                chapter=_chapter_data(form.cleaned_data),
                post=post,
            )
        except PostingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, "Posted." if post else "Saved as a draft: this is the preview."
            )
            return redirect(work)
    status = 400 if request.method == "POST" else 200
    return render(request, "works/work_form.html", _work_form_context(form, None), status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_edit(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_work_for_editor(user=request.user, work_id=work_id)
    form = WorkForm(
        request.POST or None, initial=work_form_initial(work=work), with_chapter=False,
        with_visibility=work.visibility != Visibility.HIDDEN,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        work_update(work=work, user=_member(request), data=_work_data(form.cleaned_data))
        messages.success(request, "Saved.")
        return redirect(work)
    status = 400 if request.method == "POST" else 200
    return render(request, "works/work_form.html", _work_form_context(form, work), status=status)


@login_required
@require_POST
def work_publish_view(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_work_for_editor(user=request.user, work_id=work_id)
    visibility = (
        Visibility.REGISTERED
        if request.POST.get("visibility") == Visibility.REGISTERED
        else Visibility.PUBLIC
    )
    work_post(work=work, visibility=visibility)
    messages.success(request, "Published: readers can see it now.")
    return redirect(work)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_delete_view(request: HttpRequest, work_id: int) -> HttpResponse:
    """A confirmation page, then the deletion."""
    work = get_work_for_editor(user=request.user, work_id=work_id)
    if request.method == "POST":
        work_delete(work=work)
        messages.success(request, f"“{work.title}” was deleted.")
        return redirect("works:home")
    return render(request, "works/confirm_delete.html", {"work": work, "chapter": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def chapter_new(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_work_for_editor(user=request.user, work_id=work_id)
    form = ChapterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        post = request.POST.get("action") == "post"
        try:
            chapter = chapter_create(
                work=work,
                user=_member(request),
                chapter=_chapter_data(form.cleaned_data),
                post=post,
            )
        except PostingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Chapter posted." if post else "Chapter saved as a draft.")
            return redirect(chapter)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "work": work, "chapter": None}
    return render(request, "works/chapter_form.html", context, status=status)


def _editable_chapter(request: HttpRequest, work_id: int, position: int) -> Chapter:
    work = get_work_for_editor(user=request.user, work_id=work_id)
    return get_object_or_404(Chapter, work=work, position=position)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def chapter_edit(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    chapter = _editable_chapter(request, work_id, position)
    initial = {
        "chapter_title": chapter.title, "chapter_notes_begin": chapter.notes_begin,
        "chapter_notes_end": chapter.notes_end, "text": chapter.body_html, "text_format": "html",
    }  # fmt: skip
    form = ChapterForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            chapter_update(chapter=chapter, data=_chapter_data(form.cleaned_data))
            if request.POST.get("action") == "post":
                chapter_post(chapter=chapter)
        except PostingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Chapter saved.")
            return redirect(chapter)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "work": chapter.work, "chapter": chapter}
    return render(request, "works/chapter_form.html", context, status=status)


@login_required
@require_POST
def chapter_post_view(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    chapter = chapter_post(chapter=_editable_chapter(request, work_id, position))
    messages.success(request, "Chapter posted.")
    return redirect(chapter)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def chapter_delete_view(request: HttpRequest, work_id: int, position: int) -> HttpResponse:
    chapter = _editable_chapter(request, work_id, position)
    if request.method == "POST":
        try:
            chapter_delete(chapter=chapter)
        except PostingRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(chapter)
        messages.success(request, "Chapter deleted.")
        return redirect(chapter.work)
    return render(request, "works/confirm_delete.html", {"work": chapter.work, "chapter": chapter})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def chapters_reorder_view(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_work_for_editor(user=request.user, work_id=work_id)
    chapters = list(work.chapters.order_by("position"))
    form = ReorderForm(request.POST or None, chapters=chapters)
    if request.method == "POST" and form.is_valid():
        chapters_reorder(work=work, chapter_ids=form.ordered_ids())
        messages.success(request, "Chapters reordered.")
        return redirect(work)
    status = 400 if request.method == "POST" else 200
    return render(request, "works/reorder.html", {"form": form, "work": work}, status=status)


@login_required
@require_POST
def cocreator_invite_view(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_work_for_editor(user=request.user, work_id=work_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = cocreator_invite(
                work=work, invited_by=_member(request), username=form.cleaned_data["username"]
            )
        except PostingRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{invitation.invited.username} was invited.")
    return redirect("works:edit", work_id=work.pk)


@login_required
@require_POST
def invitation_respond_view(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Only the invited member may answer; anyone else gets a 404."""
    invitation = get_object_or_404(
        CoCreatorInvitation, pk=invitation_id, invited=request.user,
        status=CoCreatorInvitation.Status.PENDING,
    )  # fmt: skip
    accept = request.POST.get("answer") == "accept"
    invitation_respond(invitation=invitation, accept=accept)
    if not accept:
        messages.success(request, "Invitation declined.")
        return redirect(_member(request))
    messages.success(request, f"You are now a creator of “{invitation.work.title}”.")
    return redirect(invitation.work)
