"""eFiction 3.x archives: story pages (viewstory.php?sid=N&chapter=M, one chapter) and the
printable view (viewstory.php?action=printable, one chapter or all), in any skin.

Skins move things around but keep the script's own mark-up: the title and author as links
to viewstory.php and viewuser.php (in #pagetitle in most), the story block's labels in
span.label, notes in .notes (.noteinfo), chapter headings in .chaptertitle, the text in
#story (story page) or div.chapter (printable), the chapter select in the jump menu, and
"This story archived at <url>" under a printable view.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from lxml.html import HtmlElement

from ficarchive.formats import efiction, fields, structure
from ficarchive.formats.flow import element_text
from ficarchive.formats.html.common import body_units, first, first_of
from ficarchive.formats.model import ParsedChapter, ParsedWork

_STORY_LINK = "a[href*='viewstory.php']"
_USER_LINK = "a[href*='viewuser.php']"
_NOT_FIELDS = {"notes", "noteinfo", "copyright", "adminoptions", "respond", "chapter"}
_NUMBERED_OPTION = re.compile(r"^\s*(\d{1,4})\.\s+\S")


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _labels(root: HtmlElement) -> list[HtmlElement]:
    """The story block's span.label elements (not the notes' or the disclaimer's)."""
    found = []
    for label in root.cssselect("span.label"):
        ancestors = [label, *label.iterancestors()]
        if any(_classes(a) & _NOT_FIELDS or a.get("id") in {"notes", "story"} for a in ancestors):
            continue
        if efiction.is_field_label(element_text(label)):
            found.append(label)
    return found


def matches(root: HtmlElement) -> bool:
    if first_of(root, "#story", "div.chapter") is None:
        return False
    if first(root, "#pagetitle") is not None or _archived_at(root) is not None:
        return True
    labels = {element_text(label).rstrip(": ").casefold() for label in _labels(root)}
    return len(labels & efiction.STORY_BLOCK) >= 4 and first(root, _STORY_LINK) is not None


def parse(root: HtmlElement, work: ParsedWork) -> None:
    _read_title(root, work)
    work.source_url = _archived_at(root)
    work.source_site = efiction.source_site(work.source_url)
    story_chapters = efiction.apply_fields(work, _fields(root))
    copyright_block = first_of(root, "#copyright", ".copyright")
    if copyright_block is not None:
        text = element_text(copyright_block)
        text = re.split(r"this\s+story\s+(?:is\s+)?archived\s+at", text, flags=re.IGNORECASE)[0]
        text = re.sub(r"^\s*disclaimer\s*:\s*", "", text, flags=re.IGNORECASE).strip()
        work.disclaimer = fields.join_notes(work.disclaimer, text)
    _read_parts(root, work)
    work.notes_begin, disclaimer = efiction.split_disclaimer(work.notes_begin)
    work.disclaimer = fields.join_notes(disclaimer, work.disclaimer)
    if len(work.chapters) == 1:
        _place_the_chapter(root, work, story_chapters)


def _read_title(root: HtmlElement, work: ParsedWork) -> None:
    """'Title by Author' with links to the story and the author's page (co-authors too)."""
    heading = first(root, "#pagetitle")
    if heading is None:
        for candidate in root.iter("h1", "h2", "h3", "h4", "div", "td", "p"):
            if candidate.cssselect(_USER_LINK) and candidate.cssselect(_STORY_LINK):
                heading = candidate
    if heading is None:
        return
    work.creators = [element_text(a) for a in heading.cssselect(_USER_LINK) if element_text(a)]
    title_link = first(heading, _STORY_LINK)
    text = element_text(heading)
    if title_link is not None and element_text(title_link):
        work.title = element_text(title_link)
    elif work.creators and f" by {work.creators[0]}" in text:
        work.title = text.split(f" by {work.creators[0]}")[0].strip()
    elif " by " in text:
        work.title, author = (part.strip() for part in text.rsplit(" by ", 1))
        work.creators = work.creators or [author]
    else:
        work.title = text


def _archived_at(root: HtmlElement) -> str | None:
    """The story's address from "This story archived at <url>" (printable views, footers)."""
    for link in root.cssselect(_STORY_LINK):
        href = link.get("href") or ""
        parent = link.getparent()
        around = element_text(parent) if parent is not None else ""
        if href.startswith(("http://", "https://")) and "archived at" in around.casefold():
            return href
    match = efiction.ARCHIVED_AT.search(element_text(first(root, "body")))
    return match["url"] if match else None


def _fields(root: HtmlElement) -> list[tuple[str, str]]:
    """Each label's value: the text after it up to the next label beside it."""
    fields: list[tuple[str, str]] = []
    for label in _labels(root):
        parts = [label.tail or ""]
        sibling = label.getnext()
        while sibling is not None and not (sibling.tag == "span" and "label" in _classes(sibling)):
            if sibling.tag not in {"script", "style", "form", "select"}:
                parts.append(sibling.text_content())
            parts.append(sibling.tail or "")
            sibling = sibling.getnext()
        name = " ".join(element_text(label).rstrip(": ").split()).casefold()
        fields.append((name, " ".join(" ".join(parts).split())))
    if fields:
        return fields
    # Skins that print the labels as plain text ("Categories: X; Characters: Y"): the
    # innermost block that holds most of them.
    best: list[tuple[str, str]] = []
    for block in root.iter("div", "td", "p"):
        found = [
            field
            for line in element_text(block).replace(";", "\n").split("\n")
            for field in efiction.split_fields(line.strip())
        ]
        if len({label for label, _ in found} & efiction.STORY_BLOCK) >= 3 and (
            not best or len(found) <= len(best)
        ):
            best = found
    return best


