"""FanFiction.Net (and FictionPress) story pages, as saved from the browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lxml.html import HtmlElement

from ficarchive.formats import conventions, ffn_stats, fields
from ficarchive.formats.html.common import chapter_from, first, text_of
from ficarchive.formats.model import ParsedWork


def matches(root: HtmlElement) -> bool:
    return first(root, "#storytext") is not None and first(root, "#profile_top") is not None


def parse(root: HtmlElement, work: ParsedWork) -> None:
    profile = first(root, "#profile_top")
    assert profile is not None
    work.source_site = "fanfiction.net"
    canonical = first(root, "link[rel=canonical]")
    if canonical is not None and canonical.get("href"):
        work.source_url = canonical.get("href")
        if "fictionpress.com" in (work.source_url or ""):
            work.source_site = "fictionpress.com"
    work.title = text_of(profile, "b.xcontrast_txt") or text_of(profile, "b")
    author = first(profile, "a[href^='/u/']")
    if author is not None:
        work.creators = [" ".join(author.text_content().split())]
    work.summary = text_of(profile, "div.xcontrast_txt") or None
    fandom_links = root.cssselect("#pre_story_links a")
    if fandom_links:
        fandom = " ".join(fandom_links[-1].text_content().split())
        work.fandoms = [name.strip() for name in re.sub(r"\s*Crossover$", "", fandom).split(" + ")]
    meta = first(profile, "span.xgray")
    if meta is not None:
        _read_meta(meta, work)
    work.source_url = work.source_url or _story_url(root, meta)
    select = first(root, "#chap_select")
    options = select.cssselect("option") if select is not None else []
    selected = next((option for option in options if option.get("selected") is not None), None)
    title = None
    if selected is not None:
        title = conventions.strip_numbering(" ".join(selected.text_content().split())) or None
        if len(options) > 1 and (selected.get("value") or "").isdigit():
            work.chapter_number = int(selected.get("value") or 0)
            work.story_chapters = len(options)
    work.chapters = [chapter_from(first(root, "#storytext"), title=title)]


def _story_url(root: HtmlElement, meta: HtmlElement | None) -> str | None:
    """The story's address from its "id: 123" stat, when the page kept no canonical link."""
    found = ffn_stats.story_id(meta.text_content() if meta is not None else "")
    if found is None:
        return None
    page_title = first(root, "title")
    on_fictionpress = page_title is not None and "FictionPress" in page_title.text_content()
    return f"https://www.{'fictionpress.com' if on_fictionpress else 'fanfiction.net'}/s/{found}"


def _read_meta(meta: HtmlElement, work: ParsedWork) -> None:
    """The stats line, with the exact dates its data-xutime stamps give."""
    text = " ".join(meta.text_content().split())
    stamps = [
        datetime.fromtimestamp(int(span.get("data-xutime")), tz=UTC).date()
        for span in meta.cssselect("span[data-xutime]")
        if (span.get("data-xutime") or "").isdigit()
    ]
    labels = [label for label in ("Updated", "Published") if f"{label}:" in text]
    ffn_stats.apply_stats(text, work, dates=dict(zip(labels, stamps, strict=False)))


def matches_mobile(root: HtmlElement) -> bool:
    """m.fanfiction.net: the story in #storycontent, its header in #content above it."""
    return first(root, "#storycontent") is not None and first(root, "#content") is not None


_CHAPTER_OF = re.compile(r"^Chapter\s+(\d+)\s+of\s+(\d+)$", re.IGNORECASE)
_MOBILE_DATES = re.compile(
    r"\b(updated|published):\s*(.+?)(?=,?\s+(?:updated|published|status):|,?\s*$)",
    re.IGNORECASE,
)
_RATING_CODE = re.compile(r"^(?:K\+?|T|M|MA)$")


def parse_mobile(root: HtmlElement, work: ParsedWork) -> None:
    """'Title by Author', the summary, 'Rated: T, English, Genre, Chars, words: 6k+, ...,
    updated: Jan 5, 2015 published: Dec 2, 2014', a 'Chapter N: Title' heading, the text."""
    content = first(root, "#content")
    assert content is not None
    work.source_site = "fanfiction.net"
    canonical = first(root, "link[rel=canonical]")
    work.source_url = canonical.get("href") if canonical is not None else None
    author = first(content, "a[href^='/u/']")
    if author is not None:
        work.creators = [" ".join(author.text_content().split())]
        heading = author.getparent()
        title = first(heading, "b") if heading is not None else None
        work.title = " ".join(title.text_content().split()) if title is not None else ""
        summary = heading.getnext() if heading is not None else None
        work.summary = " ".join(summary.text_content().split()) if summary is not None else None
    # The breadcrumb ("Anime/Manga » Naruto"): the block of links joined by "»".
    for block in root.cssselect("div"):
        links = block.cssselect("a")
        if "»" in (block.text_content() or "") and len(links) >= 2 and len(block) <= 6:
            work.fandoms = [" ".join(links[-1].text_content().split())]
            break
    for block in content.cssselect("div"):
        text = " ".join(block.text_content().split())
        if re.search(r"\bwords:", text, re.IGNORECASE) and len(text) < 600 and len(block) <= 3:
            _read_mobile_stats(text, work)
            break
    chapter_title = None
    for block in content.cssselect("div[align=center]"):
        lines = [" ".join(t.split()) for t in block.itertext() if t.strip()]
        for line in lines:
            if of := _CHAPTER_OF.match(line):
                work.chapter_number, work.story_chapters = int(of[1]), int(of[2])
            elif (heading := conventions.chapter_heading(line))[0] and chapter_title is None:
                chapter_title = heading[1] or ""
    work.chapters = [chapter_from(first(root, "#storycontent"), title=chapter_title or None)]


def _read_mobile_stats(text: str, work: ParsedWork) -> None:
    """'[Fandom, ]Rated: T, English, Genre & Genre, [A, B] C, words: 6k+, …, updated: …
    published: …[, Complete]': items between commas, a pairing's brackets kept whole."""
    work.status = "complete" if re.search(r"\bComplete\b", text) else "in-progress"
    for label, value in _MOBILE_DATES.findall(text):
        found = fields.parse_date(value)
        if label.casefold() == "updated":
            work.updated = found
        else:
            work.published = found
    work.updated = work.updated or work.published
    head = _MOBILE_DATES.sub("", text)
    items = [item.strip() for item in re.split(r",\s*(?![^\[]*\])", head) if item.strip()]
    for item in items:
        bare = item.removeprefix("Rated:").replace("Fiction", "").strip()
        if item.startswith("Rated:") or (not work.rating and _RATING_CODE.match(item)):
            work.rating = bare or None
        elif ":" in item or item == "Complete" or item in work.fandoms:
            continue
        elif not work.language and fields.language_code(item) and " " not in item:
            work.language = fields.language_code(item)
        elif ffn_stats.is_genre_list(item.replace(" & ", "/")):
            work.tags = ffn_stats.genres(item.replace(" & ", "/"))
        else:
            ffn_stats.read_characters(item.replace(" & ", ", "), work)
