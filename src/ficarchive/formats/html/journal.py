"""LiveJournal and Dreamwidth (and their clones') entry pages: a fic post with a header."""

from __future__ import annotations

import re
from datetime import date

from lxml.html import HtmlElement

from ficarchive.formats import fields, structure
from ficarchive.formats.flow import element_text
from ficarchive.formats.html.common import body_units, first, first_of, site_of
from ficarchive.formats.model import ParsedWork

CONTENT_SELECTORS = (
    ".entry-content", ".entry_text", ".asset-body", "div.entry-body", ".b-singlepost-body",
    ".entrytext", ".entry-text", "td.entry",  # S2 system styles (Generator, Component)
)  # fmt: skip
# The entry's subject line: S2 styles, LiveJournal's current pages, old S1 styles.
_TITLE_SELECTORS = (
    ".entry-title", ".b-singlepost-title", ".aentry-post__title", ".entry_subject",
    "td.caption", ".subject",
)  # fmt: skip
# The entry's own metadata lines above the post: "[Tags|fic]", "[Current Mood|…]".
_METADATA = ".currents, .ljtags, .metadata, .entry-metadata, .tag, .tags"
# The poster's name: a user link in the entry header (`.ljuser` on both sites and their clones,
# `.i-ljuser` on LiveJournal since 2015).
_POSTER_SELECTORS = (
    ".poster .ljuser b", ".poster .ljuser", ".b-singlepost-author .i-ljuser-username",
    ".i-ljuser-username", ".ljuser",
)  # fmt: skip
_JOURNAL_MARKS = (".ljuser", ".i-ljuser", ".i-ljuser-username", "#lj_controlstrip", ".b-singlepost")
_FIC_PREFIX = re.compile(r"^(?:fic|fanfic|fiction|story)\s*[:\-–]\s*", re.IGNORECASE)


def content(root: HtmlElement) -> HtmlElement | None:
    for selector in CONTENT_SELECTORS:
        found = first(root, selector)
        if found is not None:
            return found
    return None


def matches(root: HtmlElement) -> bool:
    head = element_text(first(root, "head")).casefold()
    return content(root) is not None and (
        first_of(root, *_JOURNAL_MARKS, *_TITLE_SELECTORS) is not None
        or "dreamwidth" in head
        or "livejournal" in head
    )


def prefill(root: HtmlElement, work: ParsedWork) -> list[structure.Unit]:
    """Title, poster and date from the entry around the post; returns the post's units."""
    body = content(root)
    assert body is not None
    subject = first_of(root, *_TITLE_SELECTORS)
    entry_title = _FIC_PREFIX.sub("", element_text(subject))
    link = subject.find(".//a[@href]") if subject is not None else None
    work.source_url = link.get("href") if link is not None else None
    work.source_site = site_of(work.source_url) or _journal_site(root)
    for metadata in body.cssselect(_METADATA):
        metadata.drop_tree()
    units = body_units(body)
    # The post's own "Title:" / "Author:" header wins over what the page around it says.
    header_only = ParsedWork(title="", source_format="html", chapters=[])
    structure.read_header(units, header_only)
    work.title = header_only.title or re.sub(r"\s*\([^)]*\)\s*$", "", entry_title)
    if not header_only.creators:
        poster = first_of(root, *_POSTER_SELECTORS)
        work.creators = [element_text(poster)] if poster is not None else []
    work.published = entry_date(root, body)
    return units


# Where journal styles print the entry's date: Dreamwidth's and LiveJournal's S2 styles a
# `.datetime` span, LiveJournal's current pages a `<time class="published dt-published">`,
# hAtom styles an `abbr.published` whose title holds the ISO date.
_DATE_SELECTORS = (
    "time.dt-published", "time.published", ".dt-published", "abbr.published", ".datetime",
    ".entry-date", ".entrydate", ".entry_date", ".b-singlepost-author-date", "time", "td.index",
)  # fmt: skip
_JOURNAL_SITES = {"livejournal.com", "dreamwidth.org", "insanejournal.com", "journalfen.net"}
_IN_COMMENTS = re.compile(r"comment|b-leaf|b-tree|talk", re.IGNORECASE)
# A date printed on its own is short; a longer text is a paragraph that mentions one.
_DATE_TEXT_LIMIT = 60


def entry_date(root: HtmlElement, body: HtmlElement) -> date | None:
    """The date the entry was posted, as its page prints it above (or around) the text.

    Old LiveJournal styles print it in a bare `<font>` beside the poster's name, so when
    no element is marked as a date, the first date printed above the entry text is it.
    """
    for selector in _DATE_SELECTORS:
        for element in root.cssselect(selector):
            if _in_comments(element) or _inside(element, body):
                continue
            found = fields.parse_date(
                element.get("datetime") or element.get("title") or element_text(element)
            )
            if found:
                return found
    for element in root.iter():
        if element is body:
            break
        if not isinstance(element.tag, str) or element.tag in {"script", "style", "title"}:
            continue
        text = element_text(element)
        if text and len(text) <= _DATE_TEXT_LIMIT and (found := fields.parse_date(text)):
            return found
    return None


def _journal_site(root: HtmlElement) -> str:
    """The journal's site when the subject has no permalink: the first journal link on the page."""
    for link in root.iter("a"):
        site = site_of(link.get("href"))
        if site in _JOURNAL_SITES:
            return site
    return "livejournal.com"


def _in_comments(element: HtmlElement) -> bool:
    return any(
        _IN_COMMENTS.search(f"{node.get('id', '')} {node.get('class', '')}")
        for node in element.iterancestors()
    )


def _inside(element: HtmlElement, container: HtmlElement) -> bool:
    return any(node is container for node in element.iterancestors())
