"""HTML parsers on original sample pages written for these tests (tests/formats/samples)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ficarchive.formats import FormatError, parse
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.registry import sniff_format

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> ParsedWork:
    return parse((SAMPLES / name).read_bytes(), name=name)


def texts(work: ParsedWork, chapter: int = 0) -> list[str]:
    return [b.text if b.type == "paragraph" else "---" for b in work.chapters[chapter].blocks]


def test_fanfiction_net_page() -> None:
    work = sample("ffn-page.html")
    assert work.title == "Glass Orchard"
    assert work.creators == ["Ivy Marlowe"]
    assert work.rating == "K+"
    assert work.language == "en"
    assert work.status == "in-progress"
    assert work.fandoms == ["Hollowmere"]
    assert work.characters == ["Tam", "Old Wick"]
    assert work.tags == ["Adventure", "Friendship"]
    assert (work.published, work.updated) == (dt.date(2021, 1, 1), dt.date(2021, 1, 7))
    assert work.source_site == "fanfiction.net"
    assert work.disclaimer == "Hollowmere is not mine."
    assert work.notes_end == "Thanks for reading! Chapter two is coming soon."
    assert [c.title for c in work.chapters] == ["Frost"], "one page is one chapter"
    assert texts(work) == [
        "The first frost came in October, and the glass trees came with it.",
        "Tam touched one. It rang like a bell.",
        "---",
        "Old Wick said the orchard was older than the village.",
        '"Older than the hill," he added.',
    ]
    assert "<em>October</em>" in work.chapters[0].body_html, "emphasis survives"
    assert "<strong>hill</strong>" in work.chapters[0].body_html


def test_ao3_work_page_one_chapter() -> None:
    work = sample("ao3-work.html")
    assert work.title == "Lamplighter"
    assert work.creators == ["pennywhistle"]
    assert work.rating == "Mature"
    assert work.warnings == ["Graphic Depictions Of Violence", "Major Character Death"]
    assert work.relationships == ["Tam/Elspeth"]
    assert work.tags == ["Angst"], "categories are not tags"
    assert work.categories == ["F/F"], "AO3's Category is kept as a category"
    assert work.status == "complete"
    assert work.source_url == "https://archiveofourown.org/works/5550001"
    assert work.summary == "One lamp, one night, one choice."
    assert work.betas == ["marrow_and_moss"]
    assert work.notes_end == "Written for the Lamplight fest."
    assert texts(work) == [
        "Elspeth lit the last lamp at the end of the pier and did not look back.",
        "Behind her the town went dark, window by window.",
        "---",
        "In the morning there was only the lamp, still burning.",
    ]


def test_ao3_html_download_with_chapters_and_notes() -> None:
    work = sample("ao3-download.html")
    assert work.title == "Salt and Iron"
    assert work.creators == ["anvil_song", "hearthwise"]
    assert work.status == "in-progress"
    assert (work.published, work.updated) == (dt.date(2023, 1, 5), dt.date(2023, 2, 10))
    assert work.notes_begin == "Our first collaboration!"
    assert [c.title for c in work.chapters] == ["The Forge", "Quench"]
    assert work.chapters[1].notes_begin == "A short one this time."
    assert work.chapters[1].notes_end == "Next time: the iron."
    assert texts(work, 1) == ["Salt water, Wick said, for the blades that must not break."]


def test_efiction_printable_view() -> None:
    work = sample("efiction.html")
    assert (work.title, work.creators) == ("Bellwether", ["Sorrel Quince"])
    assert work.rating == "G"
    assert work.warnings == []
    assert work.status == "in-progress"
    assert work.source_site == "hollow.example.org"
    assert work.disclaimer == "Not mine."
    assert work.chapters[0].title == "The Flock"
    assert texts(work) == [
        "The sheep came down from the hill a day early.",
        "Tam counted them twice.",
        "---",
        "Then the snow came.",
    ]


def test_dreamwidth_post_with_header() -> None:
    work = sample("dreamwidth.html")
    assert (work.title, work.creators) == ("Ember Hours", ["wickwright"])
    assert work.source_site == "dreamwidth.org"
    assert work.published == dt.date(2015, 11, 2)
    assert work.summary == "The forge at midnight."
    assert work.betas == ["tallowmoth"]
    assert texts(work)[-1] == "By morning the horseshoes were done, all twelve of them."
    assert texts(work).count("---") == 1


def test_generic_page_finds_the_story_and_drops_the_site() -> None:
    work = sample("generic.html")
    assert (work.title, work.creators) == ("The Ferryman's Daughter", ["Mirela Stone"])
    assert work.betas == ["Juniper"]
    assert [c.title for c in work.chapters] == [None, "Flood"]
    assert texts(work, 0)[1] == "Nell\u2019s father had rowed it for thirty years.", "cp1252"
    body = " ".join(" ".join(texts(work, i)) for i in range(2))
    for chrome in ("Home", "guestbook", "Back to stories", "The End", "Netscape"):
        assert chrome not in body


def test_hostile_markup_never_reaches_the_stored_html() -> None:
    page = (
        b"<html><body><p>Story <script>window.__xss=1</script>text.</p>"
        b'<p onclick="x()">More <img src=x onerror="alert(1)"> text here.</p>'
        b"<p>Last line of the story.</p></body></html>"
    )
    work = parse(page, name="hostile.html")
    html = work.chapters[0].body_html
    assert "script" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert texts(work)[0] == "Story text."


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"<!DOCTYPE html><html>", "html"),
        (b"\xef\xbb\xbf<html>", "html"),
        (b"Some text <br> with a break", "html"),
        (b"PK\x03\x04rest", "epub"),
        (b"Chapter 1\n\nJust text.", "text"),
        ("<html><body>x".encode("utf-16"), "html"),
    ],
)
def test_sniffing_reads_the_content_not_the_name(data: bytes, kind: str) -> None:
    assert sniff_format(data) == kind


def test_page_without_story_is_a_format_error() -> None:
    with pytest.raises(FormatError):
        parse(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", name="empty.html")


def test_fanficfare_single_file_html() -> None:
    work = sample("fanficfare.html")
    assert (work.title, work.creators) == ("Orchard Keeping", ["Ivy Marlowe"])
    assert work.fandoms == ["Hollowmere"]
    assert work.tags == ["Adventure", "Friendship"]
    assert work.status == "complete"
    assert work.rating == "K+"
    assert work.source_site == "www.fanfiction.net"
    assert work.summary == "The orchard, in two seasons."
    assert [c.title for c in work.chapters] == ["Frost", "Thaw"]
    assert work.chapters[0].notes_begin == "Thanks to Perrin for the beta!"
    assert work.betas == ["Perrin"]
    assert texts(work, 1) == ["In spring the glass ran like water."]
    assert work.chapters[1].notes_end == "The end, thank you for reading!"
    assert work.categories == [], "FanFicFare's Category is the fandom, not AO3's category"


def test_fanficfare_title_page_keeps_ao3_categories() -> None:
    data = (
        (SAMPLES / "fanficfare.html")
        .read_bytes()
        .replace(
            b"<tr><td><b>Category:</b></td><td>Hollowmere</td></tr>",
            b"<tr><td><b>Category:</b></td><td>Hollowmere</td></tr>"
            b"<tr><td><b>AO3 Categories:</b></td><td>F/M, Gen</td></tr>",
        )
    )
    work = parse(data, name="fanficfare.html")
    assert work.fandoms == ["Hollowmere"]
    assert work.categories == ["F/M", "Gen"]


POEM_PAGE = """<html><body><h1>Sea Song</h1><p>by Wren</p>
<p>The tide came in<br>and the tide went out,<br>and <em>nobody</em> asked<br/>
what it was about.</p>
<p>A second stanza<br>that ends on a break<br></p>
<p><br>Dear Tam,<br>the lighthouse is dark tonight.</p>
</body></html>"""


def test_a_single_line_break_inside_a_paragraph_stays_a_line_break() -> None:
    work = parse(POEM_PAGE.encode(), name="poem.html")

    [first, second, letter] = work.chapters[0].blocks
    assert first.text == (
        "The tide came in and the tide went out, and nobody asked what it was about."
    )
    assert first.html == (
        "The tide came in<br>and the tide went out,<br>and <em>nobody</em> asked<br>"
        "what it was about."
    )
    assert (second.text, second.html) == (
        "A second stanza that ends on a break",
        "A second stanza<br>that ends on a break",
    ), "a break at a paragraph's edge draws nothing"
    assert letter.html == "Dear Tam,<br>the lighthouse is dark tonight."


def test_paragraphs_ended_by_single_line_breaks_stay_paragraphs() -> None:
    sentence = "She walked the long road home past the orchards and the mill, counting crows. "
    lines = [f"{sentence * 3}Line {n}.<br>" for n in range(4)]
    page = f"<html><body><h1>Road Home</h1><p>by Wren</p><div>{''.join(lines)}</div></body></html>"

    blocks = parse(page.encode(), name="road.html").chapters[0].blocks

    assert [b.text[-7:] for b in blocks] == ["Line 0.", "Line 1.", "Line 2.", "Line 3."]
    assert all("<br>" not in b.html for b in blocks)


def test_a_page_saved_by_the_browser_knows_its_address_and_chapter() -> None:
    page = (
        "<!-- saved from url=(0066)"
        "http://archive.example.org/fics/viewstory.php?sid=7&chapter=2 -->"
        "<html><body><h1>Ferry Bell</h1><p>by Nell Harrow</p>"
        "<p>The bell rang twice that night, and nobody came down to the water.</p></body></html>"
    )

    work = parse(page.encode(), name="page.html")

    assert work.source_url == "http://archive.example.org/fics/viewstory.php?sid=7&chapter=2"
    assert work.chapter_number == 2
