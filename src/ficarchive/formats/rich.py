"""Inline emphasis carried through plain-text processing.

Parsers classify paragraphs as plain text (is this a note? a heading?), but readers
expect the story's italics and bold to survive, and the line breaks a source drew inside a
paragraph (poetry, lyrics, letters). Both are therefore written into the text as private-use
marker characters, ignored by every classifier, stripped for the import contract's plain text
(a line break reads as a space there), and turned back into tags for the stored HTML.
"""

from __future__ import annotations

import html
import re

MARKS = {
    "em": ("\ue000", "\ue001"),
    "strong": ("\ue002", "\ue003"),
    "u": ("\ue004", "\ue005"),
    "s": ("\ue006", "\ue007"),
}
TAG_FOR = {"em": "em", "i": "em", "cite": "em", "strong": "strong", "b": "strong",
           "u": "u", "s": "s", "strike": "s", "del": "s"}  # fmt: skip
# A <br> inside a paragraph; flow.py writes it before the newline that ends the line.
LINE_BREAK = "\ue008"
_ALL_MARKS = "".join(open_ + close for open_, close in MARKS.values()) + LINE_BREAK
_STRIP = re.compile(f"[{_ALL_MARKS}]")
_EDGE_BREAKS = re.compile(f"^[\\s{LINE_BREAK}]+|[\\s{LINE_BREAK}]+$")
_BREAK_AND_SPACE = re.compile(f"\\s*{LINE_BREAK}[\\s{LINE_BREAK}]*")
_TO_HTML = {mark: f"<{tag}>" for tag, (mark, _) in MARKS.items()} | {
    mark: f"</{tag}>" for tag, (_, mark) in MARKS.items()
}


def plain(text: str) -> str:
    """The text without marks; a line break becomes a space."""
    return _STRIP.sub("", _BREAK_AND_SPACE.sub(" ", text))


def strip_marks_from_source(text: str) -> str:
    """Private-use characters in the input itself must not be read as our marks."""
    return _STRIP.sub("", text)


def rich_to_html(text: str) -> str:
    """Escaped HTML with the emphasis marks as tags, balanced even if marks are not."""
    out: list[str] = []
    open_tags: list[str] = []
    text = _BREAK_AND_SPACE.sub(LINE_BREAK, _EDGE_BREAKS.sub("", text))
    for char in text:
        tag = _TO_HTML.get(char)
        if char == LINE_BREAK:
            out.append("<br>")
        elif tag is None:
            out.append(html.escape(char, quote=False))
        elif not tag.startswith("</"):
            open_tags.append(tag[1:-1])
            out.append(tag)
        elif tag[2:-1] in open_tags:
            name = tag[2:-1]
            while open_tags:
                last = open_tags.pop()
                out.append(f"</{last}>")
                if last == name:
                    break
    out.extend(f"</{name}>" for name in reversed(open_tags))
    return re.sub(r"<(em|strong|u|s)>(\s*)</\1>", r"\2", "".join(out))
