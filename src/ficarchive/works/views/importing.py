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
from ficarchive.works.models import Visibility
from ficarchive.works.services import ImportOutcome, work_import

_IMPORT_MESSAGES = {
    ImportOutcome.IMPORTED: "Imported as a draft: check it below, then publish it.",
    ImportOutcome.UPDATED: "This story was already here: it has been updated.",
    ImportOutcome.UNCHANGED: "This story was already here, unchanged.",
}


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload one story file; it arrives as a draft to preview before publishing.

    Only moderators may import other people's stories; others get a 404.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise Http404("No such page")
    assert isinstance(request.user, User)
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
