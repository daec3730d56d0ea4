"""Twisting the Hellmouth (tthfanfic.org) story pages, as saved from the browser.

In #storyinnerbody: the title (h2), "by" and links to /AuthorStories-N/ pages, the series
line, the "Large Print | Handheld" links, the summary, the header table (table.verticaltable,
see tth_stats), the chapter select (select[name=chapnav], options "N. Title" valued
/Story-S-N/...), the chapter heading (h3), the text (div.storybody on newer pages; on older
ones the text stands in #storyinnerbody itself), then chapter navigation and the story's
actions. The banner, menu and footer are outside it.
"""

from __future__ import annotations

import copy
import re

from lxml.html import HtmlElement

from ficarchive.formats import conventions, tth_stats
from ficarchive.formats.flow import element_text
from ficarchive.formats.html.common import chapter_from, first, first_of
from ficarchive.formats.model import ParsedWork

_AUTHOR_LINKS = "//a[contains(@href, 'AuthorStories-')]"
_CHAPTER_VALUE = re.compile(r"Story-\d+-(\d+)")
_SUMMARY_LABEL = re.compile(r"^\s*Summary\s*:\s*", re.IGNORECASE)
# "Iron and Ivy, Chapter Four: Cold Iron - Twisting The Hellmouth": the story's title first.
_PAGE_TITLE = re.compile(
    r"^(?P<title>.+?)(?:,\s+(?:Chapter\b.*|One\s+Shot))?\s+-\s+Twisting\s+The\s+Hellmouth\s*$",
    re.IGNORECASE,
)
# What #storyinnerbody holds around the text, when no div.storybody sets the text apart.
_AROUND_TEXT = (
    "h2", "h3", "table.verticaltable", "form", "select", ".formatlinks", ".storysummary",
    ".chapternav", ".storyactions",
)  # fmt: skip


def matches(root: HtmlElement) -> bool:
    return first(root, "#storyinnerbody") is not None and (
        first(root, "table.verticaltable") is not None or bool(root.xpath(_AUTHOR_LINKS))
    )


def parse(root: HtmlElement, work: ParsedWork) -> None:
    inner = first(root, "#storyinnerbody")
    assert inner is not None
    work.source_site = tth_stats.SITE
    work.source_url = _story_url(root)
    work.title = element_text(first_of(inner, "h2")) or _title_from_page(root)
    work.creators = _authors(root)
    summary = first(inner, ".storysummary")
    if summary is not None:
        # The header table may sit inside the summary's box: only the box's own text counts.
        own = copy.deepcopy(summary)
        for table in own.cssselect("table"):
            table.drop_tree()
        work.summary = _SUMMARY_LABEL.sub("", element_text(own)) or None
    table = first(root, "table.verticaltable")
    if table is not None:
        _read_table(table, work)

    options = root.cssselect("select[name=chapnav] option")
    selected = next((o for o in options if o.get("selected") is not None), None)
    heading = element_text(first(inner, "h3"))
    is_heading, heading_title = conventions.chapter_heading(heading)
    title = (heading_title if is_heading else heading) or None
    if selected is not None:
        title = conventions.strip_numbering(element_text(selected)) or title
        if len(options) > 1:
            found = _CHAPTER_VALUE.search(selected.get("value") or "")
            work.chapter_number = int(found[1]) if found else options.index(selected) + 1
            work.story_chapters = len(options)
    if title and title.casefold() == work.title.casefold():
        title = None  # a one-shot's heading only repeats the story's title
    work.chapters = [chapter_from(_text_element(inner), title=title)]


def _story_url(root: HtmlElement) -> str | None:
    """The canonical link when the page kept one, else any of its links to the story."""
    addresses = [
        *(link.get("href") or "" for link in root.cssselect("link[rel=canonical]")),
        *(meta.get("content") or "" for meta in root.cssselect("meta[property='og:url']")),
        *(a.get("href") or "" for a in root.cssselect("#storyinnerbody a[href]")),
        *(option.get("value") or "" for option in root.cssselect("select[name=chapnav] option")),
    ]
    for address in addresses:
        if address.startswith("/"):
            address = f"https://www.{tth_stats.SITE}{address}"  # links within the site
        if found := tth_stats.story_url(address):
            return found
    return None


def _title_from_page(root: HtmlElement) -> str:
    found = _PAGE_TITLE.match(element_text(first(root, "title")))
    return found["title"].strip() if found else ""


def _authors(root: HtmlElement) -> list[str]:
    """The author links of the byline: those beside the page's first link to an author."""
    links: list[HtmlElement] = root.xpath(_AUTHOR_LINKS)
    if not links:
        return []
    byline = links[0].getparent()
    names = [element_text(a) for a in links if a.getparent() is byline]
    return [name for name in dict.fromkeys(names) if name]


def _read_table(table: HtmlElement, work: ParsedWork) -> None:
    """Column names in the th cells, values in the td cells of the row below (a copy that
    lost its names keeps the columns in the site's usual order)."""
    cells = table.cssselect("td")
    names = [element_text(th) for th in table.cssselect("th")] or (
        list(tth_stats.USUAL_COLUMNS) if len(cells) == len(tth_stats.USUAL_COLUMNS) else []
    )
    columns = dict(zip(names, (element_text(td) for td in cells), strict=False))
    paths: list[str] = []
    if "Categories" in names and names.index("Categories") < len(cells):
        cell = cells[names.index("Categories")]
        for br in cell.iter("br"):
            br.tail = "\n" + (br.tail or "")  # several categories stand on lines of their own
        paths = [p.strip() for p in re.split(r"[\n,;]", cell.text_content()) if p.strip()]
    tth_stats.apply_table(columns, work, categories=paths)


def _text_element(inner: HtmlElement) -> HtmlElement:
    """div.storybody, or a copy of #storyinnerbody without what surrounds the text."""
    body = first(inner, ".storybody")
    if body is not None:
        return body
    body = copy.deepcopy(inner)
    doomed = [found for selector in _AROUND_TEXT for found in body.cssselect(selector)]
    byline = body.xpath(".//a[contains(@href, 'AuthorStories-')]/..")
    series = [p for p in body.iter("p") if "in the series" in element_text(p)[:80]]
    links_only = [block for block in body.iter("p", "div") if _is_link_row(block)]
    for element in [*doomed, *byline[:1], *series[:1], *links_only]:
        element.drop_tree()
    return body


def _is_link_row(block: HtmlElement) -> bool:
    """Links and the separators between them ("Large Print | Handheld", "Previous Chapter |
    Next Chapter"): the page's own navigation, never the story's."""
    links = block.cssselect("a[href]")
    if not links:
        return False
    rest = element_text(block)
    for link in links:
        rest = rest.replace(element_text(link), "", 1)
    return not rest.strip(" |·•-–—/[]()")
