"""EPUB 2 and 3: FanFicFare books, AO3 downloads, and any other book in spine order.

Read defensively: member count, sizes and compression ratios are capped (zip bombs), and
XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree
from lxml.html import HtmlElement

from ficarchive.formats import conventions, fields, structure
from ficarchive.formats.errors import FormatError
from ficarchive.formats.flow import element_text, parse_document
from ficarchive.formats.html import ao3, fanficfare
from ficarchive.formats.html.common import body_units, first, notes_text
from ficarchive.formats.model import ParsedWork

MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
_NOT_CHAPTERS = re.compile(
    r"^(?:cover|title ?page|table of contents|contents|toc|copyright|colophon|"
    r"about the author|acknowledg(?:e)?ments|update log|information|preface|afterword|"
    r"front ?matter|back ?matter|nav(?:igation)?)$",
    re.IGNORECASE,
)
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


@dataclass
class SpineItem:
    path: str
    label: str | None
    root: HtmlElement
    properties: str = ""


class EpubBook:
    """The members of a checked EPUB, read on demand."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError) as error:
            raise FormatError(f"the EPUB is not a readable ZIP file ({error})") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise FormatError(f"the EPUB has more than {MAX_MEMBERS} files")
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise FormatError("the EPUB unpacks to more than 100 MB")
        for info in infos:
            if info.file_size > MAX_MEMBER_BYTES or (
                info.compress_size
                and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 1024 * 1024
            ):
                raise FormatError(f"the EPUB member {info.filename} is suspiciously large")
        self.names = {info.filename for info in infos}

    def read(self, name: str) -> bytes:
        if name not in self.names:
            raise FormatError(f"the EPUB lacks {name}")
        try:
            with self.zip.open(name) as member:
                data = member.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:
            raise FormatError(f"the EPUB member {name} is damaged ({error})") from None
        if len(data) > MAX_MEMBER_BYTES:
            raise FormatError(f"the EPUB member {name} is too large")
        return data

    def xml(self, name: str) -> etree._Element:
        data = self.read(name)
        if b"<!ENTITY" in data:
            raise FormatError(f"the EPUB's {name} declares XML entities, which are refused")
        try:
            return etree.fromstring(data, _XML_PARSER)
        except etree.XMLSyntaxError as error:
            raise FormatError(f"the EPUB's {name} is not valid XML ({error})") from None


class EpubParser:
    def parse(self, data: bytes, *, fallback_title: str) -> ParsedWork:
        book = EpubBook(data)
        container = book.xml("META-INF/container.xml")
        rootfile = container.find(".//c:rootfile", NS)
        opf_path = rootfile.get("full-path") if rootfile is not None else None
        if not opf_path:
            raise FormatError("the EPUB does not say where its package file is")
        opf = book.xml(opf_path)
        work = ParsedWork(title="", source_format="epub", chapters=[])
        _read_metadata(opf, work)
        spine = _spine(book, opf, posixpath.dirname(opf_path))
        if not spine:
            raise FormatError("the EPUB has no readable chapters")
        if _is_fanficfare(opf, spine):
            _read_fanficfare(spine, work)
        elif any(_is_ao3_preface(item.root) for item in spine):
            _read_ao3(spine, work)
        else:
            _read_generic(spine, work)
        if not any(chapter.blocks or chapter.notes_begin for chapter in work.chapters):
            raise FormatError("no story text found")
        return structure.finish(work, fallback_title=fallback_title)


def _itertext(element: etree._Element) -> str:
    return "".join(str(part) for part in element.itertext())


def _texts(opf: etree._Element, path: str) -> list[str]:
    return [" ".join(_itertext(e).split()) for e in opf.iterfind(path, NS)]


def _read_metadata(opf: etree._Element, work: ParsedWork) -> None:
    titles = _texts(opf, ".//dc:title")
    work.title = titles[0] if titles else ""
    work.creators = [c for c in _texts(opf, ".//dc:creator") if c]
    work.language = fields.language_code(next(iter(_texts(opf, ".//dc:language")), None))
    description = next(iter(_texts(opf, ".//dc:description")), "")
    if description:
        work.summary = notes_text(parse_document(f"<div>{description}</div>")) or description
    for element in opf.iterfind(".//dc:date", NS):
        event = (element.get(f"{{{NS['opf']}}}event") or "").casefold()
        when = fields.parse_date(_itertext(element))
        if event in {"publication", ""} and work.published is None:
            work.published = when
        elif event == "modification":
            work.updated = when
    sources = _texts(opf, ".//dc:source")
    work.source_url = sources[0] if sources and sources[0].startswith("http") else None
    publishers = _texts(opf, ".//dc:publisher")
    work.source_site = publishers[0] if publishers else None


def _spine(book: EpubBook, opf: etree._Element, base: str) -> list[SpineItem]:
    manifest = {item.get("id"): item for item in opf.iterfind(".//opf:manifest/opf:item", NS)}
    labels = _toc_labels(book, opf, manifest, base)
    items: list[SpineItem] = []
    for ref in opf.iterfind(".//opf:spine/opf:itemref", NS):
        item = manifest.get(ref.get("idref"))
        if item is None or "html" not in (item.get("media-type") or ""):
            continue
        path = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
        try:
            root = parse_document(book.read(path))
        except FormatError:
            continue
        items.append(SpineItem(path, labels.get(path), root, item.get("properties") or ""))
    return items


