"""The kosync protocol as KOReader's Progress sync plugin speaks it (koreader-sync-server).

Header auth (`x-auth-user`, `x-auth-key` = MD5 hex of an app password), JSON bodies, no
cookies, so no CSRF. Accounts are made on the site, not by the plugin: `users/create` is
refused as the reference server refuses when registration is disabled.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ficarchive.accounts.app_passwords import app_password_is_throttled, user_for_koreader_key
from ficarchive.accounts.models import User
from ficarchive.core.requests import client_ip
from ficarchive.kosync import services

CONTENT_TYPE = "application/json"
UNAUTHORIZED = (401, 2001, "Unauthorized")
INVALID = (403, 2003, "Invalid request")
NO_DOCUMENT = (403, 2004, "Field 'document' not provided.")
REGISTRATION = (
    402,
    2005,
    "User registration is disabled: make an app password in your settings on the archive "
    "and log in with your user name and that password.",
)

View = Callable[..., HttpResponse]


def _error(error: tuple[int, int, str]) -> JsonResponse:
    status, code, message = error
    return JsonResponse({"code": code, "message": message}, status=status)


def _authenticated(view: View) -> Callable[..., HttpResponse]:
    """The member the headers name, or 401; the answer is theirs alone, so no cache (a proxy's
    micro-cache, a shared one) may keep it for anyone else."""

    @wraps(view)
    @never_cache
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = str(request.headers.get("x-auth-user", ""))
        key = str(request.headers.get("x-auth-key", ""))
        address = client_ip(request)
        if app_password_is_throttled(username=username, ip_address=address):
            return _error((401, 2001, "Unauthorized: too many failed attempts, wait a while."))
        user = user_for_koreader_key(username=username, key=key, ip_address=address)
        if user is None:
            return _error(UNAUTHORIZED)
        return view(request, user, *args, **kwargs)

    return wrapped


@csrf_exempt
@require_POST
def users_create(request: HttpRequest) -> HttpResponse:
    return _error(REGISTRATION)


@csrf_exempt
@require_safe
@_authenticated
def users_auth(request: HttpRequest, user: User) -> HttpResponse:
    return JsonResponse({"authorized": "OK"})


@csrf_exempt
@require_http_methods(["PUT"])
@_authenticated
def progress_update(request: HttpRequest, user: User) -> HttpResponse:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(INVALID)
    if not isinstance(body, dict):
        return _error(INVALID)
    document = body.get("document")
    if not isinstance(document, str) or not document:
        return _error(NO_DOCUMENT)
    progress, percentage = body.get("progress"), body.get("percentage")
    if not isinstance(progress, str) or not isinstance(percentage, int | float):
        return _error(INVALID)
    row = services.progress_save(
        user=user,
        document=document,
        progress=progress,
        percentage=float(percentage),
        device=str(body.get("device") or ""),
        device_id=str(body.get("device_id") or ""),
    )
    return JsonResponse({"document": row.document, "timestamp": row.timestamp})


@csrf_exempt
@require_safe
@_authenticated
def progress_get(request: HttpRequest, user: User, document: str) -> HttpResponse:
    return JsonResponse(services.progress_get(user=user, document=document))
