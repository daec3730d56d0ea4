"""Pure-Python formats: parsers that turn files into ParsedWork, and the HTML sanitizer.

Nothing here knows the database.
"""

from __future__ import annotations

from ficarchive.formats.errors import FormatError
from ficarchive.formats.model import Block, ParsedChapter, ParsedWork
from ficarchive.formats.registry import parse

__all__ = ["Block", "FormatError", "ParsedChapter", "ParsedWork", "parse"]
