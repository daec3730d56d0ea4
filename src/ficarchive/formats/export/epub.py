"""EPUB 3 (with an NCX for EPUB 2 readers) from a Book or an Omnibus, written straight into a
ZIP: no temporary files, nothing but string building and deflate, so a 100,000-word work
builds in milliseconds.

The bytes are a function of the book alone (fixed ZIP timestamps, a fixed order), so the
same version of a work always gives the same file and the same digest: KOReader names a
document by a digest of its file.

File names and ids come from each chapter's stable key (`chapter-<key>.xhtml`), never its
position, so inserting a chapter renames none of the others.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import UTC
from html import escape as html_escape

from lxml import html as lxml_html

from ficarchive.formats.export.book import Book, Omnibus
from ficarchive.formats.export.xhtml import safe_href, to_xhtml
from ficarchive.formats.sanitize import xml_safe


def escape(text: str) -> str:
    """Plain text as markup: escaped, without what XML cannot hold."""
    return html_escape(xml_safe(text))


MEDIA_TYPE = "application/epub+zip"
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)

STYLESHEET = """\
body { margin: 0 4%; line-height: 1.5; font-family: serif; }
h1, h2, h3 { text-align: center; line-height: 1.25; }
h1 { font-size: 1.6em; margin: 1.5em 0 0.5em; }
h2 { font-size: 1.3em; margin: 1.5em 0 1em; }
p { margin: 0 0 0.8em; }
.byline { text-align: center; font-style: italic; margin-bottom: 2em; }
.meta dt { font-weight: bold; margin-top: 0.4em; }
.meta dd { margin: 0 0 0 1.5em; }
.notes { margin: 1em 0 1.5em; padding: 0 0 0 1em; border-left: 2px solid #999; }
.notes h3 { text-align: left; font-size: 1em; }
hr.scene-break { border: none; margin: 1.5em auto; text-align: center; height: 1.5em; }
hr.scene-break::after { content: "\\2042"; }
.series-part { text-align: center; }
"""


def build_epub(book: Book | Omnibus) -> bytes:
    """The EPUB's bytes."""
    sections = _series_sections(book) if isinstance(book, Omnibus) else _work_sections(book, "")
    return _package(book, sections)


def epub_digests(data: bytes) -> tuple[str, str]:
    """The file's MD5, and KOReader's "partial MD5" (what its progress sync names a document
    by: 1 KiB samples at 0 and 1024 << 2i for i in 0..10)."""
    partial = hashlib.md5(usedforsecurity=False)
    for i in range(-1, 11):
        offset = 0 if i < 0 else 1024 << (2 * i)
        sample = data[offset : offset + 1024]
        if not sample:
            break
        partial.update(sample)
    return hashlib.md5(data, usedforsecurity=False).hexdigest(), partial.hexdigest()


@dataclass
class _Document:
    name: str  # file name inside OEBPS/
    ident: str  # manifest id, also the nav point's id
    title: str
    body: str  # XHTML markup inside <body>
    in_toc: bool = True
    children: list[_Document] = field(default_factory=list)  # nested nav entries (a series)


def _xhtml(title: str, language: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{language}" xml:lang="{language}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _title_page(book: Book, heading: str = "h1") -> str:
    rows = "".join(
        f"<dt>{escape(label)}</dt>" + "".join(f"<dd>{escape(value)}</dd>" for value in values)
        for label, values in book.metadata
    )
    parts = [
        f'<section epub:type="titlepage" class="preface" id="{book.key}-title">',
        f"<{heading}>{escape(book.display_title)}</{heading}>",
        f'<p class="byline">by {escape(book.byline)}</p>',
        f'<dl class="meta">{rows}</dl>',
        f'<p>Posted at <a href="{escape(safe_href(book.url))}">{escape(book.site_name)}</a>',
        _source_link(book.source_url) + "</p>",
    ]
    if book.summary_html:
        parts.append(f'<div class="summary"><h2>Summary</h2>{to_xhtml(book.summary_html)}</div>')
    if book.notes_begin:
        parts.append(f'<div class="notes"><h2>Notes</h2>{to_xhtml(book.notes_begin)}</div>')
    parts.append("</section>")
    return "".join(parts)


def _source_link(url: str) -> str:
    href = safe_href(url)
    return f' · source: <a href="{escape(href)}">{escape(url)}</a>' if href else ""


def _work_sections(book: Book, prefix: str) -> list[_Document]:
    documents = [
        _Document(f"{prefix}title.xhtml", f"{prefix}title", book.display_title, _title_page(book))
    ]
    for chapter in book.chapters:
        notes_begin = (
            f'<div class="notes"><h3>Chapter notes</h3>{to_xhtml(chapter.notes_begin)}</div>'
            if chapter.notes_begin
            else ""
        )
        notes_end = (
            f'<div class="notes"><h3>Chapter end notes</h3>{to_xhtml(chapter.notes_end)}</div>'
            if chapter.notes_end
            else ""
        )
        ident = f"{prefix}chapter-{chapter.key}"
        body = (
            f'<section epub:type="chapter" id="{ident}-text">'
            f"<h2>{escape(chapter.title)}</h2>{notes_begin}"
            f'<div class="chapter-text">{to_xhtml(chapter.body_html)}</div>{notes_end}</section>'
        )
        documents.append(_Document(f"{ident}.xhtml", ident, chapter.title, body))
    if book.notes_end:
        body = (
            f'<section epub:type="afterword" id="{prefix}afterword-text"><h2>End notes</h2>'
            f'<div class="notes">{to_xhtml(book.notes_end)}</div></section>'
        )
        documents.append(
            _Document(f"{prefix}afterword.xhtml", f"{prefix}afterword", "End notes", body)
        )
    return documents


def _series_sections(omnibus: Omnibus) -> list[_Document]:
    contents = "".join(
        f"<li>Part {number}: {escape(book.display_title)} by {escape(book.byline)}</li>"
        for number, book in enumerate(omnibus.books, start=1)
    )
    summary = (
        f'<div class="summary">{to_xhtml(omnibus.summary_html)}</div>'
        if omnibus.summary_html
        else ""
    )
    cover = _Document(
        "series.xhtml",
        "series",
        omnibus.display_title,
        f'<section epub:type="titlepage" id="series-title"><h1>{escape(omnibus.display_title)}</h1>'
        f'<p class="byline">by {escape(omnibus.byline)}</p>{summary}'
        f'<p>A series posted at <a href="{escape(safe_href(omnibus.url))}">'
        f"{escape(omnibus.site_name)}</a></p>"
        + (f"<ol>{contents}</ol>" if contents else "")
        + "</section>",
    )
    documents = [cover]
    for book in omnibus.books:
        sections = _work_sections(book, f"{book.key}-")
        head, rest = sections[0], sections[1:]
        head.children = rest
        for child in rest:
            child.in_toc = False
        documents.append(head)
        documents.extend(rest)
    return documents


def _nav(book: Book | Omnibus, documents: list[_Document]) -> str:
    def item(document: _Document) -> str:
        nested = "".join(item(child) for child in document.children)
        inner = f"<ol>{nested}</ol>" if nested else ""
        return f'<li><a href="{document.name}">{escape(document.title)}</a>{inner}</li>'

    entries = "".join(item(document) for document in documents if document.in_toc)
    body = (
        f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>{entries}</ol></nav>'
        f'<nav epub:type="landmarks" hidden="hidden"><h2>Landmarks</h2><ol>'
        f'<li><a epub:type="titlepage" href="{documents[0].name}">Title page</a></li>'
        f'<li><a epub:type="bodymatter" href="{_first_body(documents).name}">Start</a></li>'
        "</ol></nav>"
    )
    return _xhtml("Contents", book.language_tag, body)


def _first_body(documents: list[_Document]) -> _Document:
    return documents[1] if len(documents) > 1 else documents[0]


def _ncx(book: Book | Omnibus, documents: list[_Document]) -> str:
    order = 0

    def point(document: _Document) -> str:
        nonlocal order
        order += 1
        mine = order
        nested = "".join(point(child) for child in document.children)
        return (
            f'<navPoint id="nav-{document.ident}" playOrder="{mine}">'
            f"<navLabel><text>{escape(document.title)}</text></navLabel>"
            f'<content src="{document.name}"/>{nested}</navPoint>'
        )

    points = "".join(point(document) for document in documents if document.in_toc)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
        f'<head><meta name="dtb:uid" content="{escape(book.identifier)}"/>'
        '<meta name="dtb:depth" content="2"/><meta name="dtb:totalPageCount" content="0"/>'
        '<meta name="dtb:maxPageNumber" content="0"/></head>'
        f"<docTitle><text>{escape(book.display_title)}</text></docTitle>"
        f"<navMap>{points}</navMap></ncx>\n"
    )


def _metadata(book: Book | Omnibus) -> str:
    modified = book.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f'<dc:identifier id="book-id">{escape(book.identifier)}</dc:identifier>',
        f"<dc:title>{escape(book.display_title)}</dc:title>",
        f"<dc:language>{book.language_tag}</dc:language>",
        f'<meta property="dcterms:modified">{modified}</meta>',
        f"<dc:publisher>{escape(book.site_name)}</dc:publisher>",
    ]
    for number, name in enumerate(book.creators, start=1):
        lines.append(f'<dc:creator id="creator{number}">{escape(name)}</dc:creator>')
        lines.append(
            f'<meta refines="#creator{number}" property="role" scheme="marc:relators">aut</meta>'
        )
    works = book.books if isinstance(book, Omnibus) else [book]
    if isinstance(book, Book):
        lines.append(f"<dc:source>{escape(book.source)}</dc:source>")
        lines.append(f"<dc:date>{book.published.isoformat()}</dc:date>")
        if book.summary_html:
            lines.append(f"<dc:description>{escape(_plain(book.summary_html))}</dc:description>")
        if book.rating:
            lines.append(f"<dc:subject>Rating: {escape(book.rating)}</dc:subject>")
        for warning in book.warnings:
            lines.append(f"<dc:subject>Warning: {escape(warning)}</dc:subject>")
        for number, place in enumerate(book.series, start=1):
            lines.append(
                f'<meta property="belongs-to-collection" id="series{number}">'
                f"{escape(place.title)}</meta>"
                f'<meta refines="#series{number}" property="collection-type">series</meta>'
                f'<meta refines="#series{number}" property="group-position">{place.position}</meta>'
            )
        if book.series:  # Calibre's own (OPF 2) series fields
            first = book.series[0]
            lines.append(f'<meta name="calibre:series" content="{escape(first.title)}"/>')
            lines.append(f'<meta name="calibre:series_index" content="{first.position}"/>')
    else:
        lines.append(f"<dc:source>{escape(book.url)}</dc:source>")
        if book.summary_html:
            lines.append(f"<dc:description>{escape(_plain(book.summary_html))}</dc:description>")
    subjects = dict.fromkeys(
        tag
        for work in works
        for tag in work.fandoms + work.relationships + work.characters + work.freeforms
    )
    lines.extend(f"<dc:subject>{escape(tag)}</dc:subject>" for tag in subjects)
    return "\n".join(lines)


