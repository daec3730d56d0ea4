"""Word documents (.docx), through mammoth's clean HTML, then read like any page."""

from __future__ import annotations

import io

import mammoth

from ficarchive.formats.epub import EpubBook
from ficarchive.formats.errors import FormatError
from ficarchive.formats.html import HtmlParser
from ficarchive.formats.model import ParsedWork


def is_docx(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and b"word/document.xml" in data[:65536]


class DocxParser:
    def parse(self, data: bytes, *, fallback_title: str) -> ParsedWork:
        book = EpubBook(data)  # the same ZIP limits: member count, sizes, ratios
        if b"<!ENTITY" in book.read("word/document.xml"):
            raise FormatError("the document declares XML entities, which are refused")
        try:
            result = mammoth.convert_to_html(io.BytesIO(data))
        except Exception as error:  # mammoth raises many kinds on damaged files
            raise FormatError(
                f"the Word document cannot be read ({type(error).__name__})"
            ) from None
        page = f"<html><body>{result.value}</body></html>".encode()
        work = HtmlParser().parse(page, fallback_title=fallback_title)
        work.source_format = "html"
        return work
