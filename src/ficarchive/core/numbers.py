"""The one reader of whole numbers typed by people: searches, list filters, menus.

ASCII digits only (str.isdigit and int() also take ², ① and other scripts' digits), and no
number past MAX_NUMBER, which every integer column and the search index can hold.
"""

from __future__ import annotations

from typing import Any

from django import forms

MAX_NUMBER = 2**31 - 1


class NumberError(ValueError):
    """Not a whole number we can use; the message says why, for the reader."""


def parse_number(text: str) -> int:
    """The whole number written in ASCII digits, at most MAX_NUMBER; NumberError otherwise."""
    digits = text.strip()
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise NumberError("Write a whole number with the digits 0–9.")
    if len(digits) > len(str(MAX_NUMBER)) or int(digits) > MAX_NUMBER:
        raise NumberError(f"That number is too large (at most {MAX_NUMBER:,}).")
    return int(digits)


class NumberField(forms.IntegerField):
    """An IntegerField that reads numbers with parse_number (0 to MAX_NUMBER)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_NUMBER)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return parse_number(str(value))
        except NumberError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
