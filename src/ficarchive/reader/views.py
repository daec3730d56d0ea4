"""The reader toolbar's endpoint: a plain link or form (GET), or from JavaScript at once.

GET, so the toolbar needs no CSRF token and a reading page stays the same for every guest
(the guest page cache); it changes only the visitor's own display settings. POST still works.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ficarchive.reader.forms import PreferenceChangeForm
from ficarchive.reader.preferences import COOKIE_MAX_AGE, COOKIE_NAME
from ficarchive.reader.selectors import reader_preferences_for
from ficarchive.reader.services import reader_preferences_save


@require_http_methods(["GET", "POST"])
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
        target = form.cleaned_data["next"]
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        response = redirect(target if safe and target else "/")
    response.set_cookie(
        COOKIE_NAME,
        preferences.to_cookie(),
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
