"""Spam defences on guests' forms that need no outside service (DESIGN.md convention 15: one
owner for a small thing several apps need).

- A **honeypot**: a field people never see (off-screen, hidden from screen readers, out of
  the tab order) that form-filling robots fill in.
- A **minimum fill time**: the form carries a signed token of when its page was made; a form
  sent back sooner than `FICARCHIVE_FORM_MIN_SECONDS` was not typed by a person. Each token
  is spent by one sending. A refused form is shown again with a fresh token, so a quick
  human only has to send it once more.

Both are plain inputs rendered by `includes/human_check.html`, not form fields, so a bound
form that failed always carries a new token.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "ficarchive.core.humans"
HONEYPOT = "website"
ISSUED_FIELD = "issued"
MAX_AGE_SECONDS = 2 * 24 * 3600  # a page left open for two days is sent again once


def human_token(issued_at: float | None = None) -> str:
    """A signed token of the time a form's page was made, with a nonce that makes each one
    different (spent once)."""
    issued = round(time.time() if issued_at is None else issued_at, 1)
    return signing.dumps([issued, secrets.token_hex(8)], salt=SALT)


def token_age(token: str) -> float | None:
    """Seconds since the token was issued; None when it is not one we signed, or too old."""
    try:
        issued = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not (isinstance(issued, list) and len(issued) == 2 and isinstance(issued[0], int | float)):
        return None
    return time.time() - issued[0]


def token_spend(token: str) -> bool:
    """Each token is good for one sending (in the shared cache, so on every app server): a
    robot cannot fetch one page and send its token a thousand times."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    return bool(cache.add(f"humans:spent:{digest}", 1, timeout=MAX_AGE_SECONDS))


class HumanCheckMixin(forms.Form):
    """Put first among a guest form's bases: its `clean` refuses robots' submissions."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.data.get(HONEYPOT):
            raise forms.ValidationError("This form could not be sent.", code="honeypot")
        age = token_age(str(self.data.get(ISSUED_FIELD, "")))
        if age is None:
            raise forms.ValidationError("This form has expired: please send it again.")
        if age < settings.FICARCHIVE_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                "That was sent quicker than anyone can type: please check it and send it again.",
                code="too_quick",
            )
        if not token_spend(str(self.data.get(ISSUED_FIELD, ""))):
            raise forms.ValidationError("This form was sent already.", code="replayed")
        return cleaned

    @property
    def human_token(self) -> str:
        return human_token()
