"""EPUB import on books built by the tests: generic, FanFicFare, AO3, and hostile ones."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from ficarchive.formats import FormatError, parse
from tests.formats.epub_builder import build_epub, xhtml

COVER = xhtml("Cover", '<div><img src="cover.jpg" alt="cover"/></div>')
CHAPTER_ONE = xhtml(
    "One",
    "<h2>Chapter 1: The Lock</h2><p>A/N: Thanks to Perrin for betaing.</p><hr/>"
    "<p>The lock had no key.</p><p>Mara tried <i>anyway</i>.</p><p>* * *</p>"
    "<p>At dawn it opened by itself.</p>",
)
CHAPTER_TWO = xhtml("Two", "<h2>Chapter 2: The Door</h2><p>Behind it was another door.</p>")


def test_generic_epub3_reads_the_spine_with_nav_titles() -> None:
    data = build_epub(
        chapters=[("Cover", COVER), ("The Lock", CHAPTER_ONE), ("The Door", CHAPTER_TWO)],
        metadata="<dc:description>&lt;p&gt;Doors, and what is behind them.&lt;/p&gt;"
        "</dc:description>"
        '<dc:date opf:event="publication">2019-05-04</dc:date>',
    )
    work = parse(data, name="book.epub")
    assert (work.title, work.creators, work.language) == ("Moth Season", ["quillfeather"], "en")
    assert work.summary == "Doors, and what is behind them."
    assert str(work.published) == "2019-05-04"
    assert [c.title for c in work.chapters] == ["The Lock", "The Door"], (
        "the cover is not a chapter"
    )
    first = work.chapters[0]
    assert first.notes_begin == "Thanks to Perrin for betaing."
    assert [b.type for b in first.blocks] == ["paragraph", "paragraph", "scene_break", "paragraph"]
    assert "<em>anyway</em>" in first.body_html
    assert work.betas == ["Perrin"]


def test_generic_epub2_uses_the_ncx() -> None:
    data = build_epub(chapters=[("Lock", CHAPTER_ONE), ("Door", CHAPTER_TWO)], version="2.0")
    assert [c.title for c in parse(data, name="b.epub").chapters] == ["Lock", "Door"]


def test_fanficfare_epub_title_page_and_notes() -> None:
    title_page = xhtml(
        "Moth Season by quillfeather",
        '<h3><a href="https://example.org/s/9">Moth Season</a> by <a class="authorlink" '
        'href="https://example.org/u/1">quillfeather</a></h3><div>'
        "<b>Category:</b> Hollowmere<br/><b>Characters:</b> Tam, Mara<br/>"
        "<b>Status:</b> Completed<br/><b>Rating:</b> Teen<br/><b>Packaged:</b> 2020-01-01<br/>"
        "<b>Published:</b> 2019-02-03<br/><b>Updated:</b> 2019-03-04<br/></div>",
        body_class="fff_titlepage",
    )
    chapter = xhtml(
        "Moths",
        '<h3 class="fff_chapter_title">Moths</h3><div><div class="fff_chapter_notes '
        "fff_head_notes\"><b>Author's Note:</b><blockquote><p>For the moth fest.</p>"
        "</blockquote><b>Notes for the Chapter:</b><blockquote><p>Short one.</p></blockquote>"
        '</div><div class="userstuff"><p>The moths came at dusk.</p></div></div>',
        body_class="fff_chapter",
    )
    data = build_epub(
        chapters=[("Title Page", title_page), ("Moths", chapter)],
        metadata="<dc:contributor>FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>",
    )
    work = parse(data, name="fff.epub")
    assert work.fandoms == ["Hollowmere"]
    assert work.characters == ["Tam", "Mara"]
    assert work.status == "complete"
    assert work.rating == "Teen"
    assert str(work.updated) == "2019-03-04"
    assert work.notes_begin == "For the moth fest."
    assert work.chapters[0].notes_begin == "Short one.", "work and chapter notes stay apart"
    assert [b.text for b in work.chapters[0].blocks] == ["The moths came at dusk."]


def test_ao3_epub_download_reads_like_the_html_download() -> None:
    preface = xhtml(
        "Preface",
        '<div id="preface"><p class="message"><b>Salt</b><br/>Posted originally on the '
        '<a href="https://archiveofourown.org/">Archive of Our Own</a> at '
        '<a href="https://archiveofourown.org/works/42">https://archiveofourown.org/works/42</a>.'
        '</p><div class="meta"><dl class="tags"><dt>Rating:</dt><dd><a>General Audiences</a></dd>'
        "<dt>Category:</dt><dd><a>Gen</a>, <a>Multi</a></dd>"
        "<dt>Stats:</dt><dd>Published: 2020-01-01 Chapters: 1/1</dd></dl><h1>Salt</h1>"
        '<div class="byline">by <a rel="author">brine</a></div></div></div>',
    )
    text = xhtml(
        "Chapter",
        '<div id="chapters"><div class="userstuff"><p>The sea kept everything.</p></div></div>',
    )
    work = parse(build_epub(chapters=[("Preface", preface), ("Salt", text)]), name="ao3.epub")
    assert (work.title, work.creators, work.rating) == ("Salt", ["brine"], "General Audiences")
    assert work.source_url == "https://archiveofourown.org/works/42"
    assert work.categories == ["Gen", "Multi"]
    assert work.status == "complete"
    assert [b.text for b in work.chapters[0].blocks] == ["The sea kept everything."]


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 broken", "not a readable ZIP"),
        (zip_of({"mimetype": b"application/epub+zip"}), "lacks META-INF/container.xml"),
        (zip_of({f"f{i}.txt": b"" for i in range(2001)}), "more than 2000 files"),
        (zip_of({"bomb.xhtml": b"\0" * (21 * 1024 * 1024)}), "suspiciously large"),
        (zip_of({"bomb.xhtml": b"\0" * (3 * 1024 * 1024)}), "suspiciously large"),
    ],
)
def test_broken_and_hostile_zips_are_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse(data, name="bad.epub")


def test_xml_entities_are_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><container>&lol2;</container>'
    )
    data = build_epub(chapters=[("x", CHAPTER_TWO)], extra={"META-INF/container.xml": laughs})
    with pytest.raises(FormatError, match="declares XML entities"):
        parse(data, name="laughs.epub")


def test_external_entity_file_is_never_read() -> None:
    opf_with_xxe = build_epub(chapters=[("x", CHAPTER_TWO)], extra={
        "META-INF/container.xml": b'<?xml version="1.0"?><!DOCTYPE c SYSTEM "file:///etc/passwd">'
        b'<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        b'<rootfile full-path="OEBPS/content.opf"/></rootfiles></container>',
    })  # fmt: skip
    work = parse(opf_with_xxe, name="xxe.epub")
    assert "root:" not in work.to_json()


def test_manifest_paths_outside_the_book_are_not_followed() -> None:
    opf = (
        b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        b'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata>'
        b'<manifest><item id="c" href="../../../../etc/passwd" media-type="application/xhtml+xml"/>'
        b'</manifest><spine><itemref idref="c"/></spine></package>'
    )
    data = build_epub(chapters=[], extra={"OEBPS/content.opf": opf})
    with pytest.raises(FormatError, match="no readable chapters"):
        parse(data, name="escape.epub")


FANFICFARE_BOOK = (
    Path(__file__).parent / "families" / "fanficfare" / "fff-cartographer-epub-tablepage.epub"
)


@pytest.mark.parametrize("keep_credit", [True, False])
def test_a_fanficfare_book_run_through_a_converter_keeps_its_title_page_out_of_the_story(
    keep_credit: bool,
) -> None:
    """Calibre renames FanFicFare's page classes (and may drop its credit): the title page,
    contents and update log are still known by what they hold."""
    source = zipfile.ZipFile(io.BytesIO(FANFICFARE_BOOK.read_bytes()))
    members = {}
    for name in source.namelist():
        data = source.read(name)
        if name.endswith(".xhtml"):
            data = re.sub(rb'class="fff_\w+"', b'class="calibre"', data)
        if name.endswith(".opf") and not keep_credit:
            data = re.sub(rb"<dc:contributor[^>]*>[^<]*FanFicFare[^<]*</dc:contributor>", b"", data)
        members[name] = data

    work = parse(zip_of(members), name="converted.epub")

    assert [c.title for c in work.chapters] == ["The Blank Edge", "Soundings", "Here Be Nothing"]
    assert work.fandoms == ["Lanterns of Veyra"]
    assert work.status == "complete"
    assert work.rating == "T"
    assert not any("Packaged" in b.text for c in work.chapters for b in c.blocks)
