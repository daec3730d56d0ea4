"""eFiction archives' printable story view (viewstory.php?action=printable)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ficarchive.formats import conventions, structure
from ficarchive.formats.flow import element_text
from ficarchive.formats.html.common import chapter_from, first, first_of, notes_text
from ficarchive.formats.model import ParsedChapter, ParsedWork

# eFiction's categories are the archive's own sections, not fandoms: kept as tags.
_EFICTION_LABELS = {**structure.HEADER_LABELS, "categories": "tag", "category": "tag"}
_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ']{0,30}):\s*$")


def matches(root: HtmlElement) -> bool:
    return first(root, "#pagetitle") is not None and (
        first(root, ".chaptertitle") is not None or first(root, ".infobox") is not None
    )


def parse(root: HtmlElement, work: ParsedWork) -> None:
    pagetitle = first(root, "#pagetitle")
    assert pagetitle is not None
    links = pagetitle.cssselect("a")
    work.title = element_text(links[0]) if links else element_text(pagetitle)
    work.creators = [element_text(a) for a in links if "viewuser" in (a.get("href") or "")]
    archived = first(root, "#archivedat a")
    if archived is not None:
        work.source_url = archived.get("href")
        work.source_site = urlsplit(work.source_url or "").hostname
    work.disclaimer = element_text(first(root, "#copyright")).removeprefix("Disclaimer:").strip()
    work.disclaimer = work.disclaimer or None
    infobox = first_of(root, ".infobox .content", ".infobox")
    if infobox is not None:
        _read_infobox(infobox, work)
    _read_chapters(root, work)


def _read_infobox(infobox: HtmlElement, work: ParsedWork) -> None:
    """Each span.label names the field; the text up to the next label is its value."""
    fields: list[tuple[str, list[str]]] = []
    for node in infobox.iter():
        if node is infobox:
            continue
        if "label" in (node.get("class") or "").split():
            fields.append((element_text(node).rstrip(":").strip(), [node.tail or ""]))
            continue
        if fields and node.getparent() is infobox:
            fields[-1][1].append(node.text_content() + (node.tail or ""))
    for label, parts in fields:
        key = _EFICTION_LABELS.get(label.casefold())
        value = " ".join(" ".join(parts).split())
        if key is not None:
            structure.apply_field(work, key, value)


def _read_chapters(root: HtmlElement, work: ParsedWork) -> None:
    current: ParsedChapter | None = None
    for element in root.cssselect("body")[0].iter("div"):
        classes = (element.get("class") or "").split()
        if "chaptertitle" in classes:
            heading = (element.text_content() or "").strip()
            author_suffix = f" by {work.creators[0]}" if work.creators else ""
            heading = " ".join(heading.split()).removesuffix(
                author_suffix.strip() and author_suffix
            )
            current = ParsedChapter(title=conventions.strip_numbering(heading) or None)
        elif "notes" in classes:
            label = element_text(first(element, ".label")).casefold()
            note = notes_text(first(element, ".noteinfo"))
            if current is None:
                work.notes_begin = structure.join_notes(work.notes_begin, note)
            elif "end" in label and work.chapters:
                work.chapters[-1].notes_end = structure.join_notes(
                    work.chapters[-1].notes_end, note
                )
            else:
                current.notes_begin = structure.join_notes(current.notes_begin, note)
        elif "chapter" in classes:
            chapter = chapter_from(
                element,
                title=current.title if current else None,
                notes_begin=current.notes_begin if current else None,
            )
            work.chapters.append(chapter)
            current = ParsedChapter()
