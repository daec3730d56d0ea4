from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from ficarchive.works.models import Chapter, Rating, Work
from tests.factories import ChapterFactory, WorkFactory

pytestmark = pytest.mark.django_db


def test_chapter_body_is_sanitized_and_counted_on_save() -> None:
    chapter = ChapterFactory(
        body_html='<p onclick="x()">Three small words</p><script>bad()</script><hr><p>and two</p>'
    )
    assert "onclick" not in chapter.body_html
    assert "script" not in chapter.body_html
    assert chapter.body_text == "Three small words\nand two"
    assert chapter.word_count == 5


def test_work_word_count_sums_posted_chapters_only() -> None:
    work = WorkFactory(chapters=2)
    Chapter.objects.filter(work=work, position=2).update(is_posted=False)
    work.refresh_word_count()
    work.refresh_from_db()
    posted = Chapter.objects.get(work=work, position=1)
    assert work.word_count == posted.word_count > 0


@pytest.mark.parametrize(
    ("expected", "chapters", "progress", "complete"),
    [(None, 3, "3/?", False), (5, 3, "3/5", False), (3, 3, "3/3", True)],
)
def test_chapter_progress_and_completion(
    expected: int | None, chapters: int, progress: str, complete: bool
) -> None:
    work = WorkFactory(expected_chapters=expected, chapters=chapters)
    assert work.chapter_progress == progress
    assert work.is_complete is complete


def test_the_complete_and_in_progress_filters_split_works_as_their_pages_say() -> None:
    """The list filters (complete:yes / complete:no) count in the database what
    `is_complete` counts in Python; an unposted chapter does not finish a work."""
    finished = WorkFactory(title="finished", expected_chapters=2, chapters=2)
    WorkFactory(title="open-ended", expected_chapters=None, chapters=3)
    WorkFactory(title="halfway", expected_chapters=4, chapters=2)
    WorkFactory(title="no chapters yet", expected_chapters=1, chapters=0)
    drafted = WorkFactory(title="last chapter a draft", expected_chapters=2, chapters=2)
    Chapter.objects.filter(work=drafted, position=2).update(is_posted=False)
    over = WorkFactory(title="more than planned", expected_chapters=1, chapters=2)

    complete = set(Work.objects.complete().values_list("title", flat=True))
    in_progress = set(Work.objects.in_progress().values_list("title", flat=True))
    assert complete == {finished.title, over.title}
    assert in_progress == {"open-ended", "halfway", "no chapters yet", drafted.title}
    for work in Work.objects.with_chapter_count():
        assert work.is_complete is (work.title in complete), work.title


@pytest.mark.parametrize(
    ("words", "rating"),
    [
        ("K", Rating.GENERAL),
        ("K+", Rating.GENERAL),
        ("T", Rating.TEEN),
        ("Fiction M", Rating.MATURE),
        ("Teen And Up Audiences", Rating.TEEN),
        ("Explicit", Rating.EXPLICIT),
        ("FR13", Rating.TEEN),
        ("FR21", Rating.EXPLICIT),
        ("NC-17", Rating.EXPLICIT),
        ("nonsense", Rating.NOT_RATED),
        (None, Rating.NOT_RATED),
    ],
)
def test_source_ratings_map_onto_ours(words: str | None, rating: Rating) -> None:
    assert Rating.from_source(words) == rating


def test_two_chapters_cannot_share_a_position() -> None:
    work = WorkFactory()
    with pytest.raises(IntegrityError):
        ChapterFactory(work=work, position=1)


def test_updated_cannot_precede_published() -> None:
    with pytest.raises(IntegrityError):
        WorkFactory(published=dt.date(2024, 5, 1), updated=dt.date(2024, 4, 1))


def test_display_title_of_numbered_chapter() -> None:
    chapter = ChapterFactory(title="")
    assert chapter.display_title == "Chapter 1"
    assert Work.objects.get().get_absolute_url() == f"/works/{chapter.work_id}/"
