"""Chapters saved one by one: the pages of one story become one work, in the story's order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ficarchive.cli import main
from ficarchive.community.models import Comment
from ficarchive.formats import parse
from ficarchive.works.models import Work
from ficarchive.works.services import ImportOutcome, ImportResult, work_import

pytestmark = pytest.mark.django_db

TITLES = ["Landfall", "Salt Roads", "Low Tide"]


def ffn_chapter_page(
    number: int,
    *,
    story_id: int = 5550123,
    title: str = "The Ferry Bell",
    text: str | None = None,
    status: str = "",
    notes: str = "",
) -> bytes:
    """A FanFiction.Net chapter page as a browser saves it (no canonical link)."""
    options = "".join(
        f"<option value={n}{' selected' if n == number else ''}>{n}. {name}"
        for n, name in enumerate(TITLES, start=1)
    )
    body = text or f"Chapter {number} begins where the ferry bell rang. It rang {number} times."
    return f"""<!DOCTYPE html><html><head><title>{title} Chapter {number}, a Saltwind fanfic |
FanFiction</title></head><body>
<div id=pre_story_links><a href='/book/'>Books</a> » <a href='/book/Saltwind/'>Saltwind</a></div>
<div id=profile_top><b class='xcontrast_txt'>{title}</b> By: <a class='xcontrast_txt'
href='/u/99/Nell-Harrow'>Nell Harrow</a><div class='xcontrast_txt'>Two ferries, one bell.</div>
<span class='xgray xcontrast_txt'>Rated: Fiction T - English - Drama - Nell, Tobias -
Chapters: 3 - Words: 900 - Updated: 3/4/2012 - Published: 2/1/2012{status} -
id: {story_id} </span></div>
<select id=chap_select>{options}</select>
<div id=storytext>{notes}<p>{body}</p><p>The tide turned at noon.</p></div>
</body></html>""".encode()


def import_page(number: int, **kwargs: object) -> ImportResult:
    return work_import(parsed=parse(ffn_chapter_page(number, **kwargs), name=f"c{number}.html"))  # type: ignore[arg-type]


def chapter_titles(work: Work) -> list[str]:
    return [c.title for c in work.chapters.order_by("position")]


def test_chapters_saved_one_by_one_become_one_work_in_story_order() -> None:
    third = import_page(3)
    first = import_page(1)
    second = import_page(2)

    assert third.outcome is ImportOutcome.IMPORTED
    assert first.outcome is second.outcome is ImportOutcome.UPDATED
    work = Work.objects.get()
    assert chapter_titles(work) == TITLES
    assert [c.body_text.split(".")[0] for c in work.chapters.order_by("position")] == [
        "Chapter 1 begins where the ferry bell rang",
        "Chapter 2 begins where the ferry bell rang",
        "Chapter 3 begins where the ferry bell rang",
    ]
    assert work.word_count == sum(c.word_count for c in work.chapters.all())
    assert work.source_url == "https://www.fanfiction.net/s/5550123"


def test_a_chapter_imported_again_replaces_itself_and_keeps_its_comments() -> None:
    for number in (1, 2, 3):
        import_page(number)
    chapter = Work.objects.get().chapters.get(position=2)
    Comment.objects.create(
        work=chapter.work, chapter=chapter, guest_name="Rue", body_html="<p>Lovely.</p>"
    )

    again = import_page(2)
    revised = import_page(2, text="A revised second chapter, longer than the first draft was.")

    assert again.outcome is ImportOutcome.UNCHANGED
    assert revised.outcome is ImportOutcome.UPDATED
    work = Work.objects.get()
    assert chapter_titles(work) == TITLES
    replaced = work.chapters.get(position=2)
    assert replaced.pk == chapter.pk
    assert replaced.body_text.startswith("A revised second chapter")
    assert replaced.comments.count() == 1


def test_a_chapter_pages_notes_stay_on_its_chapter() -> None:
    import_page(1)
    import_page(2, notes="<p>A/N: This one fought me. Beta'd by Ollie Fenn.</p>")

    work = Work.objects.get()
    assert work.notes_begin == ""
    assert "This one fought me" in work.chapters.get(position=2).notes_begin
    assert [b.name for b in work.betas.all()] == ["Ollie Fenn"]
    import_page(3)
    assert [b.name for b in Work.objects.get().betas.all()] == ["Ollie Fenn"], "betas add up"


def test_the_last_page_of_a_complete_story_completes_the_work() -> None:
    import_page(1)
    assert Work.objects.get().chapter_progress == "1/?"
    import_page(2, status=" - Status: Complete")
    assert Work.objects.get().chapter_progress == "2/3"


def test_title_and_creator_alone_never_merge_chapters() -> None:
    import_page(1)
    import_page(2, story_id=5550999)

    assert Work.objects.count() == 2
    assert sorted(len(chapter_titles(w)) for w in Work.objects.all()) == [1, 1]


def test_a_chapter_page_joins_the_whole_story_imported_before() -> None:
    whole = parse(b"Title: The Ferry Bell\nAuthor: Nell Harrow\n\nChapter 1: Landfall\n\n"
                  b"The bell rang once.\n\nChapter 2: Salt Roads\n\nThe bell rang twice.\n",
                  name="whole.txt")  # fmt: skip
    whole.source_url = "https://www.fanfiction.net/s/5550123/1/The-Ferry-Bell"
    work_import(parsed=whole)

    import_page(3)

    work = Work.objects.get()
    assert chapter_titles(work) == TITLES
    assert work.chapters.get(position=1).body_text == "The bell rang once."


def test_pages_given_together_on_the_command_line_make_one_work(tmp_path: Path) -> None:
    for number in (2, 3, 1):
        (tmp_path / f"ferry-{number}.html").write_bytes(ffn_chapter_page(number))

    assert main(["import", str(tmp_path)]) == 0

    assert chapter_titles(Work.objects.get()) == TITLES


def test_a_moderators_upload_of_one_chapter_page_joins_the_story_when_they_say_so() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.factories import UserFactory

    import_page(1)
    import_page(3)
    story = Work.objects.get()
    client = Client()
    client.force_login(UserFactory(username="mod", is_staff=True))

    uploaded = client.post(
        "/works/import/", {"file": SimpleUploadedFile("c2.html", ffn_chapter_page(2))}
    )
    draft = Work.objects.exclude(pk=story.pk).get()
    assert uploaded["Location"] == f"/works/import/{draft.pk}/match/"
    client.post(f"/works/import/{draft.pk}/match/", {"action": "update"})

    assert list(Work.objects.values_list("pk", flat=True)) == [story.pk]
    assert chapter_titles(story) == TITLES


def unnumbered(page: bytes) -> bytes:
    """The page as saved without its chapter select (and so without its number)."""
    return re.sub(rb"<select id=chap_select>.*?</select>", b"", page, flags=re.S)


def test_a_page_that_does_not_say_its_chapter_replaces_only_the_chapter_it_copies() -> None:
    for number in (1, 2, 3):
        import_page(number)
    chapter = Work.objects.get().chapters.get(position=2)
    Comment.objects.create(
        work=chapter.work, chapter=chapter, guest_name="Rue", body_html="<p>Lovely.</p>"
    )
    page = ffn_chapter_page(2, text="Chapter 2 begins where the ferry bell rang. It rang 2 times!")

    work_import(parsed=parse(unnumbered(page), name="c2.html"))

    work = Work.objects.get()
    assert chapter_titles(work) == TITLES, "the other chapters stay"
    assert work.chapters.get(position=2).comments.count() == 1


def test_a_page_that_does_not_say_its_chapter_and_copies_none_is_a_work_of_its_own() -> None:
    for number in (1, 2, 3):
        import_page(number)
    page = ffn_chapter_page(2, text="Something else entirely, by the harbour, years later.")

    result = work_import(parsed=parse(unnumbered(page), name="other.html"))

    assert result.outcome is ImportOutcome.IMPORTED
    assert result.match is not None, "the person importing is told which work it resembles"
    assert sorted(len(chapter_titles(w)) for w in Work.objects.all()) == [1, 3]
