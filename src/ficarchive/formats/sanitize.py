"""The HTML allowlist every piece of user or imported HTML passes through (nh3)."""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "i", "b", "u", "s", "del", "ins", "sub", "sup", "small", "big",
    "blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "abbr", "cite", "code", "pre", "span", "div", "center",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang", "dir"},
}

_URL_SCHEMES = {"http", "https", "mailto"}

# What XML 1.0 cannot hold (C0 controls but tab, newline and CR; U+FFFE, U+FFFF; lone
# surrogates): lxml refuses such strings, so user text loses them before it is stored.
XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    # Images only over https: no mixed content, no data: or tracking over http.
    if element == "img" and attribute == "src" and not value.lower().startswith("https://"):
        return None
    return value


def xml_safe(text: str) -> str:
    """The text without the characters XML cannot hold (the plain-text half of sanitizing)."""
    return XML_INCOMPATIBLE.sub("", text)


def sanitize_html(html: str) -> str:
    """Keep only the allowlisted tags and attributes; links get rel="nofollow noopener"."""
    if not html:
        return ""
    # After cleaning too: character references (&#1;) decode to the same characters.
    cleaned = nh3.clean(
        xml_safe(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow noopener",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    return xml_safe(cleaned).strip()
