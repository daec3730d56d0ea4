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

from ficarchive.accounts.models import User

REALM = "Ficarchive feeds"


def basic_auth_user(request: HttpRequest) -> User | None:
    """The member whose app password the request carries (none until app passwords exist)."""
    return None


def feed_user(request: HttpRequest) -> User | AnonymousUser:
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        return request.user
    return basic_auth_user(request) or AnonymousUser()


def ask_for_password() -> HttpResponse:
    """401 with the Basic challenge e-reader apps answer by asking for name and password."""
    response = HttpResponse("An app password is needed.", status=401, content_type="text/plain")
    response["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response


def feed_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD only; what a member's app password unlocks is marked private and varies
    with the Authorization header, so no shared cache hands it to anyone else."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Authorization"])
        if "HTTP_AUTHORIZATION" in request.META or request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response

    return require_safe(wrapped)
