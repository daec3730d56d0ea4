"""LiveJournal and Dreamwidth (and their clones') entry pages: a fic post with a header."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ficarchive.formats import structure
from ficarchive.formats.flow import element_text
from ficarchive.formats.html.common import body_units, first, first_of, site_of, text_of
from ficarchive.formats.model import ParsedWork

CONTENT_SELECTORS = (".entry-content", ".entry_text", ".asset-body", "div.entry-body")
_FIC_PREFIX = re.compile(r"^(?:fic|fanfic|fiction|story)\s*[:\-–]\s*", re.IGNORECASE)


def content(root: HtmlElement) -> HtmlElement | None:
    for selector in CONTENT_SELECTORS:
        found = first(root, selector)
        if found is not None:
            return found
    return None


def matches(root: HtmlElement) -> bool:
    return content(root) is not None and (
        first(root, ".ljuser") is not None
        or first(root, "#lj_controlstrip") is not None
        or "dreamwidth" in element_text(first(root, "head")).casefold()
        or first(root, ".entry-title") is not None
    )


def prefill(root: HtmlElement, work: ParsedWork) -> list[structure.Unit]:
    """Title, poster and date from the entry around the post; returns the post's units."""
    body = content(root)
    assert body is not None
    entry_title = _FIC_PREFIX.sub("", text_of(root, ".entry-title"))
    link = first(root, ".entry-title a")
    work.source_url = link.get("href") if link is not None else None
    work.source_site = site_of(work.source_url) or "livejournal.com"
    units = body_units(body)
    # The post's own "Title:" / "Author:" header wins over what the page around it says.
    header_only = ParsedWork(title="", source_format="html", chapters=[])
    structure.read_header(units, header_only)
    work.title = header_only.title or re.sub(r"\s*\([^)]*\)\s*$", "", entry_title)
    if not header_only.creators:
        poster = first_of(root, ".poster .ljuser b", ".poster .ljuser", ".ljuser")
        work.creators = [element_text(poster)] if poster is not None else []
    work.published = structure.parse_date(text_of(root, ".datetime"))
    return units
