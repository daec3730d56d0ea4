"""Twisting the Hellmouth story pages, as text and as HTML, beyond the family files."""

from __future__ import annotations

import datetime as dt

import pytest

from ficarchive.formats import parse, tth_stats, tth_text
from ficarchive.formats.model import ParsedWork

BANNER = (
    "Twisting The Hellmouth Crossing Over Awards Home | Browse | Search | Authors | Recent | "
    "Forums | Help | Login"
)
FOOT = [
    "StoryReviewTracking",
    "Recommend",
    "Report",
    "",
    "Twisting The Hellmouth is an archive of crossover fan fiction. "
    "All stories are copyright their authors.",
]
TABLE = [
    "Categories\tGenres\tRating\tChapters\tWords\tRecs\tReviews\tHits\tPublished\tUpdated\tComplete",
]


def text_page(*, above: list[str], values: str, below: list[str]) -> ParsedWork:
    lines = [BANNER, "", *above, "", *TABLE, values, "", *below, "", *FOOT]
    return parse("\n".join(lines).encode(), name="page.txt")


def paragraphs(work: ParsedWork) -> list[str]:
    return [b.text if b.type == "paragraph" else "---" for b in work.chapters[0].blocks]


def test_completed_one_shot_as_text_is_the_whole_story() -> None:
    work = text_page(
        above=[
            "Small Hours",
            "",
            "by Tamsin Achterberg",
            "",
            "Large Print | Handheld",
            "",
            "Summary: Giles cannot sleep.",
            "A second paragraph of summary.",
        ],
        values="Stargate SG-1 > Giles-Centered\tDrama\tFR7\t1\t1,000\t0\t2\t300\t3 Mar 09\t"
        "3 Mar 09\tYes",
        below=[
            "Disclaimer: This story is based on characters and situations created and owned "
            "by Joss Whedon. No money is being made from this story.",
            "",
            "Giles made tea at three in the morning.",
            "",
            "It did not help.",
            "",
            "The End",
        ],
    )
    assert work.title == "Small Hours"
    assert work.creators == ["Tamsin Achterberg"]
    assert work.summary == "Giles cannot sleep. A second paragraph of summary."
    assert (work.rating, work.status) == ("FR7", "complete")
    assert work.published == work.updated == dt.date(2009, 3, 3)
    assert (work.chapter_number, work.story_chapters) == (None, 1)
    assert work.fandoms == ["Stargate SG-1", tth_stats.BTVS]
    assert work.characters == ["Giles"]
    assert "Joss Whedon" in (work.disclaimer or "")
    assert [c.title for c in work.chapters] == [None]
    assert paragraphs(work) == ["Giles made tea at three in the morning.", "It did not help."]


def test_chapter_page_as_text_keeps_its_notes_and_knows_its_place() -> None:
    work = text_page(
        above=[
            "Title:\tLong Way Round",
            "Author:\tOsric Pennyfeather",
            "Rating:\tFR15",
            "Summary:\tXander takes the bus.",
            "https://www.tthfanfic.org/Story-4242-2/Pennyfeather+Long+Way+Round.htm",
        ],
        values="Supernatural > Xander-Centered\tHumor\tFR15\t3\t9,000\t1\t5\t800\t1 Feb 11\t"
        "9 Feb 11\tNo",
        below=[
            "1. Departure",
            "2. The Middle Bit",
            "3. Arrival",
            "",
            "Chapter Two: The Middle Bit",
            "",
            "A/N: Thanks to Quillon for the beta-read.",
            "",
            "The bus broke down outside Lawrence.",
            "",
            "* * *",
            "",
            "Dean Winchester pulled over.",
            "",
            "A/N: More soon.",
            "",
            "Previous Chapter | Next Chapter",
        ],
    )
    assert work.title == "Long Way Round"
    assert work.source_url == "https://www.tthfanfic.org/Story-4242"
    assert (work.chapter_number, work.story_chapters) == (2, 3)
    assert [c.title for c in work.chapters] == ["The Middle Bit"]
    assert work.notes_begin == "Thanks to Quillon for the beta-read."
    assert work.notes_end == "More soon."
    assert work.betas == ["Quillon"]
    assert paragraphs(work) == [
        "The bus broke down outside Lawrence.",
        "---",
        "Dean Winchester pulled over.",
    ]


def test_only_a_previous_button_means_the_last_chapter() -> None:
    work = text_page(
        above=["Endgame", "by Ro"],
        values="Angel > Pairing: Cordelia\tRomance\tFR13\t4\t8,000\t0\t0\t10\t1 Jan 20\t"
        "2 Feb 20\tYes",
        below=["Cordelia woke up in Pylea again.", "", "Previous Chapter"],
    )
    assert (work.chapter_number, work.story_chapters) == (4, 4)
    assert work.characters == ["Cordelia"]
    assert paragraphs(work) == ["Cordelia woke up in Pylea again."]


