"""Archive of Our Own: work pages saved from the browser, and HTML (and EPUB) downloads."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ficarchive.formats import ao3, conventions
from ficarchive.formats.flow import element_text
from ficarchive.formats.html.common import (
    chapter_from,
    first,
    first_of,
    notes_text,
    remove,
    text_of,
)
from ficarchive.formats.model import ParsedChapter, ParsedWork

_WORK_URL = re.compile(r"/works/(\d+)")
SITE = "archiveofourown.org"


def matches_work_page(root: HtmlElement) -> bool:
    return first(root, "dl.work.meta") is not None and first(root, "#chapters") is not None


def matches_download(root: HtmlElement) -> bool:
    message = first(root, "#preface p.message")
    return message is not None and "Posted originally on the" in element_text(message)


def _work_url(href: str | None) -> str | None:
    match = _WORK_URL.search(href or "")
    return f"https://{SITE}/works/{match.group(1)}" if match else None


def _quotes_after(label: HtmlElement) -> HtmlElement | None:
    sibling = label.getnext()
    return sibling if sibling is not None and sibling.tag == "blockquote" else None


def parse_work_page(root: HtmlElement, work: ParsedWork) -> None:
    work.source_site = SITE
    entire = first_of(root, "li.chapter.entire a", "link[rel=canonical]")
    work.source_url = _work_url(entire.get("href") if entire is not None else None)
    if work.source_url is None:  # the full-work view: its chapters' and kudos' links
        links = root.cssselect("#chapters h3.title a, #workskin a, form#new_kudo, a[href]")
        addresses = (link.get("href") or link.get("action") for link in links)
        work.source_url = next((u for u in map(_work_url, addresses) if u), None)
    for dt in root.cssselect("dl.work.meta > dt"):
        dd = dt.getnext()
        if dd is None:
            continue
        label = element_text(dt).rstrip(":")
        if "stats" in (dt.get("class") or ""):
            ao3.apply_stats(work, element_text(dd))
        else:
            tags = [element_text(a) for a in dd.cssselect("a.tag")] or [element_text(dd)]
            ao3.apply_ao3_field(work, label, tags)
    preface = first_of(root, "#workskin .preface", "body")
    preface = root if preface is None else preface
    work.title = text_of(preface, "h2.title")
    work.creators = [element_text(a) for a in preface.cssselect("h3.byline a[rel=author]")] or (
        [text_of(preface, "h3.byline")] if text_of(preface, "h3.byline") else []
    )
    work.summary = notes_text(first(preface, ".summary blockquote"))
    work.notes_begin = notes_text(first(preface, ".notes blockquote"))
    work.notes_end = notes_text(first(root, "#work_endnotes blockquote"))
    chapters = root.cssselect("#chapters > div.chapter")
    shown = re.fullmatch(r"chapter-(\d+)", chapters[0].get("id") or "") if chapters else None
    if len(chapters) == 1 and shown and (work.story_chapters or 0) > 1:
        work.chapter_number = int(shown[1])  # one chapter's page of a longer work
    if chapters:
        work.chapters = [_page_chapter(chapter) for chapter in chapters]
    else:
        body = first_of(root, "#chapters > div.userstuff", "#chapters")
        work.chapters = [_body_chapter(body, title=None)]


def _page_chapter(element: HtmlElement) -> ParsedChapter:
    heading = text_of(element, "h3.title")
    title = conventions.strip_numbering(heading) if heading else None
    begin = element.cssselect(".preface .notes:not(.end) blockquote")
    end = first(element, ".end.notes blockquote")
    body = first(element, "div.userstuff")
    chapter = _body_chapter(
        body,
        title=title or None,
        notes_begin=notes_text(begin[0]) if begin else None,
        notes_end=notes_text(end),
    )
    chapter.summary = notes_text(first(element, ".preface .summary blockquote"))
    return chapter


def _body_chapter(
    body: HtmlElement | None,
    *,
    title: str | None,
    notes_begin: str | None = None,
    notes_end: str | None = None,
) -> ParsedChapter:
    if body is not None:
        for landmark in body.cssselect("h3.landmark"):
            remove(landmark)
    return chapter_from(body, title=title, notes_begin=notes_begin, notes_end=notes_end)


def parse_download(root: HtmlElement, work: ParsedWork) -> None:
    """The download template: #preface, #chapters of meta/userstuff pairs, #afterword."""
    work.source_site = SITE
    message = first(root, "#preface p.message")
    if message is not None:
        links = [a.get("href") for a in message.cssselect("a")]
        work.source_url = next((u for u in map(_work_url, links) if u), None)
    for dt in root.cssselect("#preface dl.tags > dt"):
        dd = dt.getnext()
        if dd is None:
            continue
        label = element_text(dt).rstrip(":")
        if label == "Stats":
            ao3.apply_stats(work, element_text(dd))
        else:
            ao3.apply_ao3_field(work, label, [element_text(a) for a in dd.cssselect("a")] or [
                element_text(dd)
            ])  # fmt: skip
    meta = first_of(root, "#preface .meta", "body")
    meta = root if meta is None else meta
    work.title = text_of(meta, "h1") or (text_of(message, "b") if message is not None else "")
    byline = first(meta, ".byline")
    if byline is not None:
        work.creators = [element_text(a) for a in byline.cssselect("a")] or [
            element_text(byline).removeprefix("by ").strip()
        ]
    for label in meta.cssselect("p"):
        name = element_text(label)
        if name == "Summary":
            work.summary = notes_text(_quotes_after(label))
        elif name == "Notes":
            work.notes_begin = notes_text(_quotes_after(label))
    work.notes_end = notes_text(first(root, "#afterword #endnotes blockquote"))
    work.chapters = _download_chapters(root)


def _download_chapters(root: HtmlElement) -> list[ParsedChapter]:
    container = first(root, "#chapters")
    if container is None:
        return []
    chapters: list[ParsedChapter] = []
    pending: ParsedChapter | None = None
    for element in container:
        classes = (element.get("class") or "").split()
        if "meta" in classes and "group" in classes:
            heading = text_of(element, "h2.heading")
            pending = ParsedChapter(title=conventions.strip_numbering(heading) or None)
            for label in element.cssselect("p"):
                if element_text(label) == "Chapter Notes":
                    pending.notes_begin = notes_text(_quotes_after(label))
                elif element_text(label) == "Chapter Summary":
                    pending.summary = notes_text(_quotes_after(label))
        elif "userstuff" in classes:
            chapter = _body_chapter(
                element,
                title=pending.title if pending else None,
                notes_begin=pending.notes_begin if pending else None,
            )
            chapter.summary = pending.summary if pending else None
            chapters.append(chapter)
            pending = None
        elif "meta" in classes and (element.get("id") or "").startswith("endnotes") and chapters:
            chapters[-1].notes_end = notes_text(first(element, "blockquote"))
    return chapters
