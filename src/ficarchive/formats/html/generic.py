"""Any other page: find the element holding the story, then read it like text."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ficarchive.formats.flow import SKIP_TAGS, element_text
from ficarchive.formats.model import ParsedWork

# How fan sites title a story's page: "Salt Light - an X-Files story by Delphine Marchetti",
# "Salt Light, a Buffy fic by D.", "Salt Light by Delphine Marchetti".
_PAGE_CREDIT = re.compile(
    r"^(?P<title>\S.*?)\s*(?:[-–—:|,]\s*(?:an?\s+(?P<fandom>\S.*?)\s+)?"
    r"(?:story|fic|fanfic|fan\s+fiction|poem|drabble|ficlet|vignette)\s+)?by\s+(?P<author>\S.{0,80})$",
    re.IGNORECASE,
)
_NOT_CONTENT = ("comment", "sidebar", "footer", "header", "menu", "nav", "share", "review")


def main_content(root: HtmlElement) -> HtmlElement:
    """The element whose own paragraphs hold the most text (a simple readability score)."""
    body = root.find("body")
    if body is None:
        return root
    best, best_score = body, 0.0
    # The body itself competes: hand-made pages write the story straight into it.
    for element in body.iter("body", "div", "article", "main", "section", "td", "blockquote"):
        marker = f"{element.get('id', '')} {element.get('class', '')}".casefold()
        if any(word in marker for word in _NOT_CONTENT):
            continue
        own_text = len(" ".join((element.text or "").split()))
        for child in element:
            if not isinstance(child.tag, str) or child.tag in SKIP_TAGS:
                continue
            if child.tag in {"p", "br", "em", "i", "b", "strong", "span", "font", "hr"}:
                own_text += len(element_text(child))
            own_text += len(" ".join((child.tail or "").split()))
        links = sum(len(element_text(a)) for a in element.iter("a"))
        score = own_text - links * 0.5
        if score > best_score:
            best, best_score = element, score
    return best


def page_title(root: HtmlElement) -> str:
    for selector in ("h1", "title"):
        found = root.find(f".//{selector}")
        if found is not None and element_text(found):
            return element_text(found)
    return ""


def credit_from_page_title(root: HtmlElement, work: ParsedWork) -> None:
    """Title, author and fandom from the page's heading when the text named none."""
    heading = page_title(root)
    match = _PAGE_CREDIT.match(heading)
    if match is None:
        work.title = work.title or heading
        return
    work.title = work.title or match["title"]
    work.creators = work.creators or [match["author"].strip()]
    if match["fandom"] and not work.fandoms:
        work.fandoms = [match["fandom"]]
