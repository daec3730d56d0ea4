"""Marking the searched words in a chapter's (sanitized) HTML, so the reader lands on them."""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.html import HtmlElement


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    # Stemmed search finds "lighthouses" for "lighthouse": mark words sharing the stem.
    stems = sorted({re.escape(w[: max(4, len(w) - 2)]) for w in words if len(w) >= 2}, key=len)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(reversed(stems)) + r")\w*", re.IGNORECASE)


def highlight_html(html: str, words: list[str]) -> str:
    """The HTML with <mark> around matching words; the first one is the #match anchor."""
    pattern = _pattern(words[:12])
    if pattern is None or not html.strip():
        return html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    first = True
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag == "mark":
            continue
        for attribute in ("text", "tail"):
            if element is root and attribute == "tail":
                continue
            text = getattr(element, attribute)
            if not text or not pattern.search(text):
                continue
            pieces = pattern.split(text)
            matches = pattern.findall(text)
            setattr(element, attribute, pieces[0])
            anchor_parent = element if attribute == "text" else element.getparent()
            index = 0 if attribute == "text" else anchor_parent.index(element) + 1
            for match, after in zip(matches, pieces[1:], strict=True):
                mark: HtmlElement = lxml_html.Element("mark")
                mark.text = match
                mark.tail = after
                if first:
                    mark.set("id", "match")
                    first = False
                anchor_parent.insert(index, mark)
                index += 1
    return "".join(
        [_escape(root.text or "")]
        + [lxml_html.tostring(child, encoding="unicode") for child in root]
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
