"""The text parser on small original samples written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ficarchive.formats import FormatError, parse
from ficarchive.formats.model import ParsedWork

TOOLBAR = "full\u00a03/4\u00a01/2\u00a0\u00a0 skin\u00a0light\u00a0dark\u00a0\u00a0"

FFN_SCRAPE = f"""{TOOLBAR}
\u00a0
Moth Season by quillfeather
\u00a0
Moth Season
\u00a0
Disclaimer: The Lantern Coast belongs to its studio, not to me.
\u00a0
A/N: For Rue, who wanted moths. Beta'd by Hollis Grey, who fixed my tenses.

~~~

The moths came in on the west wind, as they did every August.

Mara left the porch light on for them anyway.

* * *

By morning the screen door was furred with wings, soft as ash.

She swept them into a jar and carried it to the cliff.

~~~

A/N: Thanks for reading! Reviews feed the moths.
"""


def parse_text(text: str, encoding: str = "utf-8", name: str = "story.txt") -> ParsedWork:
    return parse(text.encode(encoding), name=name)


def paragraphs(work: ParsedWork, chapter: int = 0) -> list[str]:
    return [b.text for b in work.chapters[chapter].blocks if b.type == "paragraph"]


def test_scraped_page_gives_title_creator_notes_and_clean_body() -> None:
    work = parse_text(FFN_SCRAPE)

    assert work.title == "Moth Season"
    assert work.creators == ["quillfeather"]
    assert work.disclaimer == "The Lantern Coast belongs to its studio, not to me."
    assert work.notes_begin is not None
    assert work.notes_begin.startswith("For Rue")
    assert work.notes_end == "Thanks for reading! Reviews feed the moths."
    assert work.betas == ["Hollis Grey"]
    assert len(work.chapters) == 1
    assert [b.type for b in work.chapters[0].blocks] == [
        "paragraph", "paragraph", "scene_break", "paragraph", "paragraph",
    ]  # fmt: skip
    body = " ".join(paragraphs(work))
    for chrome in ("skin", "3/4", "A/N", "~~~", "quillfeather", "Disclaimer", "Moth Season"):
        assert chrome not in body
    assert work.word_count == 46


def test_single_newline_paragraphs_in_windows_1252_decode_cleanly() -> None:
    text = (
        "The Last Tram\r\nby Odile Fenn\r\n\r\n"
        "\t\u201cLast one,\u201d said the driver\u2014and meant it.\r\n"
        "     Ivo paid in coins\u2026 all of them.\r\n"
        "                    * * *\r\n"
        "\tThe depot was dark when they arrived.\r\n"
    )
    work = parse_text(text, encoding="cp1252")

    assert work.title == "The Last Tram"
    assert work.creators == ["Odile Fenn"]
    assert paragraphs(work) == [
        "\u201cLast one,\u201d said the driver\u2014and meant it.",
        "Ivo paid in coins\u2026 all of them.",
        "The depot was dark when they arrived.",
    ]
    assert [b.type for b in work.chapters[0].blocks].count("scene_break") == 1


def test_utf16_with_bom_and_crlf() -> None:
    work = parse_text("Tide by Wren\r\n\r\nThe sea came in.\r\n\r\nIt went out.\r\n", "utf-16")
    assert work.title == "Tide"
    assert paragraphs(work) == ["The sea came in.", "It went out."]


def test_chapter_headings_split_chapters_and_drop_numbering() -> None:
    text = """Three Winters
by Sable Moor

A/N: A story in three parts.

Chapter One \u2013 First Snow

Snow fell on the orchard.

Chapter 2: An Update

A/N: Sorry, this story is on a short break while I move house.

Chapter 3

A/N: Back again!

The thaw came late that year.

The End
"""
    work = parse_text(text)

    assert work.notes_begin == "A story in three parts."
    assert [c.title for c in work.chapters] == ["First Snow", "An Update", None]
    assert paragraphs(work, 0) == ["Snow fell on the orchard."]
    note_only = work.chapters[1]
    assert note_only.blocks == []
    assert note_only.notes_begin is not None
    assert "short break" in note_only.notes_begin
    assert work.chapters[2].notes_begin == "Back again!"
    assert paragraphs(work, 2) == ["The thaw came late that year."], "sign-off is not story text"


def test_separators_at_the_edges_or_doubled_are_not_extra_scene_breaks() -> None:
    text = "Edges by Pim\n\n*****\n\nOne.\n\nxXx\n\n-oOo-\n\nTwo.\n\n#####\n"
    work = parse_text(text)
    assert [b.type for b in work.chapters[0].blocks] == ["paragraph", "scene_break", "paragraph"]


def test_labelled_header_fields_fill_the_metadata() -> None:
    text = """Title: Lantern Keeper
Author: Bryony Hale
Fandom: Greyhaven, Saltwind Tales
Pairing: Nell/Tobias
Characters: Nell Carrow, Tobias
Rating: T
Status: Complete
Summary: The lamp must stay lit.

