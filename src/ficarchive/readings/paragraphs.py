"""Stable anchors on a chapter's paragraphs, so "continue at chapter 2, paragraph 14" is a
plain link (`…/chapters/2/#p-14`) that works without JavaScript.

The paragraphs are the chapter text's <p> elements in document order, numbered from 1; the
reader's script counts them the same way. Numbered when the page is rendered (the stored HTML
stays as it was sanitized), remembered per process for the chapters read most.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import html as lxml_html


@lru_cache(maxsize=32)
def numbered_paragraphs(body_html: str) -> str:
    """The HTML with id="p-N" on its N-th paragraph."""
    if "<p" not in body_html:
        return body_html
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    for number, paragraph in enumerate(root.iter("p"), start=1):
        paragraph.set("id", f"p-{number}")
    return "".join(
        [_escape(root.text or "")]
        + [lxml_html.tostring(child, encoding="unicode") for child in root]
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
