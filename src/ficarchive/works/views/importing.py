"""Uploading a story file in the web UI (moderators until members import their own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ficarchive.accounts.models import User
from ficarchive.formats import FormatError, parse
from ficarchive.works.forms import ImportForm
from ficarchive.works.matching import work_import_match
from ficarchive.works.models import Visibility, Work
from ficarchive.works.selectors import get_work_for_editor
from ficarchive.works.services import (
    ImportOutcome,
    work_import,
    work_import_merge,
)

_IMPORT_MESSAGES = {
    ImportOutcome.IMPORTED: "Imported as a draft: check it below, then publish it.",
    ImportOutcome.UPDATED: "This story was already here: it has been updated.",
    ImportOutcome.UNCHANGED: "This story was already here, unchanged.",
}


def _moderator(request: HttpRequest) -> User | None:
    """The moderator making this request; None when it should go to the login page, a 404
    for members who are not moderators."""
    if not request.user.is_authenticated:
        return None
    if not request.user.is_staff:
        raise Http404("No such page")
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload one story file; it arrives as a draft to preview before publishing.

    Only moderators may import other people's stories; others get a 404.
    """
    moderator = _moderator(request)
    if moderator is None:
        return redirect_to_login(request.get_full_path())
    form = ImportForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        upload_name, data = form.cleaned_data["file"]
        try:
            parsed = parse(data, name=upload_name)
        except FormatError as refusal:
            error = f"{upload_name}: {refusal}"
        else:
            # Always a new draft: an existing work changes only when the moderator says so.
            result = work_import(
                parsed=parsed,
                visibility=Visibility.DRAFT,
                imported_by=moderator,
                update_existing=False,
            )
            messages.success(request, _IMPORT_MESSAGES[result.outcome])
            if result.match is not None:
                return redirect("works:import_match", work_id=result.work.pk)
            return redirect(result.work)
    status = 400 if request.method == "POST" else 200
    return render(request, "works/import.html", {"form": form, "error": error}, status=status)


def _work_summary(work: Work) -> dict[str, object]:
    return {
        "work": work,
        "creators": ", ".join(creator.name for creator in work.ordered_creators),
        "chapters": work.chapters.count(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def import_match(request: HttpRequest, work_id: int) -> HttpResponse:
    """An imported draft that matches an existing work: both side by side, and the choice to
    update the existing work with the draft's text or keep the draft as a separate work."""
    moderator = _moderator(request)
    if moderator is None:
        return redirect_to_login(request.get_full_path())
    draft = get_work_for_editor(user=moderator, work_id=work_id)
    if not draft.is_draft:
        raise Http404("No such page")
    match = work_import_match(work=draft)
    if match is None:
        return redirect(draft)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "update":
            work = work_import_merge(draft=draft, into=match.work)
            messages.success(request, "The existing work was updated with the uploaded file.")
            return redirect(work)
        if action == "separate":
            messages.success(request, "Kept as a separate work: a draft until you publish it.")
            return redirect(draft)
    context = {
        "kind": match.kind.value,
        "same_story": match.same_story,
        "draft": _work_summary(draft),
        "existing": _work_summary(match.work),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "works/import_match.html", context, status=status)
