"""The one login throttle, in the authentication backend so every login path shares it."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from ficarchive.accounts.models import User
from ficarchive.accounts.services import (
    login_failure_record,
    login_failures_clear,
    login_is_throttled,
)
from ficarchive.core.requests import client_ip


class ThrottledModelBackend(ModelBackend):
    """Django's password check, refused while this visitor has failed too often.

    The account form, the admin and any later login path call `authenticate()`, which lands
    here: failures are counted per (visitor address, normalized account name) and per address,
    and a refusal is a `PermissionDenied`, which `authenticate()` treats as a failed login.
    A login from code (no request) is not a visitor and is not throttled.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if request is None:
            return super().authenticate(request, username, password, **kwargs)
        name = str(username or "")
        address = client_ip(request)
        if login_is_throttled(username=name, ip_address=address):
            raise PermissionDenied
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            login_failure_record(username=name, ip_address=address)
        else:
            login_failures_clear(username=name, ip_address=address)
        return user

    def user_can_authenticate(self, user: Any) -> bool:
        """Not while suspended or banned. Django asks this on every request of a session
        too (`get_user`), so a suspension signs the member out everywhere at once."""
        restricted = bool(getattr(user, "is_restricted", False))
        return super().user_can_authenticate(user) and not restricted

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        """The same throttle for an async login path."""
        return await sync_to_async(self.authenticate)(request, username, password, **kwargs)
