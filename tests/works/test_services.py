"""Importing: rows, updates instead of duplicates, and all-or-nothing."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

from ficarchive.formats import parse
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Chapter, Creator, Rating, Visibility, Work
from ficarchive.works.services import ImportOutcome, work_import

pytestmark = pytest.mark.django_db

STORY = b"""Title: Harbour Song
Author: Tamsin Wells
Fandom: Saltwind
Characters: Nell, Tobias
Rating: T
Status: In progress

A/N: Beta read by Ollie Fenn.

Chapter 1: Fog

The fog came in.

* * *

It went out again.

Chapter 2: Bells

A bell rang under the water.
"""


def test_import_creates_work_chapters_creators_tags_and_betas() -> None:
    result = work_import(parsed=parse(STORY, name="harbour.txt"))
    work = result.work

    assert result.outcome is ImportOutcome.IMPORTED
    assert work.title == "Harbour Song"
    assert work.visibility == Visibility.PUBLIC
    assert work.rating == Rating.TEEN
    assert work.rating_source == "T"
    assert [c.name for c in work.ordered_creators] == ["Tamsin Wells"]
    assert [b.name for b in work.betas.all()] == ["Ollie Fenn"]
    assert {t.name for t in work.tags.filter(kind=TagKind.CHARACTER)} == {"Nell", "Tobias"}
    assert work.chapter_progress == "2/?"
    first = work.chapters.get(position=1)
    assert first.title == "Fog"
    assert first.body_html == "<p>The fog came in.</p>\n<hr>\n<p>It went out again.</p>"
    assert work.word_count == 4 + 4 + 6


def test_importing_the_same_story_twice_changes_nothing() -> None:
    first = work_import(parsed=parse(STORY, name="harbour.txt"))
    second = work_import(parsed=parse(STORY, name="harbour.txt"))
    assert second.outcome is ImportOutcome.UNCHANGED
    assert second.work.pk == first.work.pk
    assert Work.objects.count() == 1


def test_reimport_from_the_same_source_updates_in_place() -> None:
    first = work_import(parsed=parse(STORY, name="harbour.txt"))
    parsed = parse(STORY + b"\nChapter 3: Shore\n\nThey reached the shore.\n", name="h.txt")
    parsed.source_url = first.work.source_url = "https://example.org/s/1"
    first.work.save()
    result = work_import(parsed=parsed)
    assert result.outcome is ImportOutcome.UPDATED
    assert result.work.pk == first.work.pk
    assert Work.objects.count() == 1
    assert result.work.chapter_progress == "3/?"


def test_an_import_that_fails_midway_leaves_nothing_behind() -> None:
    parsed = parse(STORY, name="harbour.txt")
    with (
        mock.patch.object(Chapter, "fill_derived", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        work_import(parsed=parsed)
    assert Work.objects.count() == 0
    assert Creator.objects.count() == 0
    assert Tag.objects.count() == 0


def test_imported_creator_names_are_reused_not_duplicated() -> None:
    work_import(parsed=parse(STORY, name="harbour.txt"))
    work_import(parsed=parse(STORY.replace(b"Harbour Song", b"Other Song"), name="o.txt"))
    assert Creator.objects.filter(name="Tamsin Wells").count() == 1


@pytest.mark.parametrize(
    "sample", ["ffn-page.html", "ao3-download.html", "dreamwidth.html", "generic.html"]
)
def test_imported_text_is_what_the_stored_html_derives_to(sample: str) -> None:
    from pathlib import Path

    from ficarchive.formats.text_of_html import count_words, html_to_text

    path = Path(__file__).parents[1] / "formats" / "samples" / sample
    work = work_import(parsed=parse(path.read_bytes(), name=sample)).work
    for chapter in work.chapters.all():
        assert chapter.body_text == html_to_text(chapter.body_html)
        assert chapter.word_count == count_words(chapter.body_text)
    assert work.word_count == sum(c.word_count for c in work.chapters.all())


def test_story_without_a_creator_is_credited_to_anonymous_and_keeps_its_beta() -> None:
    parsed = parse(b"A/N: Beta read by Kit.\n\nThe story.\n\nMore of it.", name="anon.txt")
    work = work_import(parsed=parsed).work
    assert [c.name for c in work.ordered_creators] == ["Anonymous"]
    assert [b.name for b in work.betas.all()] == ["Kit"]


def test_a_changed_copy_of_the_same_story_updates_it() -> None:
    first = work_import(parsed=parse(STORY, name="harbour.txt"))
    changed = STORY.replace(b"The fog came in.", b"The fog rolled in, thick as wool.")
    second = work_import(parsed=parse(changed, name="harbour.txt"))
    assert second.outcome is ImportOutcome.UPDATED
    assert second.work.pk == first.work.pk
    assert Work.objects.count() == 1
    assert "thick as wool" in second.work.chapters.get(position=1).body_text


def test_an_ao3_chapter_summary_leads_the_stored_chapter_s_notes() -> None:
    """AO3 shows a chapter's summary above its notes; the imported chapter keeps both there."""
    saved = Path(__file__).parents[1] / "formats" / "families" / "ao3" / "ao3-html-lamplighter.html"
    work = work_import(parsed=parse(saved.read_bytes(), name=saved.name)).work
    first, second, third = work.chapters.order_by("position")
    assert (
        first.notes_begin == "<p>Chapter summary: In which the lamps of Kesh go out one by one.</p>"
    )
    assert "Chapter summary" not in second.notes_begin  # notes only: it has no summary
    assert "Content note for this chapter" in second.notes_begin
    assert "Marek, finally." in third.notes_begin
    assert "In which the lamps" not in first.body_text
