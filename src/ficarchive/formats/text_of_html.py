"""Plain text and word counts derived from (already sanitized) HTML."""

from __future__ import annotations

import unicodedata

from lxml import html as lxml_html

_BLOCK_TAGS = {
    "p", "div", "br", "hr", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "pre", "center", "dd", "dt", "table",
}  # fmt: skip


def html_to_text(html: str) -> str:
    """The text of the HTML, one line per block, whitespace collapsed, NFC."""
    if not html.strip():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag != "br":
                element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


def count_words(text: str) -> int:
    """Words as whitespace-separated tokens, the way the import contract counts them."""
    return len(text.split())