def _toc_labels(
    book: EpubBook, opf: etree._Element, manifest: dict[str | None, etree._Element], base: str
) -> dict[str, str]:
    """Chapter titles from the EPUB 3 nav document or the EPUB 2 NCX, by file."""
    labels: dict[str, str] = {}

    def add(href: str | None, label: str, relative_to: str) -> None:
        if href and label:
            path = posixpath.normpath(posixpath.join(relative_to, unquote(href.split("#")[0])))
            labels.setdefault(path, " ".join(label.split()))

    for item in manifest.values():
        href = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
        if "nav" in (item.get("properties") or "").split():
            nav_root = parse_document(book.read(href))
            for link in nav_root.cssselect("nav a"):
                add(link.get("href"), element_text(link), posixpath.dirname(href))
        elif item.get("media-type") == "application/x-dtbncx+xml" and not labels:
            ncx = book.xml(href)
            for point in ncx.iterfind(".//ncx:navPoint", NS):
                text = point.find("ncx:navLabel/ncx:text", NS)
                content = point.find("ncx:content", NS)
                if text is not None and content is not None:
                    add(content.get("src"), _itertext(text), posixpath.dirname(href))
    return labels


def _body_class(root: HtmlElement) -> str:
    body = root.find("body")
    return (body.get("class") or "") if body is not None else ""


def _is_fanficfare(opf: etree._Element, spine: list[SpineItem]) -> bool:
    contributors = " ".join(_texts(opf, ".//dc:contributor"))
    return "FanFicFare" in contributors or any(
        _body_class(item.root).startswith("fff_") for item in spine
    )


def _book_page(item: SpineItem) -> str | None:
    """'title', 'contents' or 'log' for a book's own pages, by what they hold rather than
    their class names (which a converter such as Calibre renames); None for the story's."""
    body = item.root.find("body")
    body = item.root if body is None else body
    kind = _body_class(item.root)
    if kind in {"fff_titlepage", "fff_tocpage", "fff_logpage"}:
        return {"fff_titlepage": "title", "fff_tocpage": "contents", "fff_logpage": "log"}[kind]
    heading = element_text(first(body, "h1, h2, h3"))
    if _NOT_CHAPTERS.match(heading) or heading.casefold() == "update log":
        return "log" if "log" in heading.casefold() else "contents"
    lines = [" ".join(row.text_content().split()) for row in body.cssselect("tr")] or [
        unit.text for unit in body_units(body)
    ]
    fields = sum(1 for line in lines if fanficfare.is_title_page_field(line))
    return "title" if fields >= 3 and fields * 2 >= len(lines) else None


def _read_fanficfare(spine: list[SpineItem], work: ParsedWork) -> None:
    chapter_items = [item for item in spine if _body_class(item.root) == "fff_chapter"]
    for item in spine:
        if _book_page(item) == "title":
            body = item.root.find("body")
            fanficfare.read_title_page(body if body is not None else item.root, work)
    if not chapter_items:  # an older or converted book: every page but its own is a chapter
        chapter_items = [item for item in spine if _book_page(item) is None]
    for index, item in enumerate(chapter_items):
        work.chapters.append(
            fanficfare.read_chapter(item.root, first_chapter=index == 0, work=work)
        )


def _is_ao3_preface(root: HtmlElement) -> bool:
    message = first(root, "p.message")
    return "Posted originally on the" in element_text(root if message is None else message)[:2000]


def _read_ao3(spine: list[SpineItem], work: ParsedWork) -> None:
    """AO3 splits its download template across files; joined again, it reads as the HTML."""
    joined = parse_document("<html><body></body></html>")
    body = joined.find("body")
    assert body is not None
    chapters: HtmlElement | None = None
    for item in spine:
        source = item.root.find("body")
        for child in list(source if source is not None else []):
            if child.get("id") == "chapters" and chapters is not None:
                chapters.extend(list(child))  # split by chapter (Calibre): one #chapters again
                continue
            if child.get("id") == "chapters":
                chapters = child
            body.append(child)
    ao3.parse_download(joined, work)


def _read_generic(spine: list[SpineItem], work: ParsedWork) -> None:
    for item in spine:
        if "nav" in item.properties.split():
            continue
        if (page := _book_page(item)) is not None:
            if page == "title":  # a title page of labelled fields, as FanFicFare writes
                body = item.root.find("body")
                fanficfare.read_title_page(body if body is not None else item.root, work)
            continue
        label = item.label or ""
        if _NOT_CHAPTERS.match(label.strip()):
            continue
        body = item.root.find("body")
        if body is None:
            continue
        heading = next(iter(body.cssselect("h1, h2, h3")), None)
        heading_text = element_text(heading)
        units = body_units(body)
        if heading_text and units and units[0].text == heading_text:
            units = units[1:]
        if sum(len(u.text.split()) for u in units) < 5 and not label:
            continue  # a cover or an image page
        title = conventions.strip_numbering(label or heading_text) or None
        if title and work.title and title.casefold() == work.title.casefold():
            title = None
        work.chapters.append(structure.read_chapter(units, title))
