"""eFiction's text as clean HTML: pure functions, no database.

Archives hold HTML fragments (Word mark-up, `&nbsp;` spacing, the odd `<script>`) or plain
text with newlines; bytes in UTF-8 with or without a BOM, Windows-1252, or UTF-8 read once as
Latin-1 and stored again ("Ã©" for "é").
"""

from __future__ import annotations

import html
import re

from ficarchive.formats.decode import decode_text
from ficarchive.formats.errors import FormatError
from ficarchive.formats.sanitize import sanitize_html

# Mojibake's tell-tale pairs: a UTF-8 lead byte read as Latin-1/Windows-1252 then a
# continuation byte ("Ã©", "Â ", "â€™").
_MOJIBAKE = re.compile(
    "[ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîï][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
)


def _as_bytes_read_wrongly(text: str) -> bytes | None:
    """The bytes that, read as Windows-1252 (MySQL's "latin1"), gave this text."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            out.append(ord(char))  # the five bytes cp1252 leaves undefined pass through
    return bytes(out)


def undo_mojibake(text: str) -> str:
    """UTF-8 that was read as Latin-1 and stored again, read right; other text unchanged."""
    if not _MOJIBAKE.search(text):
        return text
    raw = _as_bytes_read_wrongly(text)
    if raw is None:
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def decode(data: bytes) -> str:
    """Bytes from a file or a column as text, whatever they were written in."""
    if not data:
        return ""
    try:
        text = decode_text(data)
    except FormatError:
        text = data.decode("utf-8", errors="replace")
    return undo_mojibake(text)


_WORD_JUNK = (
    re.compile(r"<!--\[if.*?<!\[endif\]-->", re.S | re.I),  # Word's conditional comments
    re.compile(r"<(xml|style|script|head|title)\b.*?</\1\s*>", re.S | re.I),
    re.compile(r"</?[a-z]+:[a-z0-9]+\b[^>]*>", re.I),  # <o:p>, <w:WordDocument>, <st1:place>
)
_NBSP = re.compile(r"&nbsp;?|&#160;|&#xa0;|\xa0", re.I)
_BLOCKS = re.compile(r"<(p|br|div|table|blockquote|h[1-6]|ul|ol|pre|hr|center)\b", re.I)
_EMPTY = re.compile(r"<(p|div|span|center)>(\s|<br>)*</\1>")


def _paragraphs(text: str) -> str:
    """Plain text (maybe with inline tags) as paragraphs: blank lines part paragraphs and
    single newlines break lines; text with no blank line at all has a paragraph per line."""
    text = text.strip()
    if re.search(r"\n\s*\n", text):
        blocks = [b.strip().split("\n") for b in re.split(r"\n\s*\n", text)]
        return "\n".join("<p>" + "<br>".join(line.strip() for line in b) + "</p>" for b in blocks)
    return "\n".join(f"<p>{line.strip()}</p>" for line in text.split("\n") if line.strip())


def story_html(text: str) -> str:
    """Chapter text, notes, a summary or a review as sanitized HTML."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for junk in _WORD_JUNK:
        text = junk.sub("", text)
    text = _NBSP.sub(" ", text)  # indents and spacers: HTML spaces them itself
    text = re.sub(r"[ \t]{2,}", " ", text)
    if not _BLOCKS.search(text):
        text = _paragraphs(text)
    cleaned = sanitize_html(text)
    previous = None
    while previous != cleaned:  # <p><span> </span></p> empties in two passes
        previous, cleaned = cleaned, _EMPTY.sub("", cleaned)
    return "\n".join(line for line in cleaned.split("\n") if line.strip())


def plain_title(text: str) -> str:
    """A title or a name: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", text)).replace("\xa0", " ").split())
