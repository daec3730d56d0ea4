"""Plain text: a metadata header like AO3's, then the chapters, wrapped at 78 columns with
a blank line between paragraphs, and scene breaks as a centred mark."""

from __future__ import annotations

import textwrap

from lxml import html as lxml_html

from ficarchive.formats.export.book import Book
from ficarchive.formats.sanitize import xml_safe

WIDTH = 78
_BLOCKS = {
    "p", "div", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd",
    "tr", "center", "table", "ul", "ol", "dl",
}  # fmt: skip
_SCENE_BREAK = "*  *  *".center(WIDTH).rstrip()


def html_paragraphs(html: str) -> list[str]:
    """The HTML's text, one string per block; a scene break is the mark."""
    if not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    marker = "\u2042\u2042\u2042"  # no author writes three asterisms as a paragraph
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "hr":
            element.tail = f"\n{marker}\n" + (element.tail or "")
        elif element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCKS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    paragraphs = []
    for block in root.text_content().split("\n\n"):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        for line in (line for line in lines if line):
            paragraphs.append(_SCENE_BREAK if line == marker else line)
    return paragraphs


def _wrap(paragraphs: list[str], indent: str = "") -> str:
    return "\n\n".join(
        p
        if p == _SCENE_BREAK
        else textwrap.fill(p, WIDTH, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )


def build_txt(book: Book) -> bytes:
    """The work as UTF-8 text (with a BOM-free, LF-ended body)."""
    header = [book.display_title, f"by {book.byline}", "", book.url]
    if book.source_url:
        header.append(f"Source: {book.source_url}")
    header.append("")
    for label, values in book.metadata:
        header.append(textwrap.fill(f"{label}: {', '.join(values)}", WIDTH, subsequent_indent="  "))
    parts = ["\n".join(header)]
    if book.summary_html:
        parts.append("Summary:\n\n" + _wrap(html_paragraphs(book.summary_html), "  "))
    if book.notes_begin:
        parts.append("Notes:\n\n" + _wrap(html_paragraphs(book.notes_begin), "  "))
    for chapter in book.chapters:
        rule = "=" * min(len(chapter.title), WIDTH)
        section = [f"{chapter.title}\n{rule}"]
        if chapter.notes_begin:
            section.append("Chapter notes:\n\n" + _wrap(html_paragraphs(chapter.notes_begin), "  "))
        section.append(_wrap(html_paragraphs(chapter.body_html)))
        if chapter.notes_end:
            section.append(
                "Chapter end notes:\n\n" + _wrap(html_paragraphs(chapter.notes_end), "  ")
            )
        parts.append("\n\n".join(s for s in section if s))
    if book.notes_end:
        parts.append("End notes:\n\n" + _wrap(html_paragraphs(book.notes_end), "  "))
    return (xml_safe("\n\n\n".join(parts)) + "\n").encode("utf-8")
