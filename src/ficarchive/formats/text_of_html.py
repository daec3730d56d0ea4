"""Plain text and word counts derived from (already sanitized) HTML."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p", "div", "br", "hr", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "pre", "center", "dd", "dt", "table",
}  # fmt: skip


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._current: list[str] = []

    def _flush(self) -> None:
        line = " ".join("".join(self._current).split())
        if line:
            self.lines.append(line)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._current.append(data)


def html_to_text(html: str) -> str:
    """The text of the HTML, one line per block, whitespace collapsed, NFC."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    collector._flush()
    return unicodedata.normalize("NFC", "\n".join(collector.lines))


def count_words(text: str) -> int:
    """Words as whitespace-separated tokens, the way the import contract counts them."""
    return len(text.split())
