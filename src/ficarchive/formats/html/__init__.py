"""HTML pages: one parser per site, picked by the page's own structure, else generic."""

from __future__ import annotations

from ficarchive.formats import structure
from ficarchive.formats.errors import FormatError
from ficarchive.formats.flow import parse_document, to_marked_text
from ficarchive.formats.html import ao3, efiction, fanficfare, ffn, generic, journal, tth
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.text import parse_units


class HtmlParser:
    def parse(self, data: bytes, *, fallback_title: str) -> ParsedWork:
        root = parse_document(data)
        work = ParsedWork(title="", source_format="html", chapters=[])
        if ffn.matches(root):
            ffn.parse(root, work)
        elif ffn.matches_mobile(root):
            ffn.parse_mobile(root, work)
        elif ao3.matches_work_page(root):
            ao3.parse_work_page(root, work)
        elif ao3.matches_download(root):
            ao3.parse_download(root, work)
        elif efiction.matches(root):
            efiction.parse(root, work)
        elif tth.matches(root):
            tth.parse(root, work)
        elif fanficfare.matches_single_file(root):
            fanficfare.parse_single_file(root, work)
        elif journal.matches(root):
            units = journal.prefill(root, work)
            return parse_units(units, "html", fallback_title=fallback_title, work=work)
        else:
            content = generic.main_content(root)
            units = structure.split_units(to_marked_text(content))
            work.title = ""
            parsed = parse_units(units, "html", fallback_title=fallback_title, work=work)
            if parsed.title == fallback_title:
                parsed.title = ""
                generic.credit_from_page_title(root, parsed)
                parsed.title = parsed.title or fallback_title
            return parsed
        if not any(chapter.blocks or chapter.notes_begin for chapter in work.chapters):
            raise FormatError("no story text found")
        return structure.finish(work, fallback_title=fallback_title)
