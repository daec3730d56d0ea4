"""The policy pages, and a member's download of everything the archive holds about them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ficarchive.accounts.models import User
from ficarchive.core.pagecache import cache_for_guests
from ficarchive.privacy.models import DataExport
from ficarchive.privacy.selectors import policy_page_for
from ficarchive.privacy.services import EXPORT_DAYS, ExportRefused, export_request


@require_safe
@cache_for_guests
def policy_page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "privacy/page.html", {"page": policy_page_for(slug)})


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """The page of the member's downloads; a POST asks for a new one (built by a task)."""
    user = _member(request)
    if request.method == "POST":
        try:
            export_request(user=user)
        except ExportRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Your data is being prepared: it will be listed here.")
        return redirect("privacy:export")
    exports = list(DataExport.objects.filter(user=user)[:10])
    context = {"exports": exports, "days": EXPORT_DAYS}
    return render(request, "privacy/export.html", context)


@login_required
@require_safe
def export_file(request: HttpRequest, token: str) -> FileResponse:
    """The ZIP, to its member only (anyone else: a 404, as if it did not exist)."""
    found = get_object_or_404(
        DataExport, token=token, user=_member(request), status=DataExport.Status.READY
    )
    if not found.path.exists():
        raise Http404("That download has expired")
    response = FileResponse(
        found.path.open("rb"), as_attachment=True, filename=f"ficarchive-data-{found.pk}.zip",
        content_type="application/zip",
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response
