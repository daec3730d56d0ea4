"""The reader toolbar's endpoint: works as a plain form post, or from JavaScript at once."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ficarchive.reader.forms import PreferenceChangeForm
from ficarchive.reader.preferences import COOKIE_MAX_AGE, COOKIE_NAME
from ficarchive.reader.selectors import reader_preferences_for
from ficarchive.reader.services import reader_preferences_save


@require_POST
def change_preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceChangeForm(request.POST)
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
