"""Hand-made fan-site pages, journal entries and mailing-list posts: small pages written here."""

from __future__ import annotations

import datetime as dt

import pytest

from ficarchive.formats import parse
from ficarchive.formats.chrome import is_site_chrome
from ficarchive.formats.conventions import is_scene_break
from ficarchive.formats.model import ParsedWork

STORY = (
    "<p>The lighthouse keeper counted the ships every night, though none had come in years.</p>"
    "<p>Tonight there was one.</p>"
)


def texts(work: ParsedWork, chapter: int = 0) -> list[str]:
    return [b.text if b.type == "paragraph" else "---" for b in work.chapters[chapter].blocks]


@pytest.mark.parametrize("line", ["~", "〜", "＊＊＊", "§", "❦", "* * *", "~*~", "+ + +"])
def test_a_lone_glyph_or_full_width_ornament_is_a_scene_break(line: str) -> None:
    assert is_scene_break(line)


@pytest.mark.parametrize("line", ["...", "…", "--", "-", "OK", "x"])
def test_punctuation_a_character_might_say_is_no_scene_break(line: str) -> None:
    assert not is_scene_break(line)


def test_a_header_table_of_label_and_value_rows_gives_the_fields() -> None:
    page = (
        "<html><head><title>Beacon - a Hollowmere story by Mara Quill</title></head><body>"
        "<table><tr><td><b>Title</b></td><td>Beacon</td></tr>"
        "<tr><td><b>Author</b></td><td>Mara Quill</td></tr>"
        "<tr><td><b>Rating:</b></td><td>PG</td></tr></table>"
        f"{STORY}</body></html>"
    )
    work = parse(page.encode(), name="beacon.html")
    assert (work.title, work.creators, work.rating) == ("Beacon", ["Mara Quill"], "PG")
    assert texts(work)[0].startswith("The lighthouse keeper")


def test_a_page_title_credits_the_author_when_the_page_names_none() -> None:
    head = "<head><title>Beacon - a Hollowmere story by Mara Quill</title></head>"
    page = f"<html>{head}<body>{STORY}</body></html>"
    work = parse(page.encode(), name="beacon.html")
    assert (work.title, work.creators, work.fandoms) == ("Beacon", ["Mara Quill"], ["Hollowmere"])


def test_a_labelled_author_beats_the_by_in_a_title_line() -> None:
    page = (
        "<html><body><h1>Stone by Stone</h1><p><b>Author:</b> Mara Quill<br><b>Rating:</b> G</p>"
        f"{STORY}</body></html>"
    )
    work = parse(page.encode(), name="stone.html")
    assert (work.title, work.creators) == ("Stone by Stone", ["Mara Quill"])


def test_a_centred_title_block_gives_title_author_and_facts() -> None:
    page = (
        "<html><body><center><i>Beacon</i><br>by Mara Quill<br>"
        "Hollowmere &middot; Tam, Wick &middot; rated G &middot; 2004</center>"
        f"{STORY}</body></html>"
    )
    work = parse(page.encode(), name="beacon.html")
    assert (work.title, work.creators) == ("Beacon", ["Mara Quill"])
    assert (work.rating, work.fandoms) == ("G", ["Hollowmere"])


def test_links_to_other_parts_and_up_the_site_are_not_story() -> None:
    for chrome in ("« Part 1 | Part 3 »", "Back to Poetry · Home", "Home > Fiction > Beacon"):
        assert is_site_chrome(chrome), chrome
    assert not is_site_chrome("Part Two"), "a heading on its own is not navigation"


def test_the_end_of_a_hand_made_page_the_plea_pointer_and_sign_off_leave_the_text() -> None:
    page = (
        f"<html><body><h1>Beacon</h1>{STORY}<p>Continued in part two.</p><p>The End</p><hr>"
        "<p>Feedback welcome! mara@example.org</p>"
        "<p><a href='fic.html'>Back to Fiction</a> | <a href='/'>Home</a></p></body></html>"
    )
    work = parse(page.encode(), name="beacon.html")
    assert texts(work)[-1] == "Tonight there was one."
    assert work.notes_end == "Feedback welcome! mara@example.org"
    assert work.status == "complete", "'The End' under the last part"


def test_an_old_livejournal_style_prints_the_date_without_marking_it() -> None:
    page = (
        "<html><body><table><tr><td><span class='ljuser'><b>quill</b></span></td>"
        "<td><font size='-1'>Jun. 3rd, 2009 at 9:14 PM</font></td></tr></table>"
        "<div class='entry_subject'><b>Fic: Beacon</b></div>"
        f"<div class='entry_text'>{STORY}</div>"
        "<div class='comment'>Jun. 4th, 2009 02:01 am (UTC) Lovely!</div></body></html>"
    )
    work = parse(page.encode(), name="entry.html")
    assert work.published == dt.date(2009, 6, 3)
    assert (work.title, work.creators) == ("Beacon", ["quill"])


def test_a_current_livejournal_page_dates_the_entry_with_a_time_element() -> None:
    page = (
        "<html><body><article class='b-singlepost'><h1 class='b-singlepost-title'>Beacon</h1>"
        "<a class='i-ljuser-username' href='https://quill.livejournal.com/'><b>quill</b></a>"
        "<time class='published dt-published' datetime='2017-02-19T23:52'>Feb 19</time>"
        f"<div class='b-singlepost-body entry-content'>{STORY}</div></article></body></html>"
    )
    work = parse(page.encode(), name="entry.html")
    assert (work.published, work.creators, work.source_site) == (
        dt.date(2017, 2, 19),
        ["quill"],
        "livejournal.com",
    )


MESSAGE = """From: Mara Quill <mara@example.org>
To: hollowfic@lists.example.org
Subject: NEW: Beacon 1/1 (G)
Date: Sun, 15 Mar 1998 09:00:00 -0500

EMAIL: mara@example.org
RATING: G

The lighthouse keeper counted the ships every night, though none had come
in years.

Tonight there was one.

--
Mara * http://example.org/~mara/
"""


def test_a_mailing_list_message_gives_date_title_and_author_and_drops_its_signature() -> None:
    work = parse(MESSAGE.encode(), name="message.txt")
    assert (work.title, work.creators, work.rating) == ("Beacon", ["Mara Quill"], "G")
    assert work.published == dt.date(1998, 3, 15)
    assert texts(work) == [
        "The lighthouse keeper counted the ships every night, though none had come in years.",
        "Tonight there was one.",
    ]
