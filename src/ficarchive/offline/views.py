"""Reading offline: the web manifest, the service worker (from the site's root, so it may
answer for every page), the saved-works page, the saved copies' status, and a logout that
clears the device's saved copies."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from ficarchive.offline.forms import SavedStatusForm
from ficarchive.offline.selectors import saved_work_versions

THEME_COLOUR = "#7a1f1f"  # the header's red, as in the favicon
BACKGROUND_COLOUR = "#fbfaf7"
# What logging out clears on the device: Cache Storage (the saved copies), IndexedDB and
# local storage, the service worker; and the HTTP cache. Cookies stay (the reader's settings).
CLEAR_SITE_DATA = '"cache", "storage"'


@require_safe
@cache_control(max_age=60 * 60)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: what an installed Ficarchive is called, looks like and opens."""
    data: dict[str, Any] = {
        "id": "/",
        "name": "Ficarchive",
        "short_name": "Ficarchive",
        "description": "A fan-fiction archive, with works saved to read offline.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("offline/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("offline/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("ficarchive/favicon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            },
        ],
        "shortcuts": [{"name": "Saved works", "url": reverse("offline:saved")}],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so its scope is the whole site; never cached long, so
    a new version reaches every device at its next visit."""
    context = {
        "static_prefix": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else f"/{settings.STATIC_URL}",
        "saved_url": reverse("offline:saved"),
        "logout_url": reverse("logout"),
        "stylesheet": static("ficarchive/site.css"),
    }
    response = HttpResponse(
        render_to_string("offline/sw.js", context),
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def saved_works(request: HttpRequest) -> HttpResponse:
    """The works saved on this device: the page is a frame, the list comes from the device
    (Cache Storage), so it shows the same offline."""
    return render(request, "offline/saved.html")


@require_safe
@never_cache
def saved_status(request: HttpRequest) -> JsonResponse:
    """The current version of each saved work the reader may still see (see
    `saved_work_versions`): the device refreshes stale copies and drops missing ones."""
    form = SavedStatusForm(request.GET)
    versions = saved_work_versions(user=request.user, work_ids=form.work_ids())
    return JsonResponse({"works": versions})


class ClearingLogoutView(auth_views.LogoutView):
    """Django's logout, which also tells the browser to drop this site's saved copies: the
    next person on the device must not read what the member saved."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
