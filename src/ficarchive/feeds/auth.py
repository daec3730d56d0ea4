"""Who reads a feed: a signed-in member, or an e-reader app or feed reader sending a member's
app password with HTTP Basic; everyone else is a guest."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from ficarchive.accounts.app_passwords import basic_auth_user
from ficarchive.accounts.models import User
from ficarchive.core.replica import reading_from_replica, replica_allowed

REALM = "Ficarchive feeds"


def feed_user(request: HttpRequest) -> User | AnonymousUser:
    """The reader, decided once per request: an app password is checked against its hash
    (and throttled) only once, however many lists the feed asks for."""
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        return request.user
    known: User | AnonymousUser | None = getattr(request, "_feed_user", None)
    if known is None:
        known = basic_auth_user(request) or AnonymousUser()
        request._feed_user = known  # type: ignore[attr-defined]
    return known


def ask_for_password() -> HttpResponse:
    """401 with the Basic challenge e-reader apps answer by asking for name and password."""
    response = HttpResponse("An app password is needed.", status=401, content_type="text/plain")
    response["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response


def feed_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD only; what a member's app password unlocks is marked private and varies
    with the Authorization header, so no shared cache hands it to anyone else. With a read
    replica, the feed reads from it, once the reader is known (on the primary)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if replica_allowed(request):
            feed_user(request)
            with reading_from_replica():
                response = view(request, *args, **kwargs)
        else:
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Authorization"])
        if "HTTP_AUTHORIZATION" in request.META or request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response

    return require_safe(wrapped)
