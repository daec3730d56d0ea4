"""What authors type or paste: rich HTML, Markdown or plain text, as (unsanitized) HTML.

The caller sanitizes: every path ends in sanitize_html before anything is stored.
"""

from __future__ import annotations

import html
import re
from typing import Literal

from markdown_it import MarkdownIt

TextFormat = Literal["html", "markdown", "plain"]
FORMATS: dict[str, str] = {
    "html": "Rich text (HTML, or pasted from a word processor)",
    "markdown": "Markdown",
    "plain": "Plain text (a blank line between paragraphs)",
}
_MARKDOWN = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})


def text_to_html(text: str, text_format: str) -> str:
    """HTML for the text as the author wrote it."""
    if text_format == "markdown":
        rendered: str = _MARKDOWN.render(text)
        return rendered
    if text_format == "plain":
        paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
        return "\n".join(
            "<p>" + "<br>".join(html.escape(line.strip()) for line in p.split("\n")) + "</p>"
            for p in paragraphs
            if p.strip()
        )
    return text
