"""FanFicFare's output: its title page of labelled metadata and its chapter notes blocks."""

from __future__ import annotations

from lxml import html as lxml_html
from lxml.html import HtmlElement

from ficarchive.formats import conventions, fields, structure
from ficarchive.formats.flow import element_text
from ficarchive.formats.html.common import body_units, first, notes_text, remove, text_of
from ficarchive.formats.model import ParsedChapter, ParsedWork

# FanFicFare's labels that differ from the generic header's.
# Its "Category" is the fandom (FanFiction.Net's word); AO3's own are "AO3 Categories".
_FFF_LABELS = {**fields.HEADER_LABELS, "category": "fandom", "categories": "fandom",
               "publisher": "site", "site": "site",
               "ao3 categories": "ao3_category", "ao3categories": "ao3_category",
               "story url": "story_url", "storyurl": "story_url",
               # What the archive keeps its own way, or not at all.
               "series": "ignored", "series url": "ignored", "author url": "ignored",
               "packaged": "ignored", "chapters": "ignored",
               # AO3's tags as FanFicFare names them on its title page.
               "freeform tags": "tag", "freeformtags": "tag", "freeforms": "tag",
               "fandoms": "fandom", "ao3 warnings": "warning", "bookmark tags": "ignored",
               "comments": "ignored", "kudos": "ignored", "hits": "ignored",
               "bookmarks": "ignored", "collections": "ignored"}  # fmt: skip


def matches_single_file(root: HtmlElement) -> bool:
    """FanFicFare's one-file HTML: an h1 with an author link, chapters under #sectionNNNN."""
    return (
        first(root, "h1 a.authorlink") is not None and first(root, "a[name^=section]") is not None
    )


def parse_single_file(root: HtmlElement, work: ParsedWork) -> None:
    body = first(root, "body")
    body = root if body is None else body
    read_title_page(body, work)
    chapter_parts: list[tuple[str, list[HtmlElement]]] = []
    for element in list(body):
        anchor = element if element.tag == "a" else None
        if anchor is not None and (anchor.get("name") or "").startswith("section"):
            chapter_parts.append((element_text(anchor), []))
        elif chapter_parts:
            chapter_parts[-1][1].append(element)
    for index, (title, elements) in enumerate(chapter_parts):
        page = lxml_html.Element("div")
        for element in elements:
            page.append(element)
        work.chapters.append(read_chapter(page, first_chapter=index == 0, work=work, title=title))


def read_title_page(page: HtmlElement, work: ParsedWork) -> None:
    """'<h1|h3><a>Title</a> by <a class=authorlink>Author</a></h1|h3>', then the labelled
    fields, as 'Label: value' lines (EPUB) or table rows (one-file HTML)."""
    heading = first(page, "h3, h1")
    if heading is not None:
        links = heading.cssselect("a")
        if links:
            work.title = work.title or element_text(links[0])
            work.source_url = work.source_url or links[0].get("href")
        authors = [element_text(a) for a in heading.cssselect("a.authorlink")]
        work.creators = work.creators or authors
    rows = page.cssselect("table.full tr")
    lines = [" ".join(element_text(cell) for cell in row.cssselect("td")) for row in rows]
    for unit in [structure.Unit(line) for line in lines] or body_units(page):
        apply_title_page_field(unit.text, work)


def is_title_page_field(line: str) -> bool:
    """A 'Label: value' line of the kind FanFicFare's title page lists."""
    return ":" in line and line.split(":", 1)[0].strip().casefold() in _FFF_LABELS


def apply_title_page_field(line: str, work: ParsedWork) -> bool:
    """One 'Label: value' line of FanFicFare's title page; False when it is none."""
    key = _FFF_LABELS.get(line.split(":", 1)[0].strip().casefold()) if ":" in line else None
    label = key if key in fields.FIELD_KINDS else None
    value = line.split(":", 1)[1].strip() if ":" in line else ""
    if key == "site":
        work.source_site = value or None
    elif key == "story_url":
        work.source_url = work.source_url or value or None
    elif key == "ao3_category":
        categories = fields.split_values(value)
        work.categories.extend(c for c in categories if c not in work.categories)
    elif key == "ignored":
        pass
    elif label is not None and label not in {"title", "author"}:
        fields.apply_field(work, label, value)
    else:
        return False
    return True


def read_chapter(
    page: HtmlElement, *, first_chapter: bool, work: ParsedWork, title: str | None = None
) -> ParsedChapter:
    """A chapter file: title, head notes, text, foot notes."""
    title_meta = first(page, "meta[name=chaptertitle]")
    title = (
        title
        or (title_meta.get("content") if title_meta is not None else None)
        or text_of(page, ".fff_chapter_title")
    )
    heading = first(page, ".fff_chapter_title")
    remove(heading)
    begin, end = _notes(first(page, ".fff_head_notes")), _notes(first(page, ".fff_foot_notes"))
    if first_chapter and begin.get("work"):
        work.notes_begin = fields.join_notes(work.notes_begin, begin["work"])
    remove(first(page, ".fff_head_notes"))
    remove(first(page, ".fff_foot_notes"))
    body = first(page, ".userstuff, body")
    body = page if body is None else body
    chapter = structure.read_chapter(body_units(body), conventions.strip_numbering(title) or None)
    chapter.notes_begin = fields.join_notes(begin.get("chapter"), chapter.notes_begin)
    chapter.notes_end = fields.join_notes(chapter.notes_end, end.get("chapter") or end.get("work"))
    return chapter


def _notes(block: HtmlElement | None) -> dict[str, str]:
    """'<b>Author's Note:</b><blockquote>' is the work's; 'Notes for the Chapter:' the chapter's."""
    found: dict[str, str] = {}
    if block is None:
        return found
    for label in block.cssselect("b"):
        quote = label.getnext()
        if quote is None or quote.tag != "blockquote":
            continue
        kind = "chapter" if "chapter" in element_text(label).casefold() else "work"
        note = notes_text(quote)
        if note:
            found[kind] = fields.join_notes(found.get(kind), note) or note
    return found
