from __future__ import annotations

from django.http import HttpRequest

from ficarchive.accounts.models import User
from ficarchive.notifications.selectors import unread_count


def inbox(request: HttpRequest) -> dict[str, int]:
    """The unread count in every member's header, from their cache entry (no query when warm)."""
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        return {"inbox_unread": unread_count(user=user)}
    return {"inbox_unread": 0}
