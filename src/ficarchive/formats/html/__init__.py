"""HTML pages: one parser per site, picked by the page's own structure, else generic."""

from __future__ import annotations

from ficarchive.formats import structure
from ficarchive.formats.errors import FormatError
from ficarchive.formats.flow import parse_document, to_marked_text
from ficarchive.formats.html import ao3, efiction, fanficfare, ffn, generic, journal
from ficarchive.formats.html.common import first, first_of
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.text import parse_units


class HtmlParser:
    def parse(self, data: bytes, *, fallback_title: str) -> ParsedWork:
        root = parse_document(data)
        work = ParsedWork(title="", source_format="html", chapters=[])
        if ffn.matches(root):
            ffn.parse(root, work)
        elif ao3.matches_work_page(root):
            ao3.parse_work_page(root, work)
        elif ao3.matches_download(root):
            ao3.parse_download(root, work)
        elif efiction.matches(root):
            efiction.parse(root, work)
        elif first_of(root, "a.authorlink", ".fff_titlepage") is not None:
            return _parse_fanficfare_page(root, work, fallback_title)
        elif journal.matches(root):
            units = journal.prefill(root, work)
            return parse_units(units, "html", fallback_title=fallback_title, work=work)
        else:
            content = generic.main_content(root)
            units = structure.split_units(to_marked_text(content))
            work.title = ""
            parsed = parse_units(units, "html", fallback_title=fallback_title, work=work)
            if parsed.title == fallback_title and generic.page_title(root):
                parsed.title = generic.page_title(root)
            return parsed
        if not any(chapter.blocks or chapter.notes_begin for chapter in work.chapters):
            raise FormatError("no story text found")
        return structure.finish(work, fallback_title=fallback_title)


def _parse_fanficfare_page(root, work: ParsedWork, fallback_title: str) -> ParsedWork:  # type: ignore[no-untyped-def]
    """FanFicFare's single-file HTML: its title block, then chapters under headings."""
    body = root.find("body")
    title_block = first(root, "h3") if body is not None else None
    if title_block is not None:
        fanficfare.read_title_page(title_block.getparent(), work)
    units = structure.split_units(to_marked_text(body if body is not None else root))
    rest = [u for u in units if structure.header_label(u.text) is None]
    while rest and (rest[0].text.startswith(work.title) or rest[0].text in {"Table of Contents"}):
        rest.pop(0)
    structure.read_body(structure.drop_chrome(rest), work)
    if not any(chapter.blocks for chapter in work.chapters):
        raise FormatError("no story text found")
    return structure.finish(work, fallback_title=fallback_title)
