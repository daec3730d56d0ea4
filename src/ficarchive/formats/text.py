"""Plain and scraped text: pages copied from the browser, .txt downloads."""

from __future__ import annotations

from ficarchive.formats import (
    ao3_page_text,
    ao3_text,
    efiction_text,
    fanficfare_text,
    ffn_text,
    mail,
    structure,
    tth_text,
)
from ficarchive.formats.decode import decode_text
from ficarchive.formats.errors import FormatError
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.rich import strip_marks_from_source


class TextParser:
    """Reads a work out of text: header, notes, chapters, scene breaks; drops site chrome."""

    def parse(self, data: bytes, *, fallback_title: str) -> ParsedWork:
        text = strip_marks_from_source(decode_text(data))
        if ao3_text.is_ao3_download(text):
            return ao3_text.parse(text, fallback_title=fallback_title)
        if ao3_page_text.is_ao3_page_text(text):
            return ao3_page_text.parse(text, fallback_title=fallback_title)
        if fanficfare_text.is_fanficfare_text(text):
            return fanficfare_text.parse(text, fallback_title=fallback_title)
        if efiction_text.is_efiction_text(text):
            return efiction_text.parse(text, fallback_title=fallback_title)
        if ffn_text.find_stats(text.split("\n")) is not None:
            return ffn_text.parse(text, fallback_title=fallback_title)
        if tth_text.is_tth_text(text):
            return tth_text.parse(text, fallback_title=fallback_title)
        message, text = mail.split_message(text)
        text = mail.without_signature(text)  # posted to a list or signed like a letter
        if message is None:
            return parse_units(structure.split_units(text), "text", fallback_title=fallback_title)
        work = ParsedWork(title="", source_format="text", chapters=[], published=message.sent)
        work = parse_units(
            structure.split_units(text), "text", fallback_title=fallback_title, work=work
        )
        # The message's subject and sender stand in for a title and author the story omits.
        if work.title == fallback_title and message.subject_title:
            work.title = message.subject_title
        if not work.creators and message.sender:
            work.creators = [message.sender]
        return work


def parse_units(
    units: list[structure.Unit],
    source_format: str,
    *,
    fallback_title: str,
    work: ParsedWork | None = None,
) -> ParsedWork:
    """The shared path for text-like sources: header, then chapters, then the checks."""
    units = structure.drop_chrome(units)
    if not units:
        raise FormatError("the file has no text")
    work = work or ParsedWork(title="", source_format=source_format, chapters=[])  # type: ignore[arg-type]
    rest = structure.read_header(units, work)
    structure.read_body(rest, work)
    if not any(chapter.blocks or chapter.notes_begin for chapter in work.chapters):
        raise FormatError("no story text found")
    return structure.finish(work, fallback_title=fallback_title)
