"""eFiction 3.x pages in skins and views the family files do not show, and their addresses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ficarchive.formats import parse
from ficarchive.formats.efiction import is_ornament
from ficarchive.formats.model import ParsedWork
from ficarchive.formats.source_ids import source_id

SAMPLES = Path(__file__).parent / "samples"


def texts(work: ParsedWork, chapter: int = 0) -> list[str]:
    return [b.text if b.type == "paragraph" else "---" for b in work.chapters[chapter].blocks]


def test_default_skin_story_page_is_chapter_one_of_three() -> None:
    """The script's default viewstory.tpl: no story block, no chapter heading; the chapter's
    title only in the jump menu; a symbol drawn as the scene break."""
    work = parse(
        (SAMPLES / "efiction-default-skin-chapter1.html").read_bytes(), name="viewstory.php.html"
    )
    assert (work.title, work.creators) == ("Windfall", ["Hester Vale"])
    assert (work.chapter_number, work.story_chapters) == (1, 3)
    assert [c.title for c in work.chapters] == ["The Ladder"]
    assert texts(work) == [
        "The wind took the last apples in the night.",
        "Mara found them in the grass at dawn, bruised and sweet.",
        "---",
        "By noon the wasps had found them too.",
    ]
    assert work.notes_begin == "For the harvest swap."
    assert work.disclaimer == "the orchard is my aunt's."
    assert work.chapters[0].notes_begin == "Beta'd by Corin Ash."
    assert work.chapters[0].notes_end == "Cider next time."
    assert work.betas == ["Corin Ash"]


def test_printable_view_of_the_whole_story_as_the_script_prints_it() -> None:
    """printstory.tpl as the script ships it: the title as text, co-authors, each chapter
    heading an anchor and a title without its number, "Author's Notes:", "End Notes:",
    the chapter index above, dates written day first."""
    work = parse((SAMPLES / "efiction-printstory-all.html").read_bytes(), name="print.html")
    assert (work.title, work.creators) == ("Salt and Iron", ["Bryn Tal", "Odile M."])
    assert work.fandoms == ["Original Fiction"]
    assert (work.characters, work.relationships) == ([], ["Ines/Ruth"])
    assert (work.published, work.updated) == (dt.date(2014, 5, 23), dt.date(2014, 6, 2))
    assert work.status == "in-progress"
    assert work.chapter_number is None, "the whole story, not one page of it"
    assert [c.title for c in work.chapters] == ["Bellows", "Quench"]
    assert work.chapters[0].notes_begin == "Our first collaboration."
    assert work.chapters[1].notes_end == "To be continued."
    assert texts(work, 0) == ["Ines worked the bellows.", "Ruth watched the fire."]
    assert work.source_url == "http://tidewater.example.com/fic/viewstory.php?sid=5"
    assert work.source_site == "tidewater.example.com"


STORY_PAGE_TEXT = """The Lantern Room
Home | Browse | Search | Login

Northlight by Ansel Gray

[Reviews - 0]   Printer: Chapter or Story
Table of Contents

Summary: A lighthouse keeper's last winter,
told in the logbook.
Rated: PG   Categories: Original Fiction   Characters: None
Genres: Drama   Warnings: None
Series: None
Chapters: 3   Completed: No   Word count: 3100   Read: 12
Published: 01/04/2010   Updated: 01/20/2010

Author's Chapter Notes:
Thanks to my sister for the beta.

The lamp needed oil again.

He climbed the hundred steps with the can on his shoulder and did not count them.

Chapter End Notes:
Next: the storm.

Next

This story archived at http://lantern.example.org/viewstory.php?sid=3
"""


def test_story_page_text_of_chapter_one_with_notes_and_no_heading() -> None:
    work = parse(STORY_PAGE_TEXT.encode(), name="northlight.txt")
    assert (work.title, work.creators) == ("Northlight", ["Ansel Gray"])
    assert work.summary == "A lighthouse keeper's last winter, told in the logbook."
    assert (work.rating, work.fandoms, work.tags, work.warnings) == (
        "PG",
        ["Original Fiction"],
        ["Drama"],
        [],
    )
    assert (work.chapter_number, work.story_chapters) == (1, 3), "only a Next link"
    assert texts(work) == [
        "The lamp needed oil again.",
        "He climbed the hundred steps with the can on his shoulder and did not count them.",
    ]
    assert work.notes_begin == "Thanks to my sister for the beta."
    assert work.notes_end == "Next: the storm."
    assert work.source_url == "http://lantern.example.org/viewstory.php?sid=3"


def test_printable_text_with_the_chapter_index_and_a_closing_disclaimer() -> None:
    text = """Archive

Ember by Rook

Summary: Fire.
Rated: G
Categories: Original Fiction Characters: None
Chapters: 2 Completed: Yes Word count: 12 Read: 1
Published: 2012-03-01 Updated: 2012-03-02

1. Spark by Rook
2. Flame by Rook

1. Spark by Rook

It caught.

2. Flame by Rook

It burned all night.

Disclaimer: All characters are the author's.

This story archived at http://ember.example.org/viewstory.php?sid=8
"""
    work = parse(text.encode(), name="ember.txt")
    assert [c.title for c in work.chapters] == ["Spark", "Flame"]
    assert [texts(work, i) for i in range(2)] == [["It caught."], ["It burned all night."]]
    assert work.disclaimer == "All characters are the author's."
    assert work.chapter_number is None


@pytest.mark.parametrize(
    "url",
    [
        "http://archive.example.org/fics/viewstory.php?sid=12",
        "http://archive.example.org/fics/viewstory.php?sid=12&chapter=3",
        "http://archive.example.org/fics/viewstory.php?sid=12&i=1",
        "http://archive.example.org/fics/viewstory.php?action=printable&sid=12&textsize=0&chapter=all",
        "http://archive.example.org/fics/viewstory.php?sid=12&amp;chapter=2#top",
    ],
)
def test_efiction_addresses_of_one_story_have_one_canonical_form(url: str) -> None:
    found = source_id(url)
    assert found is not None
    assert found.url == "http://archive.example.org/fics/viewstory.php?sid=12"


def test_efiction_story_saved_from_another_host_spelling_or_scheme_is_the_same() -> None:
    found = source_id("https://www.archive.example.org/viewstory.php?sid=4&chapter=2")
    assert found is not None
    assert found.url == "https://www.archive.example.org/viewstory.php?sid=4"
    assert "http://archive.example.org/viewstory.php?sid=4" in found.prefixes


def test_other_efiction_stories_and_pages_stay_apart() -> None:
    one, two = (
        source_id("http://a.example/viewstory.php?sid=1"),
        source_id("http://a.example/viewstory.php?sid=2&chapter=1"),
    )
    assert one is not None
    assert two is not None
    assert one.url != two.url
    assert one.url not in two.prefixes
    other_archive = source_id("http://b.example/viewstory.php?sid=1")
    assert other_archive is not None
    assert other_archive.url not in one.prefixes
    user = source_id("http://a.example/viewuser.php?uid=1&chapter=2")
    assert user is not None
    assert user.url == "http://a.example/viewuser.php?uid=1&chapter=2"


@pytest.mark.parametrize(
    ("text", "is_break"), [("≈ ≈ ≈", True), ("❧", True), ("…", False), ("?!", False), ("A.", False)]
)
def test_a_line_of_any_symbols_is_a_scene_break(text: str, is_break: bool) -> None:
    assert is_ornament(text) is is_break