The lamp had never gone out.
"""
    work = parse_text(text)
    assert work.title == "Lantern Keeper"
    assert work.creators == ["Bryony Hale"]
    assert work.fandoms == ["Greyhaven", "Saltwind Tales"]
    assert work.relationships == ["Nell/Tobias"]
    assert work.characters == ["Nell Carrow", "Tobias"]
    assert work.rating == "T"
    assert work.status == "complete"
    assert work.summary == "The lamp must stay lit."
    assert paragraphs(work) == ["The lamp had never gone out."]


def test_untitled_text_takes_its_title_from_the_file_name() -> None:
    work = parse_text("It was a dark night.\n\nThen it rained.\n", name="rain_story.txt")
    assert work.title == "rain story"
    assert paragraphs(work) == ["It was a dark night.", "Then it rained."]


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", "\u00a0\n".encode()])
def test_empty_input_is_a_clear_format_error(data: bytes) -> None:
    with pytest.raises(FormatError, match="no text"):
        parse(data, name="empty.txt")


def test_contract_json_has_every_key() -> None:
    contract = json.loads(parse_text(FFN_SCRAPE).to_json())
    assert set(contract) >= {
        "title", "creators", "summary", "rating", "warnings", "fandoms", "relationships",
        "characters", "tags", "language", "status", "published", "updated", "notes_begin",
        "notes_end", "betas", "disclaimer", "source", "chapters", "word_count",
    }  # fmt: skip
    assert contract["source"]["format"] == "text"
    assert contract["chapters"][0]["blocks"][2] == {"type": "scene_break"}


def test_a_fanfiction_net_page_saved_as_text_with_wrapped_lines_is_still_read() -> None:
    import textwrap
    from pathlib import Path

    page = Path(__file__).parent / "families" / "ffn" / "ffn-text-crossover-last-chapter.txt"
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(line, 72)) if line.strip() else line
        for line in page.read_text(encoding="utf-8").split("\n")
    )

    work = parse_text(wrapped)

    assert (work.title, work.creators, work.rating) == (
        "Wrong Sky, Right Company",
        ["Kōri no Hana"],
        "T",
    )
    assert (work.status, work.chapter_number, work.story_chapters) == ("complete", 4, 4)
    assert work.source_url == "https://www.fanfiction.net/s/8123456"
    assert [c.title for c in work.chapters] == ["The Long Way Home"]
    assert paragraphs(work)[-1] == (
        "Naruto grinned back, even though she couldn’t see it, and stepped through."
    )


PARTS_BY_MAIL = """TITLE: Short Thaw (1/2)
AUTHOR: Rachel Morrow
CATEGORY: Story, friendship
PAIRING: Fraser/Kowalski, with background Dief
SPOILERS: Through season three

A/N: Written for the winter challenge.
More of the note: thanks to Maggie for the beta.
Disclaimer: Not mine, sadly.

* * *

Part 1 of 2

Ray had been sick for exactly eleven hours.

End Part 1

Part 2 of 2

Fraser set the last shirt on the pile.

THE END

--
Rachel Morrow * rmorrow@example.org
"""


def test_a_story_in_parts_from_a_mailing_list_reads_as_its_author_meant() -> None:
    work = parse_text(PARTS_BY_MAIL.replace("\n", "\n\n").replace("\n\n\n\n", "\n\n"))

    assert work.title == "Short Thaw", "the part count is not the title"
    assert work.relationships == ["Fraser/Kowalski"]
    assert work.tags == ["Story", "friendship", "with background Dief"]
    assert work.fandoms == [], "a hand-made header's category is the kind of story"
    assert work.notes_begin == (
        "Written for the winter challenge.\n\nMore of the note: thanks to Maggie for the beta."
    )
    assert work.disclaimer == "Not mine, sadly."
    assert [paragraphs(work, n) for n in (0, 1)] == [
        ["Ray had been sick for exactly eleven hours."],
        ["Fraser set the last shirt on the pile."],
    ], "part markers, the sign-off and the signature are not story text"


def test_a_copied_ao3_page_keeps_each_chapter_s_own_summary() -> None:
    page = (Path(__file__).parent / "families" / "ao3" / "ao3-page-copied-full-work.txt").read_text(
        encoding="utf-8"
    )
    with_summary = page.replace(
        "Chapter 2: Flint\n", "Chapter 2: Flint\nSummary:\n\nMira makes a bet she cannot lose.\n"
    )
    work = parse(with_summary.encode(), name="copied.txt")
    assert work.summary == "Two lamplighters, one street, and a bet about whose lamps stay lit."
    assert [chapter.summary for chapter in work.chapters] == [
        None,
        "Mira makes a bet she cannot lose.",
    ]
    assert work.chapters[1].notes_begin == "This one's short, sorry."
    assert "bet she cannot lose" not in work.chapters[1].plain_text
