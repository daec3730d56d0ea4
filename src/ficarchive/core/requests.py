"""What a view needs to know about the request beyond Django's own."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address the request came from (a key for throttling and counting, never shown)."""
    return str(request.META.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104 - a key, not a bind
