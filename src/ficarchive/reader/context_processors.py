from __future__ import annotations

from django.http import HttpRequest

from ficarchive.reader.preferences import ReaderPreferences
from ficarchive.reader.selectors import reader_preferences_for


def reader_preferences(request: HttpRequest) -> dict[str, ReaderPreferences]:
    """Every page needs the skin and width in its first HTML."""
    return {"reader": reader_preferences_for(request)}
