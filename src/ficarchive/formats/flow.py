"""HTML to paragraph text: blocks and double line breaks become blank lines, <hr> a
scene break, emphasis survives as marks (rich.py); scripts, forms and navigation vanish."""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.html import HtmlElement

from ficarchive.formats.decode import decode_text
from ficarchive.formats.errors import FormatError
from ficarchive.formats.rich import LINE_BREAK, MARKS, TAG_FOR, strip_marks_from_source

BLOCK_TAGS = {
    "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "center",
    "section", "article", "header", "footer", "aside", "main", "table", "tr", "td", "th",
    "pre", "dd", "dt", "dl", "figure", "address", "body", "html", "caption", "tbody",
}  # fmt: skip
SKIP_TAGS = {
    "script", "style", "noscript", "select", "option", "button", "input", "textarea",
    "iframe", "object", "embed", "svg", "head", "title", "template", "form", "nav", "math",
}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Between the links of a navigation line: "Back to Fiction | Home", "« Part 1 · Part 3 »".
_NAV_SEPARATORS = re.compile(r"[\s|·•/\\:«»‹›<>\[\]()\-–—]+")
# A header table's label cell: a word or three, perhaps with a colon ("Rating", "Beta:").
_FIELD_LABEL = re.compile(r"^[^\W\d][\w ’'/&-]{0,28}:?$")
# A label row's cells hold a line each, never paragraphs or tables of their own.
_NOT_IN_A_FIELD = ("p", "div", "table", "ul", "ol", "blockquote", "h1", "h2", "h3", "br")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def decode_html(data: bytes) -> str:
    """Text of an HTML file: its declared charset when that works, else detection."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return strip_marks_from_source(
                data.decode(declared.group(1).decode("ascii"), errors="strict")
            )
        except (LookupError, UnicodeDecodeError):
            pass
    return strip_marks_from_source(decode_text(data))


def parse_document(data: bytes | str) -> HtmlElement:
    """A forgiving HTML parse (unclosed tags and all); never resolves entities or fetches."""
    text = data if isinstance(data, str) else decode_html(data)
    text = _XML_DECLARATION.sub("", text.replace("\x00", ""), count=1)
    if not text.strip():
        raise FormatError("the file has no text")
    try:
        return lxml_html.document_fromstring(text)
    except (ValueError, lxml_html.etree.ParserError) as error:
        raise FormatError(f"the HTML cannot be read: {error}") from None


def element_text(element: HtmlElement | None) -> str:
    """The element's text on one line, whitespace collapsed, no marks."""
    if element is None:
        return ""
    return " ".join(element.text_content().split())


def _is_link_only(block: HtmlElement) -> bool:
    """A short paragraph whose every word is inside a link ("Back to Fiction | Home")."""
    if block.tag not in {"p", "div", "center", "li"}:
        return False
    links = [a for a in block.iter("a") if a.get("href")]
    if not links:
        return False
    text = element_text(block)
    return 0 < len(text) <= 80 and _NAV_SEPARATORS.sub(
        "", "".join(element_text(a) for a in links)
    ) == _NAV_SEPARATORS.sub("", text)


def _label_row(row: HtmlElement) -> tuple[HtmlElement, HtmlElement] | None:
    """The (label, value) cells of a header table's row: "Title | Salt Light".

    Hand-made pages and journal posts lay out their header as a two-column table; read
    as blocks, each cell would be a paragraph of its own and the labels would be lost.
    """
    cells = [cell for cell in row if isinstance(cell.tag, str) and cell.tag in {"td", "th"}]
    if len(cells) != 2 or any(
        cell.find(f".//{tag}") is not None for cell in cells for tag in _NOT_IN_A_FIELD
    ):
        return None
    label = element_text(cells[0])
    if not _FIELD_LABEL.match(label) or not element_text(cells[1]):
        return None
    return cells[0], cells[1]


def to_marked_text(element: HtmlElement, *, skip: set[str] | None = None) -> str:
    """Blank lines between paragraphs, a marked newline for each <br>, emphasis as marks."""
    parts: list[str] = []
    skip_tags = SKIP_TAGS | (skip or set())

    def text(value: str | None) -> None:
        if value:
            parts.append(_SPACES.sub(" ", value.replace("\n", " ")))

    def walk_inline(node: HtmlElement) -> None:
        """The element's contents, without the blank lines that would end a block."""
        text(node.text)
        for child in node:
            walk(child)
            text(child.tail)

    def walk(node: HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if not tag or tag in skip_tags:
            return
        if tag == "br":
            parts.append(LINE_BREAK + "\n")
        elif tag == "hr":
            parts.append("\n\n* * *\n\n")
        elif tag == "img":
            return
        elif tag in BLOCK_TAGS and _is_link_only(node):
            return  # "Back to stories", "Next chapter": navigation inside the page
        elif tag == "tr" and (cells := _label_row(node)) is not None:
            parts.append("\n\n")
            for index, cell in enumerate(cells):
                walk_inline(cell)
                if index == 0 and not element_text(cell).endswith(":"):
                    parts.append(":")
                parts.append(" ")
            parts.append("\n\n")
        elif tag in BLOCK_TAGS:
            parts.append("\n\n")
            text(node.text)
            for child in node:
                walk(child)
                text(child.tail)
            parts.append("\n\n")
        elif tag in TAG_FOR:
            opening, closing = MARKS[TAG_FOR[tag]]
            parts.append(opening)
            text(node.text)
            for child in node:
                walk(child)
                text(child.tail)
            parts.append(closing)
        else:
            text(node.text)
            for child in node:
                walk(child)
                text(child.tail)

    walk(element)
    lines = [line.strip(" ") for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