def _plain(html: str) -> str:
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


def _opf(book: Book | Omnibus, documents: list[_Document]) -> str:
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
        '<item id="style" href="style.css" media-type="text/css"/>',
    ]
    manifest += [
        f'<item id="{d.ident}" href="{d.name}" media-type="application/xhtml+xml"/>'
        for d in documents
    ]
    spine = [f'<itemref idref="{documents[0].ident}"/>', '<itemref idref="nav"/>']
    spine += [f'<itemref idref="{d.ident}"/>' for d in documents[1:]]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id"'
        f' xml:lang="{book.language_tag}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f"{_metadata(book)}\n</metadata>\n"
        "<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n"
        '<spine toc="ncx">\n' + "\n".join(spine) + "\n</spine>\n</package>\n"
    )


CONTAINER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf"'
    ' media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>\n"
)


def _package(book: Book | Omnibus, documents: list[_Document]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype entry first and stored, as OCF requires.
        _write(archive, "mimetype", MEDIA_TYPE, zipfile.ZIP_STORED)
        _write(archive, "META-INF/container.xml", CONTAINER)
        _write(archive, "OEBPS/content.opf", _opf(book, documents))
        _write(archive, "OEBPS/nav.xhtml", _nav(book, documents))
        _write(archive, "OEBPS/toc.ncx", _ncx(book, documents))
        _write(archive, "OEBPS/style.css", STYLESHEET)
        for document in documents:
            page = _xhtml(document.title, book.language_tag, document.body)
            _write(archive, f"OEBPS/{document.name}", page)
    return buffer.getvalue()


def _write(
    archive: zipfile.ZipFile, name: str, text: str, compression: int = zipfile.ZIP_DEFLATED
) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    archive.writestr(info, text.encode("utf-8"), compresslevel=1 if compression else None)
