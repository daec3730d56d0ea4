"""Sanitized HTML as XHTML that is well-formed and valid in an EPUB, whatever the author wrote.

The sanitizer (formats/sanitize.py) already keeps only safe tags and attributes; an HTML
parser accepts nestings XHTML content documents refuse (a blockquote inside <em>, an <li>
outside a list, text straight in a <ul>) and a few tags HTML5 dropped (<center>, <big>).
`to_xhtml` mends those, keeps only links that point somewhere outside the book (a relative
link would name a file the book lacks), turns remote images into their alt text (an EPUB
carries its images or none), marks scene breaks, and serializes through lxml, so every
character is escaped as XML wants it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from lxml import etree

from ficarchive.formats.sanitize import xml_safe

SCENE_BREAK_CLASS = "scene-break"

# Elements whose content model is phrasing only: one holding a block becomes a <div>.
_PHRASING_ONLY = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "em", "strong", "i", "b", "u", "s",
    "del", "ins", "sub", "sup", "small", "span", "a", "abbr", "cite", "code",
}  # fmt: skip
_BLOCKS = {
    "p", "div", "blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl",
    "li", "dt", "dd", "table", "pre",
}  # fmt: skip
_RENAMED = {"center": "div", "big": "span"}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_VALID = {
    "dir": re.compile(r"^(ltr|rtl|auto)$"),
    "start": re.compile(r"^-?\d{1,9}$"),
    "type": re.compile(r"^[1aAiI]$"),
    "colspan": re.compile(r"^[1-9]\d{0,2}$"),
    "rowspan": re.compile(r"^\d{1,4}$"),
    "scope": re.compile(r"^(row|col|rowgroup|colgroup)$"),
    "href": re.compile(r"^(https?://[^\s]+|mailto:[^\s]+)$", re.IGNORECASE),
}
_TABLE_PARTS = {"caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"}
# libxml2's HTML parser: it knows HTML's entities (&nbsp;) and never fetches anything.
_PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def to_xhtml(html: str) -> str:
    """The fragment as XHTML markup (no namespace prefix: it takes the document's)."""
    if not html.strip():
        return ""
    document = etree.fromstring(f"<div>{xml_safe(html)}</div>", _PARSER)
    root = document.find("body/div") if document is not None else None
    if root is None:
        return ""
    _mend(root, html)
    root.tail = None
    markup = etree.tostring(root, encoding="unicode", method="xml")
    # The wrapper's own tags off: "<div>" … "</div>" (or "<div/>" when nothing was left).
    return markup[5:-6] if markup.startswith("<div>") else ""


def safe_href(url: str) -> str:
    """An absolute http(s) or mailto URL with every character a URL may not hold
    percent-encoded, or "" when it is none (a reading system would refuse it)."""
    url = url.strip()
    if not _VALID["href"].match(url):
        return ""
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() in {"http", "https"} and not parts.hostname:
            return ""
    except ValueError:
        return ""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def _mend(root: etree._Element, html: str) -> None:
    # Each rare repair only when its tags are there at all: most chapters are <p>, <em>, <hr>.
    if "<!" in html or "<?" in html:
        for element in list(root.iter()):
            if not isinstance(element.tag, str):  # a comment or processing instruction
                _drop_keeping_tail(element)
    if "<center" in html or "<big" in html:
        for element in root.iter("center", "big"):
            element.tag = _RENAMED[element.tag]
    if "<img" in html:
        for element in list(root.iter("img")):
            _image_to_text(element)
    if any(tag in html for tag in ("<li", "<ul", "<ol", "<dl", "<dt", "<dd")):
        _mend_lists(root)
    if any(f"<{tag}" in html for tag in _TABLE_PARTS | {"table"}):
        _mend_tables(root)
    # Deepest first: a child that became a block makes its phrasing parent a block in turn.
    for element in reversed(list(root.iter())):
        if element is root:
            continue
        tag = element.tag
        if tag in _PHRASING_ONLY and len(element) and _holds_block(element):
            element.tag = tag = "div"
        if element.attrib:
            _clean_attributes(element)
        if tag == "hr":
            element.set("class", SCENE_BREAK_CLASS)


def _holds_block(element: etree._Element) -> bool:
    return any(child.tag in _BLOCKS or child.tag == "table" for child in element)


_GLOBAL_ATTRIBUTES = {"lang", "dir", "title"}
_TAG_ATTRIBUTES = {
    "a": {"href"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def _clean_attributes(element: etree._Element) -> None:
    """Only what the element's final tag allows, with values XHTML accepts."""
    allowed = _GLOBAL_ATTRIBUTES | _TAG_ATTRIBUTES.get(element.tag, set())
    for raw_name, raw_value in list(element.attrib.items()):
        name, value = str(raw_name), str(raw_value)
        if name not in allowed:
            keep = False
        elif name == "lang":
            keep = bool(_LANGUAGE.match(value))
        elif name in _VALID:
            keep = bool(_VALID[name].match(value.strip()))
        else:
            keep = True
        if not keep:
            del element.attrib[name]
    if (href := element.get("href")) is not None:
        safe = safe_href(str(href))
        if safe:
            element.set("href", safe)
        else:
            del element.attrib["href"]


def _image_to_text(image: etree._Element) -> None:
    alt = image.get("alt") or ""
    span = etree.Element("span")
    span.text = f"[{alt}]" if alt.strip() else "[image]"
    span.tail = image.tail
    parent = image.getparent()
    if parent is not None:
        parent.replace(image, span)


def _mend_lists(root: etree._Element) -> None:
    for element in list(root.iter()):
        parent = element.getparent()
        if element.tag == "li" and (parent is None or parent.tag not in {"ul", "ol"}):
            element.tag = "div"
        elif element.tag in {"ul", "ol"} and (
            (element.text or "").strip()
            or any(child.tag != "li" or (child.tail or "").strip() for child in element)
            or len(element) == 0
        ):
            element.tag = "div"
            for child in element:
                if child.tag == "li":
                    child.tag = "div"
        elif element.tag == "dl" and not _proper_definition_list(element):
            element.tag = "div"
            for child in element:
                if child.tag in {"dt", "dd"}:
                    child.tag = "div"
        elif element.tag in {"dt", "dd"} and (parent is None or parent.tag != "dl"):
            element.tag = "div"


def _proper_definition_list(element: etree._Element) -> bool:
    if (element.text or "").strip() or any((child.tail or "").strip() for child in element):
        return False
    kinds = "".join(
        "t" if child.tag == "dt" else "d" if child.tag == "dd" else "x" for child in element
    )
    return bool(re.fullmatch(r"(t+d+)+", kinds))


def _mend_tables(root: etree._Element) -> None:
    """A table must be a table throughout; a broken one is flattened to blocks of text."""
    for table in list(root.iter("table")):
        if not _proper_table(table):
            for element in table.iter():
                if element.tag in _TABLE_PARTS or element.tag == "table":
                    element.tag = "div"
                    for name in ("colspan", "rowspan", "scope"):
                        element.attrib.pop(name, "")
    for element in list(root.iter(*_TABLE_PARTS)):
        ancestor = element.getparent()
        while ancestor is not None and ancestor.tag != "table":
            ancestor = ancestor.getparent()
        if ancestor is None:  # a cell or row with no table around it
            element.tag = "div"
            for name in ("colspan", "rowspan", "scope"):
                element.attrib.pop(name, "")


def _proper_table(table: etree._Element) -> bool:
    def no_text(element: etree._Element) -> bool:
        return not (element.text or "").strip() and not any(
            (child.tail or "").strip() for child in element
        )

    if not no_text(table):
        return False
    order = {"caption": 0, "colgroup": 1, "thead": 2, "tbody": 3, "tr": 3, "tfoot": 4}
    seen = -1
    kinds = set()
    for part in table:
        rank = order.get(part.tag)
        if rank is None or rank < seen:
            return False
        seen = rank
        kinds.add(part.tag)
        if part.tag == "colgroup" and any(col.tag != "col" for col in part):
            return False
        if part.tag in {"thead", "tbody", "tfoot"}:
            if not no_text(part) or any(row.tag != "tr" for row in part):
                return False
            rows = list(part)
        elif part.tag == "tr":
            rows = [part]
        else:
            rows = []
        for row in rows:
            if not no_text(row) or any(cell.tag not in {"td", "th"} for cell in row):
                return False
    return not ({"tbody", "tr"} <= kinds)


def _drop_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
