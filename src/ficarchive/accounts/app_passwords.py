"""App passwords: one revocable password per e-reader or feed reader (KOReader, OPDS apps).

A member's real password never goes into a device. They make an app password on the site
(`/accounts/app-passwords/`), see it once, and type it into the device; the device sends it
with HTTP Basic (feeds) or, as KOReader's progress sync does, as the MD5 hex of it
(`x-auth-key`). What is stored is Django's slow hash of that MD5 hex, so both can be checked
and neither can be read back. Revoking deletes the row.

Only active members with a confirmed address get in. Failures are throttled per (address,
account name) and per address, with the login limits (`FICARCHIVE_LOGIN_FAILURES`, ...),
in scopes of their own so a mistyped device password does not lock the web login.
`last_used_at` is written at most once an hour, by the device requests themselves (never by
a page of the site).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from ficarchive.accounts.models import AppPassword, User
from ficarchive.accounts.services import login_name_key
from ficarchive.core.ratelimit import RateLimit
from ficarchive.core.requests import client_ip

__all__ = [
    "AppPassword",
    "app_password_create",
    "app_password_is_throttled",
    "app_password_revoke",
    "app_passwords_for",
    "basic_auth_user",
    "user_for_app_password",
    "user_for_koreader_key",
]

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
GROUPS, GROUP_LENGTH = 4, 4
MAX_PER_MEMBER = 50
TOUCH_EVERY = timedelta(hours=1)

FAILURES = RateLimit("app-password", "FICARCHIVE_LOGIN_FAILURES", "FICARCHIVE_LOGIN_WINDOW_SECONDS")
FAILURES_PER_ADDRESS = RateLimit(
    "app-password-address",
    "FICARCHIVE_LOGIN_FAILURES_PER_ADDRESS",
    "FICARCHIVE_LOGIN_WINDOW_SECONDS",
)


class TooManyAppPasswords(Exception):
    """The member already has `MAX_PER_MEMBER` app passwords."""


def _md5_hex(password: str) -> str:
    return hashlib.md5(password.encode("utf-8"), usedforsecurity=False).hexdigest()


def _lookup(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()[:4]


def _new_password() -> str:
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )


def app_passwords_for(*, user: User) -> list[AppPassword]:
    """The member's app passwords, newest first (names and dates only: nothing secret)."""
    return list(AppPassword.objects.filter(user=user))


@transaction.atomic
def app_password_create(*, user: User, name: str) -> tuple[AppPassword, str]:
    """A new app password; the clear password is returned here once and stored nowhere."""
    if AppPassword.objects.filter(user=user).count() >= MAX_PER_MEMBER:
        raise TooManyAppPasswords(
            f"You have {MAX_PER_MEMBER} app passwords: revoke one you no longer use first."
        )
    password = _new_password()
    key = _md5_hex(password)
    app_password = AppPassword.objects.create(
        user=user,
        name=name.strip()[:60] or "Device",
        lookup=_lookup(key),
        password_hash=make_password(key),
    )
    return app_password, password


@transaction.atomic
def app_passwords_revoke_all(*, user: User) -> int:
    """Every app password of the member (a suspension or ban); returns how many went."""
    deleted, _ = AppPassword.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def app_password_revoke(*, user: User, app_password_id: int) -> bool:
    """Delete one of the member's app passwords; False when it is not theirs (or gone)."""
    deleted, _ = AppPassword.objects.filter(user=user, pk=app_password_id).delete()
    return bool(deleted)


def _key_of(username: str, ip_address: str) -> str:
    return f"{ip_address}|{login_name_key(username)}"


def app_password_is_throttled(*, username: str, ip_address: str) -> bool:
    """Too many recent device-password failures by this address, for this account or any."""
    return FAILURES.exceeded(_key_of(username, ip_address)) or FAILURES_PER_ADDRESS.exceeded(
        ip_address
    )


def _user_for_key(*, username: str, key: str, ip_address: str | None) -> User | None:
    if ip_address is not None and app_password_is_throttled(
        username=username, ip_address=ip_address
    ):
        return None
    key = key.strip().lower()
    user = _check(username=username, key=key)
    if ip_address is not None:
        if user is None:
            FAILURES.record(_key_of(username, ip_address))
            FAILURES_PER_ADDRESS.record(ip_address)
        else:
            FAILURES.clear(_key_of(username, ip_address))
    return user


def _check(*, username: str, key: str) -> User | None:
    if not username or len(key) != 32:
        return None
    try:
        int(key, 16)
    except ValueError:
        return None
    user = User.objects.filter(username=username, is_active=True, email_confirmed=True).first()
    if user is None or user.is_restricted:
        return None
    for app_password in AppPassword.objects.filter(user=user, lookup=_lookup(key)):
        if check_password(key, app_password.password_hash):
            _touch(app_password)
            return user
    return None


def _touch(app_password: AppPassword) -> None:
    now = timezone.now()
    if app_password.last_used_at is None or app_password.last_used_at <= now - TOUCH_EVERY:
        AppPassword.objects.filter(pk=app_password.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY)
        ).update(last_used_at=now)
        app_password.last_used_at = now


def user_for_app_password(
    *, username: str, password: str, ip_address: str | None = None
) -> User | None:
    """The member this (account name, app password) belongs to, or None.

    With `ip_address`, failures are throttled (None while throttled, whatever the password).
    """
    return _user_for_key(username=username, key=_md5_hex(password.strip()), ip_address=ip_address)


def user_for_koreader_key(*, username: str, key: str, ip_address: str | None = None) -> User | None:
    """The member for KOReader's credentials: `key` is the MD5 hex of the app password."""
    return _user_for_key(username=username, key=key, ip_address=ip_address)


def basic_auth_user(request: HttpRequest) -> User | None:
    """The member named by the request's `Authorization: Basic` header with an app password,
    throttled per client address; None when absent, malformed, wrong or throttled."""
    header = str(request.META.get("HTTP_AUTHORIZATION", ""))
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, separator, password = decoded.partition(":")
    if not separator:
        return None
    return user_for_app_password(
        username=username, password=password, ip_address=client_ip(request)
    )
