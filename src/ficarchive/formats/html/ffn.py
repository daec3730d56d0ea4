"""FanFiction.Net (and FictionPress) story pages, as saved from the browser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from lxml.html import HtmlElement

from ficarchive.formats import conventions, structure
from ficarchive.formats.html.common import chapter_from, first, text_of
from ficarchive.formats.model import ParsedWork

_GENRES = {
    "adventure", "angst", "crime", "drama", "family", "fantasy", "friendship", "general",
    "horror", "humor", "hurt/comfort", "mystery", "parody", "poetry", "romance", "sci-fi",
    "spiritual", "supernatural", "suspense", "tragedy", "western",
}  # fmt: skip
_LABELLED = re.compile(r"^(?P<label>[A-Za-z]+):\s*(?P<value>.*)$")


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
    found = re.search(r"\bid:\s*(\d+)", meta.text_content() if meta is not None else "")
    if found is None:
        return None
    page_title = first(root, "title")
    on_fictionpress = page_title is not None and "FictionPress" in page_title.text_content()
    return f"https://www.{'fictionpress.com' if on_fictionpress else 'fanfiction.net'}/s/{found[1]}"


def _read_meta(meta: HtmlElement, work: ParsedWork) -> None:
    """'Rated: Fiction T - English - Romance/Hurt/Comfort - [A, B] C - Chapters: 3 - ...'."""
    text = " ".join(meta.text_content().split())
    stamps = [
        datetime.fromtimestamp(int(span.get("data-xutime")), tz=UTC).date()
        for span in meta.cssselect("span[data-xutime]")
        if (span.get("data-xutime") or "").isdigit()
    ]
    labels = [label for label in ("Updated", "Published") if f"{label}:" in text]
    dates: dict[str, date] = dict(zip(labels, stamps, strict=False))
    work.status = "in-progress"
    for index, item in enumerate(part.strip() for part in text.split(" - ")):
        labelled = _LABELLED.match(item)
        if labelled:
            label, value = labelled["label"].casefold(), labelled["value"]
            if label == "rated":
                work.rating = value.replace("Fiction", "").strip() or None
            elif label in {"updated", "published"}:
                found = dates.get(label.capitalize()) or structure.parse_date(value)
                if label == "updated":
                    work.updated = found
                else:
                    work.published = found
            elif label == "status" and "complete" in value.casefold():
                work.status = "complete"
        elif index == 1 and structure.language_code(item):
            work.language = structure.language_code(item)
        elif _is_genre_list(item):
            work.tags = _genres(item)
        elif item:
            _read_characters(item, work)
    work.updated = work.updated or work.published


def _is_genre_list(item: str) -> bool:
    return all(g in _GENRES for g in _genres(item, lower=True))


def _genres(item: str, *, lower: bool = False) -> list[str]:
    parts = item.replace("Hurt/Comfort", "Hurt\x00Comfort").split("/")
    genres = [part.replace("\x00", "/").strip() for part in parts if part.strip()]
    return [g.casefold() for g in genres] if lower else genres


def _read_characters(item: str, work: ParsedWork) -> None:
    """'[Ada K., Teodor] Mireille V.': pairings in brackets, everyone a character."""
    for pairing in re.findall(r"\[([^\]]+)\]", item):
        names = [name.strip() for name in pairing.split(",") if name.strip()]
        work.relationships.append("/".join(names))
        work.characters.extend(names)
    rest = re.sub(r"\[[^\]]*\]", ",", item)
    work.characters.extend(name.strip() for name in rest.split(",") if name.strip())
