from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from ficarchive.accounts.models import User
from ficarchive.reader.preferences import ReaderPreferences


def reader_preferences_save(*, user: User | AnonymousUser, preferences: ReaderPreferences) -> None:
    """Members keep their choices on the account too, so they follow them across devices."""
    if isinstance(user, User):
        user.remember_reader_preferences(preferences.to_mapping())