def test_a_table_of_other_columns_is_no_tth_page() -> None:
    text = "A Story\n\nName\tAge\tTown\nAnn\t30\tLeeds\n\nShe walked home.\n"
    assert not tth_text.is_tth_text(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5 Sep 14", dt.date(2014, 9, 5)), ("30\u00a0Jun\u00a010", dt.date(2010, 6, 30))],
)
def test_tth_dates(value: str, expected: dt.date) -> None:
    assert tth_stats.parse_date(value) == expected


def test_categories_name_the_fandom_crossed_with_buffy() -> None:
    work = ParsedWork(title="", source_format="text", chapters=[])
    tth_stats.read_categories(["BtVS/AtS Non-Crossover > Willow-Centered"], work)
    assert (work.fandoms, work.characters) == ([tth_stats.BTVS], ["Willow"])
    other = ParsedWork(title="", source_format="text", chapters=[])
    tth_stats.read_categories(["Non-BtVS/AtS Stories > Harry Potter"], other)
    assert other.fandoms == ["Harry Potter"]


OLD_PAGE = """<html><head><title>Night Shift, Chapter 2 - Twisting The Hellmouth</title>
<link rel="canonical" href="http://www.tthfanfic.org/Story-777-2/Bracken+Night+Shift.htm">
</head><body>
<div id="mainnav"><a href="/">Home</a> | <a href="/Browse.html">Browse</a></div>
<div id="storyinnerbody">
<h2>Night Shift</h2>
<p>by <a href="https://www.tthfanfic.org/AuthorStories-12/Bracken.htm">Bracken</a> and
<a href="https://www.tthfanfic.org/AuthorStories-13/Fenn.htm">Fenn</a></p>
<div><a href="/Story-777/LargePrint.htm">Large Print</a> |
<a href="/Story-777/Handheld.htm">Handheld</a></div>
<table class="verticaltable">
<tr><th>Categories</th><th>Genres</th><th>Rating</th><th>Chapters</th><th>Words</th>
<th>Published</th><th>Updated</th><th>Complete</th></tr>
<tr><td><a href="/Category-9/x.htm">Firefly</a> &gt;
<a href="/Category-10/x.htm">Faith-Centered</a><br>
<a href="/Category-11/x.htm">Stargate</a></td><td>Drama</td><td>FR18</td><td>2</td><td>900</td>
<td>1 Oct 07</td><td>8 Oct 07</td><td>Yes</td></tr>
</table>
<form><select name="chapnav"><option value="/Story-777-1/x.htm">1. Dusk</option>
<option value="/Story-777-2/x.htm" selected>2. Dawn</option></select></form>
<h3>Dawn</h3>
<p>Faith clocked off at six.</p>
<p>Mal was waiting at the door.</p>
<p><a href="/Story-777-1/x.htm">Previous Chapter</a></p>
</div>
<div id="footer">Twisting The Hellmouth is an archive of crossover fan fiction.</div>
</body></html>"""


def test_older_html_page_with_the_text_in_storyinnerbody() -> None:
    work = parse(OLD_PAGE.encode(), name="page.html")
    assert work.title == "Night Shift"
    assert work.creators == ["Bracken", "Fenn"]
    assert work.source_site == "tthfanfic.org"
    assert work.source_url == "https://www.tthfanfic.org/Story-777"
    assert (work.chapter_number, work.story_chapters) == (2, 2)
    assert (work.rating, work.status) == ("FR18", "complete")
    assert (work.published, work.updated) == (dt.date(2007, 10, 1), dt.date(2007, 10, 8))
    assert work.fandoms == ["Firefly", "Stargate", tth_stats.BTVS]
    assert work.characters == ["Faith"]
    assert [c.title for c in work.chapters] == ["Dawn"]
    assert paragraphs(work) == ["Faith clocked off at six.", "Mal was waiting at the door."]


def test_html_page_title_gives_the_story_title_when_the_heading_is_missing() -> None:
    page = OLD_PAGE.replace("<h2>Night Shift</h2>", "")
    assert parse(page.encode(), name="page.html").title == "Night Shift"


def test_html_table_without_its_names_is_read_in_the_usual_order() -> None:
    page = OLD_PAGE.replace(
        """<tr><th>Categories</th><th>Genres</th><th>Rating</th><th>Chapters</th><th>Words</th>
<th>Published</th><th>Updated</th><th>Complete</th></tr>""",
        "",
    ).replace(
        "<td>900</td>\n<td>1 Oct 07</td>",
        "<td>900</td><td>0</td><td>0</td><td>12</td>\n<td>1 Oct 07</td>",
    )
    work = parse(page.encode(), name="page.html")
    assert (work.rating, work.status, work.story_chapters) == ("FR18", "complete", 2)
    assert (work.published, work.updated) == (dt.date(2007, 10, 1), dt.date(2007, 10, 8))
