"""The exporters (formats/export): EPUB 3 metadata, TOC, stable names, well-formed XHTML
whatever the author wrote, and the HTML, TXT and PDF files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace

import pytest
from lxml import etree

from ficarchive.formats.export import Book, BookChapter, HtmlStyle, Omnibus, SeriesPlace
from ficarchive.formats.export.epub import build_epub, epub_digests
from ficarchive.formats.export.html import build_html
from ficarchive.formats.export.pdf import build_pdf
from ficarchive.formats.export.txt import build_txt
from ficarchive.formats.export.xhtml import to_xhtml
from ficarchive.formats.sanitize import sanitize_html

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}

# What an author (or an imported page) may throw at the exporter, after the sanitizer.
HOSTILE = [
    "<p>Tom &amp; <b>Jerry <div>block</div></b> &#1; &#xfffe; <script>alert(1)</script></p>",
    "<li>a stray item</li><ul>loose text<li>a</li></ul><ol start='x' type='q'><li>b</li></ol>",
    "<em><blockquote>a quote in emphasis</blockquote></em><span><p>p in span</p></span>",
    '<img src="https://example.org/x.png" alt="a picture"><img src="http://x/y.png">',
    '<a href="#nowhere">fragment</a> <a href="chapter2.html">relative</a> '
    '<a href="https://example.org/?a=1&b=2">absolute</a> <a href="javascript:x()">js</a>',
    "<center>centred</center><big>big</big><h1><p>heading</p></h1>",
    '<table><tr><td colspan="x">1</td></tr><caption>late</caption></table><td>cell</td>',
    "<dl><dd>no term</dd></dl><dt>lone</dt><p lang='!!' dir='sideways'>attrs</p>",
    "<p>]]&gt; <!-- a comment --> <?pi x?> \u202e rtl \U0001f600 \u0000nul</p><hr><hr>",
    "<pre><p>pre</p></pre><sub><ul><li>x</li></ul></sub>",
]


def chapter(key: int, number: int, body: str = "<p>Hello.</p><hr><p>Again.</p>") -> BookChapter:
    return BookChapter(
        key=str(key), number=number, title=f"Chapter {number}: The <{key}> & \"quoted\"",
        body_html=body, notes_begin="<p>Before.</p>", notes_end="<p>After.</p>",
    )  # fmt: skip


def a_book(**changes: object) -> Book:
    book = Book(
        key="work-7",
        identifier="urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
        title="Salt & <Roads>",
        creators=["Ana Ferreira", "Bo"],
        url="https://archive.example/works/7/",
        language="pt-BR",
        published=dt.date(2024, 1, 2),
        updated=dt.date(2024, 3, 4),
        modified=dt.datetime(2024, 3, 4, 5, 6, 7, tzinfo=dt.UTC),
        words=1234,
        chapter_progress="2/?",
        complete=False,
        chapters=[chapter(31, 1), chapter(12, 2)],
        source_url="https://www.fanfiction.net/s/123/1/",
        summary_html="<p>A <em>summary</em>.</p>",
        rating="Teen And Up Audiences",
        warnings=["No Archive Warnings Apply"],
        fandoms=["Harbour Lights"],
        relationships=["Ana/Bo"],
        characters=["Ana", "Bo"],
        freeforms=["Slow Burn"],
        series=[SeriesPlace("The Coast", 2)],
        betas=["Cy"],
        notes_begin="<p>Work notes.</p>",
        notes_end="<p>Work end notes.</p>",
    )
    return replace(book, **changes)  # type: ignore[arg-type]


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_epub_opens_with_an_uncompressed_mimetype_first() -> None:
    with zipfile.ZipFile(io.BytesIO(build_epub(a_book()))) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read(first) == b"application/epub+zip"


def test_opf_carries_the_works_metadata() -> None:
    opf = etree.fromstring(entries(build_epub(a_book()))["OEBPS/content.opf"])
    meta = opf.find("opf:metadata", NS)
    assert meta is not None

    def texts(path: str) -> list[str]:
        return [element.text or "" for element in meta.findall(path, NS)]

    assert texts("dc:title") == ["Salt & <Roads>"]
    assert texts("dc:creator") == ["Ana Ferreira", "Bo"]
    assert texts("dc:identifier") == ["urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"]
    assert texts("dc:source") == ["https://www.fanfiction.net/s/123/1/"]
    assert texts("dc:language") == ["pt-BR"]
    assert texts("dc:date") == ["2024-01-02"]
    assert texts("dc:description") == ["A summary."]
    subjects = texts("dc:subject")
    expected_subjects = [
        "Harbour Lights", "Ana/Bo", "Ana", "Slow Burn",
        "Rating: Teen And Up Audiences", "Warning: No Archive Warnings Apply",
    ]  # fmt: skip
    for expected in expected_subjects:
        assert expected in subjects
    properties = {m.get("property"): m.text for m in meta.findall("opf:meta", NS)}
    assert properties["dcterms:modified"] == "2024-03-04T05:06:07Z"
    assert properties["belongs-to-collection"] == "The Coast"
    assert properties["group-position"] == "2"
    assert properties["collection-type"] == "series"
    named = {m.get("name"): m.get("content") for m in meta.findall("opf:meta", NS)}
    assert named["calibre:series"] == "The Coast"
    assert named["calibre:series_index"] == "2"


def test_title_page_shows_the_metadata_block_and_notes() -> None:
    page = entries(build_epub(a_book()))["OEBPS/title.xhtml"].decode()
    for expected in ("Salt &amp; &lt;Roads&gt;", "by Ana Ferreira, Bo", "Teen And Up Audiences",
                     "Harbour Lights", "Part 2 of The Coast", "Words: 1,234", "Chapters: 2/?",
                     "Updated: 2024-03-04", "Work notes.", "A <em>summary</em>."):  # fmt: skip
        assert expected in page
    finished = entries(build_epub(a_book(complete=True, chapter_progress="2/2")))
    assert "Completed: 2024-03-04" in finished["OEBPS/title.xhtml"].decode()


def test_toc_lists_chapter_titles_in_nav_and_ncx() -> None:
    files = entries(build_epub(a_book()))
    nav = etree.fromstring(files["OEBPS/nav.xhtml"])
    toc = nav.find(".//x:nav[@id='toc']", NS)
    assert toc is not None
    titles = ["".join(a.itertext()) for a in toc.iterfind(".//x:a", NS)]
    assert titles == ["Salt & <Roads>", 'Chapter 1: The <31> & "quoted"',
                      'Chapter 2: The <12> & "quoted"', "End notes"]  # fmt: skip
    ncx = etree.fromstring(files["OEBPS/toc.ncx"])
    labels = [t.text for t in ncx.iterfind(".//ncx:navLabel/ncx:text", NS)]
    assert labels == titles
    uid = ncx.find(".//ncx:meta[@name='dtb:uid']", NS)
    assert uid is not None
    assert uid.get("content") == a_book().identifier


def test_chapter_files_are_named_by_their_stable_key_not_their_position() -> None:
    before = set(entries(build_epub(a_book())))
    inserted = a_book(chapters=[chapter(50, 1), chapter(31, 2), chapter(12, 3)])
    after = set(entries(build_epub(inserted)))
    assert {"OEBPS/chapter-31.xhtml", "OEBPS/chapter-12.xhtml"} <= before
    assert after - before == {"OEBPS/chapter-50.xhtml"}


def test_end_notes_and_scene_breaks_reach_the_book() -> None:
    files = entries(build_epub(a_book()))
    assert b"Work end notes." in files["OEBPS/afterword.xhtml"]
    body = files["OEBPS/chapter-31.xhtml"].decode()
    assert '<hr class="scene-break"/>' in body
    assert "Before." in body
    assert "After." in body


def test_same_book_gives_the_same_bytes_and_digests() -> None:
    first, second = build_epub(a_book()), build_epub(a_book())
    assert first == second
    md5, partial = epub_digests(first)
    assert len(md5) == len(partial) == 32
    assert epub_digests(build_epub(a_book(title="Other")))[0] != md5


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_becomes_well_formed_xhtml(html: str) -> None:
    fragment = to_xhtml(sanitize_html(html))
    root = etree.fromstring(f'<div xmlns="http://www.w3.org/1999/xhtml">{fragment}</div>')
    for element in root.iter():
        assert etree.QName(element).localname not in {"img", "script", "center", "big"}
        href = element.get("href")
        assert href is None or href.startswith(("https://", "http://", "mailto:"))


def test_every_file_of_a_hostile_book_is_well_formed_xml() -> None:
    nasty = "".join(HOSTILE) + "\x01\x0b"
    book = a_book(
        title="<b>T\x07</b> &amp; ]]>", creators=["<i>x</i>"], summary_html=sanitize_html(nasty),
        chapters=[chapter(1, 1, sanitize_html(nasty))], notes_end=sanitize_html(nasty),
        language="not a language!",
    )  # fmt: skip
    for name, data in entries(build_epub(book)).items():
        if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
            etree.fromstring(data)  # raises on anything malformed


def test_series_omnibus_nests_each_works_chapters_under_its_title() -> None:
    one, two = a_book(), a_book(key="work-8", title="Second", series=[])
    omnibus = Omnibus(
        key="series-3", identifier="urn:uuid:1f8fad5b-d9cb-469f-a165-70867728950e",
        title="The Coast", url="https://archive.example/series/3/",
        modified=one.modified, books=[one, two],
    )  # fmt: skip
    files = entries(build_epub(omnibus))
    assert "OEBPS/work-7-chapter-31.xhtml" in files
    assert "OEBPS/work-8-chapter-31.xhtml" in files
    nav = etree.fromstring(files["OEBPS/nav.xhtml"])
    top = nav.findall(".//x:nav[@id='toc']/x:ol/x:li/x:a", NS)
    assert ["".join(a.itertext()) for a in top] == ["The Coast", "Salt & <Roads>", "Second"]


def test_html_is_one_file_carrying_the_skin() -> None:
    dark = HtmlStyle(background="#121417", color="#e8e6e3", font_size_em=1.3, line_height=2.0)
    page = build_html(a_book(), dark).decode()
    assert "background: #121417" in page
    assert "font-size: 1.3em" in page
    assert "line-height: 2.00" in page
    assert "<script" not in page
    assert 'rel="stylesheet"' not in page
    assert "<img" not in page
    assert page.index("Chapter 1: The &lt;31&gt;") < page.index("Chapter 2: The &lt;12&gt;")
    assert 'href="#chapter-31"' in page


def test_txt_has_a_metadata_header_wrapped_paragraphs_and_scene_breaks() -> None:
    long = "<p>" + "word " * 60 + "</p><hr><p>After the break.</p>"
    text = build_txt(a_book(chapters=[chapter(31, 1, long)])).decode()
    assert text.startswith("Salt & <Roads>\nby Ana Ferreira, Bo\n")
    assert "Fandoms: Harbour Lights" in text
    assert "Chapters: 2/?" in text
    assert "Source: https://www.fanfiction.net/s/123/1/" in text
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "*  *  *" in text
    assert "After the break." in text


def test_pdf_is_a_pdf_with_the_text() -> None:
    data = build_pdf(a_book(chapters=[chapter(31, 1)]))
    assert data.startswith(b"%PDF-")
    assert b"Salt" in data or len(data) > 2000  # text is compressed; the file is not empty
