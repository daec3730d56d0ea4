"""Bytes to text, whatever the encoding: detect it, never crash on bytes."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from ficarchive.formats.errors import FormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes) -> str:
    """The encoding the bytes were written in; Windows-1252 when nothing fits better."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    # Old fan fiction was mostly written on Windows: prefer cp1252 when it decodes cleanly,
    # unless the detector is sure of something else (Cyrillic, CJK...).
    best = from_bytes(data[:200_000]).best()
    latin = {"cp1252", "latin_1", "iso8859_15"}
    if (
        best is not None
        and best.encoding not in latin
        and (best.coherence > 0.5 or not _decodes(data, "cp1252"))
    ):
        return best.encoding
    return "cp1252"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or '-be' for text saved as UTF-16 with no byte order mark: mostly Latin
    text then has a zero byte in every other place, and nowhere else."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


# C0 control characters other than tab and line breaks, and DEL: never part of a story.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text saved by a person has at most a few strays; binary data has one in ten or more.
MAX_CONTROL_SHARE = 0.01


def decode_text(data: bytes) -> str:
    """Text with universal newlines, NFC, and control characters gone.

    Raises FormatError when the bytes are not text at all (an image, a PDF, random data):
    more than a few characters, and more than one in a hundred, are control characters or
    could not be decoded.
    """
    text = data.decode(detect_encoding(data), errors="replace")
    text, controls = _CONTROL.subn("", text)
    undecodable = text.count("\ufffd")
    bad = controls + undecodable
    if bad > 4 and bad > MAX_CONTROL_SHARE * (len(text) + controls):
        raise FormatError("the file is not a text file (it holds binary data)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if not ("\x80" <= ch <= "\x9f"))
    return unicodedata.normalize("NFC", text)