def _read_parts(root: HtmlElement, work: ParsedWork) -> None:
    """Headings, notes and chapter texts in page order: a note before a text is its
    chapter's, one after it (before the next heading) is that chapter's end note."""
    body = first(root, "body")
    if body is None:
        return
    inside: set[HtmlElement] = set()  # what a block already read holds
    title: str | None = None
    begin: str | None = None
    last: ParsedChapter | None = None
    for element in body.iter():
        if not isinstance(element.tag, str) or element in inside:
            continue
        classes = _classes(element)
        if "chaptertitle" in classes:
            title = efiction.chapter_title(element_text(element), _authors(element, work))[0]
            last = None
            inside.update(element.iterdescendants())
        elif "notes" in classes or element.get("id") == "notes":
            inside.update(element.iterdescendants())
            label, note = _note(element)
            if note is None:
                continue
            if efiction.STORY_NOTES.match(label):
                work.notes_begin = fields.join_notes(work.notes_begin, note)
            elif last is not None and (
                efiction.END_NOTES.match(label) or not efiction.BEGIN_NOTES.match(label)
            ):
                last.notes_end = fields.join_notes(last.notes_end, note)
            else:
                begin = fields.join_notes(begin, note)
        elif element.get("id") == "story" or (element.tag == "div" and "chapter" in classes):
            inside.update(element.iterdescendants())
            last = _chapter(element, title, begin)
            work.chapters.append(last)
            title = begin = None


def _authors(heading: HtmlElement, work: ParsedWork) -> list[str]:
    linked = [element_text(a) for a in heading.cssselect(_USER_LINK)]
    return [name for name in [*linked, *work.creators] if name]


def _note(element: HtmlElement) -> tuple[str, str | None]:
    """(its label, with the colon; its text) for a notes block of any skin."""
    label = first(element, ".label")
    label_text = element_text(label) if label is not None else ""
    info = first(element, ".noteinfo")
    if info is not None:
        text = element_text(info)
    else:
        text = element_text(element)
        if label_text and text.startswith(label_text):
            text = text[len(label_text) :]
    if not label_text:
        for pattern in (efiction.STORY_NOTES, efiction.END_NOTES, efiction.BEGIN_NOTES):
            if match := pattern.match(text):
                label_text, text = match[0], text[match.end() :]
                break
    if not label_text.rstrip().endswith(":"):
        label_text = label_text.rstrip() + ":"
    return label_text.strip(), text.strip() or None


def _chapter(element: HtmlElement, title: str | None, begin: str | None) -> ParsedChapter:
    units = [
        structure.Unit("* * *") if efiction.is_ornament(unit.text) else unit
        for unit in body_units(element)
        if not efiction.is_navigation(unit.text)
    ]
    chapter = structure.read_chapter(units, title)
    chapter.notes_begin = fields.join_notes(begin, chapter.notes_begin)
    return chapter


def _chapter_select(root: HtmlElement) -> list[HtmlElement]:
    """The jump menu's options ("1. Title", one per chapter), if the page has one."""
    for select in root.iter("select"):
        options: list[HtmlElement] = select.cssselect("option")
        if options and all(_NUMBERED_OPTION.match(element_text(o)) for o in options):
            return options
    return []


def _place_the_chapter(root: HtmlElement, work: ParsedWork, story_chapters: int | None) -> None:
    """Which chapter of how many a one-chapter page shows: the jump menu's selected option,
    else the heading's number, else what the Previous and Next links point at."""
    chapter = work.chapters[0]
    options = _chapter_select(root)
    selected = next((o for o in options if o.get("selected") is not None), None)
    number: int | None = None
    if selected is not None:
        match = _NUMBERED_OPTION.match(element_text(selected))
        number = int(match[1]) if match else None
        chapter.title = chapter.title or efiction.chapter_title(element_text(selected), [])[0]
    total = len(options) if len(options) > 1 else story_chapters
    if total is None or total <= 1:
        return
    if number is None:
        heading = first(root, ".chaptertitle")
        if heading is not None:
            number = efiction.chapter_title(element_text(heading), work.creators)[1]
    number = number or _number_from_links(root)
    if number is not None:
        work.chapter_number, work.story_chapters = number, total


def _number_from_links(root: HtmlElement) -> int | None:
    for selector, step in (("#prev a, a.prev, a#prev", 1), ("#next a, a.next, a#next", -1)):
        link = first(root, selector)
        query = parse_qs(urlsplit((link.get("href") or "") if link is not None else "").query)
        chapter = (query.get("chapter") or query.get("amp;chapter") or [""])[0]
        if chapter.isdigit():
            return int(chapter) + step
    return None
