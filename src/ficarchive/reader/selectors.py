"""Reading the reader's preferences for a request."""

from __future__ import annotations

from django.http import HttpRequest

from ficarchive.reader.preferences import COOKIE_NAME, ReaderPreferences


def reader_preferences_for(request: HttpRequest) -> ReaderPreferences:
    """The account's choices for a member who saved some, else the cookie's, else defaults."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.reader_preferences:
        return ReaderPreferences.from_mapping(user.reader_preferences)
    return ReaderPreferences.from_cookie(request.COOKIES.get(COOKIE_NAME))
