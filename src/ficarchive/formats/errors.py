from __future__ import annotations


class FormatError(Exception):
    """The one error a parser raises: the input is not a work it can read.

    The message is one clear line for the person importing.
    """
