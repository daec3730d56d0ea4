"""Bytes to text, whatever the encoding: detect it, never crash on bytes."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

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


def decode_text(data: bytes) -> str:
    """Text with universal newlines, NFC, and C1 control characters gone."""
    text = data.decode(detect_encoding(data), errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if not ("\x80" <= ch <= "\x9f"))
    return unicodedata.normalize("NFC", text.replace("\x00", ""))
