"""Exporters: a work (or a series) described as plain data (`Book`, `Omnibus`) turned into the
bytes of an EPUB 3, one self-contained HTML file, plain text or a PDF. Nothing here knows the
database (DESIGN.md convention 17): the downloads app's selectors fill the dataclasses."""

from __future__ import annotations

from ficarchive.formats.export.book import Book, BookChapter, HtmlStyle, Omnibus, SeriesPlace

__all__ = ["Book", "BookChapter", "HtmlStyle", "Omnibus", "SeriesPlace"]
