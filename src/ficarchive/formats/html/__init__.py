"""HTML pages: one parser per site, picked by the page's own structure, else generic."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ficarchive.formats import source_ids, structure
from ficarchive.formats.errors import FormatError
from ficarchive.formats.flow import parse_document, to_marked_text
from ficarchive.formats.html import ao3, efiction, fanficfare, ffn, generic, journal, tth
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.text import parse_units

# "Save page as" in Chrome, Edge and Internet Explorer notes where the page came from.
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)


class HtmlParser:
    def parse(self, data: bytes, *, fallback_title: str) -> ParsedWork:
        work = self._parse(parse_document(data), fallback_title=fallback_title)
        saved = _SAVED_FROM.search(data[:4096])
        if saved is not None:
            _with_address(work, saved.group(1).decode("ascii", errors="replace"))
        if work.source_url:
            _with_address(work, work.source_url)
        return work

    def _parse(self, root: HtmlElement, *, fallback_title: str) -> ParsedWork:
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


def _with_address(work: ParsedWork, address: str) -> None:
    """What the page's own address says, where the page itself did not: the story it belongs
    to, and which of its chapters it shows."""
    if address.startswith("//"):
        address = f"https:{address}"  # a scheme-relative link, as FanFiction.Net writes them
    if not address.startswith(("http://", "https://")):
        return
    work.source_url = work.source_url or address
    shown = source_ids.chapter_number(address)
    if (
        work.chapter_number is None
        and shown is not None
        and len(work.chapters) == 1
        and (shown > 1 or (work.story_chapters or 0) > 1)
    ):
        work.chapter_number = shown
