"""The policy pages, and a member's download of everything the archive holds about them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ficarchive.accounts.models import User
from ficarchive.core.pagecache import cache_for_guests
from ficarchive.core.ratelimit import RateLimit
from ficarchive.privacy.export import member_export_zip
from ficarchive.privacy.selectors import policy_page_for

# Exports a member may download in a day: each builds every one of their works.
EXPORTS = RateLimit("exports", "FICARCHIVE_EXPORTS_PER_DAY", 24 * 3600)


@require_safe
@cache_for_guests
def policy_page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "privacy/page.html", {"page": policy_page_for(slug)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    if request.method != "POST":
        return render(request, "privacy/export.html")
    if not EXPORTS.attempt(str(user.pk)):
        messages.error(request, "You have downloaded your data several times today; try tomorrow.")
        return redirect("privacy:export")
    data = member_export_zip(user=user, site_url=settings.FICARCHIVE_SITE_URL)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ficarchive-{user.pk}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
