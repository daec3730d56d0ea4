"""Helpers the site parsers share: select, read a block of notes, read a chapter body."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ficarchive.formats import fields, structure
from ficarchive.formats.flow import element_text, to_marked_text
from ficarchive.formats.model import ParsedChapter


def first(root: HtmlElement, selector: str) -> HtmlElement | None:
    found = root.cssselect(selector)
    return found[0] if found else None


def first_of(root: HtmlElement, *selectors: str) -> HtmlElement | None:
    """The first match of the first selector that matches anything.

    (Never `first(a) or first(b)`: an lxml element without children is falsy.)
    """
    for selector in selectors:
        found = first(root, selector)
        if found is not None:
            return found
    return None


def site_of(url: str | None) -> str | None:
    """The site a URL belongs to: 'wickwright.dreamwidth.org/1.html' gives 'dreamwidth.org'."""
    host = urlsplit(url or "").hostname or ""
    labels = host.removeprefix("www.").split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else None


def text_of(root: HtmlElement, selector: str) -> str:
    return element_text(first(root, selector))


def notes_text(element: HtmlElement | None) -> str | None:
    """A notes block as plain paragraphs separated by blank lines."""
    if element is None:
        return None
    units = structure.split_units(to_marked_text(element))
    text = "\n\n".join(unit.text for unit in units if unit.text)
    return text or None


def body_units(element: HtmlElement, *, skip: set[str] | None = None) -> list[structure.Unit]:
    return structure.drop_chrome(structure.split_units(to_marked_text(element, skip=skip)))


def chapter_from(
    element: HtmlElement | None,
    *,
    title: str | None,
    notes_begin: str | None = None,
    notes_end: str | None = None,
) -> ParsedChapter:
    """A chapter from its body element; notes found in the body join the given ones."""
    chapter = structure.read_chapter(body_units(element) if element is not None else [], title)
    chapter.notes_begin = fields.join_notes(notes_begin, chapter.notes_begin)
    chapter.notes_end = fields.join_notes(chapter.notes_end, notes_end)
    return chapter


def remove(element: HtmlElement | None) -> None:
    """Drop an element but keep its tail text in place."""
    if element is not None:
        element.drop_tree()
