"""History, Marked for Later, resume points and reading-time estimates (issue 12, parts 4,
5 and 8)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.core.readingtime import reading_time
from ficarchive.core.tasks import clock_tick
from ficarchive.readings.models import HistoryPause, MarkedForLater, Reading
from ficarchive.readings.paragraphs import numbered_paragraphs
from ficarchive.readings.services import (
    history_pause_set,
    later_set,
    progress_record,
    visit_buffer,
    visits_flush,
)
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import ChapterFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "BEGIN")
BODY = "".join(f"<p>Paragraph {n} of the chapter.</p>" for n in range(1, 21))


@contextmanager
def no_database_writes() -> Iterator[None]:
    with CaptureQueriesContext(connections["default"]) as captured:
        yield
    statements = [query["sql"] for query in captured.captured_queries]
    assert [sql for sql in statements if sql.lstrip().upper().startswith(WRITES)] == []


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    """Alice's public three-chapter work of 20 paragraphs a chapter."""
    made = WorkFactory(
        title="Salt Roads", creators=[alice_creator], chapters=0, expected_chapters=3
    )
    for position in (1, 2, 3):
        ChapterFactory(work=made, position=position, body_html=BODY)
    made.refresh_word_count()
    return made


def place(user: User, work: Work) -> tuple[int, int]:
    reading = Reading.objects.get(user=user, work=work)
    return reading.chapter_position, reading.paragraph


# Reading time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "shown"),
    [(0, ""), (40, "about 1 min"), (3000, "about 12 min"), (30_000, "about 2 h"),
     (50_000, "about 3 h 20 min")],
)  # fmt: skip
def test_reading_time_is_words_at_250_a_minute(words: int, shown: str) -> None:
    assert reading_time(words) == shown


def test_reading_time_shows_on_blurbs_the_work_and_each_chapter(work: Work) -> None:
    Work.objects.filter(pk=work.pk).update(word_count=3000)
    assert "about 12 min" in Client().get("/").content.decode()
    # The work's estimate heads its first page (from chapter 2 on only a compact header repeats).
    assert "Reading time about 12 min" in Client().get(f"/works/{work.pk}/").content.decode()
    page = Client().get(f"/works/{work.pk}/chapters/2/").content.decode()
    assert "Reading time about 1 min" in page  # the chapter shown


# Paragraph anchors ----------------------------------------------------------------------


def test_paragraphs_are_numbered_from_one_in_document_order() -> None:
    html = "<p>One</p><blockquote><p>Two</p></blockquote><hr><p>Three &amp; more</p>"
    numbered = numbered_paragraphs(html)
    assert numbered.index('id="p-1"') < numbered.index('id="p-2"') < numbered.index('id="p-3"')
    assert "Three &amp; more" in numbered
    assert numbered_paragraphs("Plain text") == "Plain text"


def test_a_chapter_page_has_an_anchor_on_each_paragraph(work: Work) -> None:
    page = Client().get(f"/works/{work.pk}/chapters/2/").content.decode()
    assert 'id="p-1"' in page
    assert 'id="p-20"' in page
    assert 'id="p-21"' not in page


# Recording: page views buffered, places posted ------------------------------------------


def test_a_member_reading_a_chapter_writes_nothing_then_the_visit_is_folded_in(
    work: Work, bob: User
) -> None:
    client = client_for(bob)
    with no_database_writes():
        assert client.get(f"/works/{work.pk}/chapters/2/").status_code == 200
        assert client.get(f"/works/{work.pk}/chapters/3/").status_code == 200
    assert not Reading.objects.exists()
    assert visits_flush() == 2
    assert place(bob, work) == (3, 0)
    assert Reading.objects.get(user=bob).visits == 2
    assert visits_flush() == 0


def test_a_guest_reading_records_nothing(work: Work) -> None:
    assert Client().get(f"/works/{work.pk}/chapters/2/").status_code == 200
    visits_flush()
    assert not Reading.objects.exists()


def test_the_place_sent_after_load_wins_over_the_buffered_view_of_its_page(
    work: Work, bob: User
) -> None:
    now = timezone.now()
    visit_buffer(user=bob, work_id=work.pk, chapter_position=2, at=now)
    progress_record(
        user=bob, work=work, chapter_position=2, paragraph=9, at=now + timedelta(seconds=2)
    )
    visits_flush()
    assert place(bob, work) == (2, 9)
    # A later view (another chapter opened without JavaScript) moves the place to its top.
    visit_buffer(user=bob, work_id=work.pk, chapter_position=3, at=now + timedelta(minutes=1))
    visits_flush()
    assert place(bob, work) == (3, 0)


def test_the_whole_work_view_keeps_the_place(work: Work, bob: User) -> None:
    progress_record(user=bob, work=work, chapter_position=2, paragraph=9, at=timezone.now())
    client_for(bob).get(f"/works/{work.pk}/?view_full_work=true")
    visits_flush()
    assert place(bob, work) == (2, 9)


def test_progress_is_recorded_for_a_member(work: Work, bob: User) -> None:
    response = client_for(bob).post(
        "/readings/progress/", {"work": work.pk, "chapter": 2, "paragraph": 14}
    )
    assert response.status_code == 204
    assert place(bob, work) == (2, 14)


def test_progress_needs_the_csrf_token(work: Work, bob: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    response = client.post("/readings/progress/", {"work": work.pk, "chapter": 2, "paragraph": 1})
    assert response.status_code == 403
    assert not Reading.objects.exists()


def test_progress_from_a_guest_is_refused(work: Work) -> None:
    response = Client().post("/readings/progress/", {"work": work.pk, "chapter": 1, "paragraph": 1})
    assert response.status_code == 403
    assert not Reading.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"work": "x", "chapter": 1, "paragraph": 0}, {"work": 1, "chapter": 0, "paragraph": 0},
     {"work": 1, "chapter": 1, "paragraph": -1}, {"work": 1, "chapter": "²", "paragraph": 0},
     {"work": 1, "chapter": 1, "paragraph": 10**12}],
)  # fmt: skip
def test_progress_with_bad_input_is_a_400(bob: User, data: dict[str, Any]) -> None:
    assert client_for(bob).post("/readings/progress/", data).status_code == 400


def test_progress_on_a_work_or_chapter_that_is_not_there_is_a_404(work: Work, bob: User) -> None:
    client = client_for(bob)
    missing = {"work": work.pk + 1000, "chapter": 1, "paragraph": 0}
    assert client.post("/readings/progress/", missing).status_code == 404
    no_chapter = {"work": work.pk, "chapter": 9, "paragraph": 0}
    assert client.post("/readings/progress/", no_chapter).status_code == 404
    assert not Reading.objects.exists()


def test_progress_on_another_members_draft_is_a_404(work: Work, bob: User) -> None:
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.DRAFT)
    data = {"work": work.pk, "chapter": 1, "paragraph": 0}
    assert client_for(bob).post("/readings/progress/", data).status_code == 404
    assert not Reading.objects.exists()


def test_progress_only_answers_post(bob: User) -> None:
    assert client_for(bob).get("/readings/progress/").status_code == 405


def test_a_paused_history_records_nothing(work: Work, bob: User) -> None:
    history_pause_set(user=bob, paused=True)
    client = client_for(bob)
    client.post("/readings/progress/", {"work": work.pk, "chapter": 2, "paragraph": 3})
    client.get(f"/works/{work.pk}/chapters/2/")
    visits_flush()
    assert not Reading.objects.exists()


# Resume ---------------------------------------------------------------------------------


def test_the_work_page_offers_to_continue_at_the_paragraph(work: Work, bob: User) -> None:
    progress_record(user=bob, work=work, chapter_position=2, paragraph=14, at=timezone.now())
    page = client_for(bob).get(f"/works/{work.pk}/").content.decode()
    assert f'href="/works/{work.pk}/chapters/2/#p-14"' in page
    assert "Continue at chapter 2, paragraph 14" in page


def test_without_javascript_the_chapter_just_read_is_offered_before_the_clock_folds_it(
    work: Work, bob: User
) -> None:
    progress_record(
        user=bob, work=work, chapter_position=1, paragraph=8,
        at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    client = client_for(bob)
    client.get(f"/works/{work.pk}/chapters/3/")
    page = client.get(f"/works/{work.pk}/").content.decode()
    assert "Continue at chapter 3<" in page
    assert not Reading.objects.filter(chapter_position=3).exists()  # still only in the cache


def test_a_stranger_and_a_guest_see_no_one_elses_place(work: Work, bob: User) -> None:
    progress_record(user=bob, work=work, chapter_position=2, paragraph=14, at=timezone.now())
    for client in (client_for(UserFactory()), Client()):
        page = client.get(f"/works/{work.pk}/").content.decode()
        assert "#p-14" not in page
    guest_page = Client().get(f"/works/{work.pk}/").content.decode()
    assert "data-guest-resume" in guest_page  # the guest's own place comes from their browser
    assert "data-reading-progress" not in guest_page  # no token in a page shared by guests


def test_a_place_in_a_chapter_since_deleted_resumes_at_the_last_chapter(
    work: Work, bob: User
) -> None:
    progress_record(user=bob, work=work, chapter_position=3, paragraph=5, at=timezone.now())
    work.chapters.filter(position=3).delete()
    page = client_for(bob).get(f"/works/{work.pk}/").content.decode()
    assert f'href="/works/{work.pk}/chapters/2/"' in page
    assert "Continue at chapter 2<" in page


def test_blurbs_offer_to_continue_and_to_mark_for_later(work: Work, bob: User) -> None:
    progress_record(user=bob, work=work, chapter_position=2, paragraph=4, at=timezone.now())
    page = client_for(bob).get("/").content.decode()
    assert f'href="/works/{work.pk}/chapters/2/#p-4"' in page
    assert "Mark for later" in page
    assert "Mark for later" not in Client().get("/").content.decode()


# Marked for later -------------------------------------------------------------------------


def test_mark_for_later_from_a_blurb_and_back(work: Work, bob: User) -> None:
    client = client_for(bob)
    response = client.post(f"/works/{work.pk}/later/", {"marked": "1", "next": "/?page=1"})
    assert response.status_code == 302
    assert response["Location"] == "/?page=1"
    assert MarkedForLater.objects.filter(user=bob, work=work).exists()
    assert "Unmark" in client.get("/").content.decode()
    later = client.get(f"/users/{bob.username}/readings/later/").content.decode()
    assert "Salt Roads" in later
    client.post(f"/works/{work.pk}/later/", {"marked": "0", "next": "https://evil.example/"})
    assert not MarkedForLater.objects.exists()


def test_a_blurbs_mark_link_leads_to_a_form_without_javascript(work: Work, bob: User) -> None:
    client = client_for(bob)
    page = client.get("/").content.decode()
    assert f'href="/works/{work.pk}/later/?next=/"' in page
    response = client.get(f"/works/{work.pk}/later/", {"next": "/"})
    assert response.status_code == 200
    assert "Mark “Salt Roads” for later?" in response.content.decode()
    later_set(user=bob, work=work, marked=True)
    again = client.get(f"/works/{work.pk}/later/").content.decode()
    assert "Unmark for later" in again


def test_a_blurbs_mark_link_marks_in_place_with_javascript(work: Work, bob: User) -> None:
    response = client_for(bob).post(
        f"/works/{work.pk}/later/", {"marked": "1"}, headers={"Accept": "application/json"}
    )
    assert response.json() == {"marked": True}
    assert MarkedForLater.objects.filter(user=bob, work=work).exists()


def test_the_mark_page_is_a_404_for_a_draft_and_asks_a_guest_to_log_in(
    work: Work, bob: User
) -> None:
    response = Client().get(f"/works/{work.pk}/later/")
    assert response.status_code == 302
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.DRAFT)
    assert client_for(bob).get(f"/works/{work.pk}/later/").status_code == 404


def test_mark_for_later_goes_back_to_the_work_not_another_site(work: Work, bob: User) -> None:
    response = client_for(bob).post(
        f"/works/{work.pk}/later/", {"marked": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == work.get_absolute_url()


def test_mark_for_later_asks_a_guest_to_log_in(work: Work) -> None:
    response = Client().post(f"/works/{work.pk}/later/", {"marked": "1"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not MarkedForLater.objects.exists()


def test_mark_for_later_on_a_draft_one_may_not_see_is_a_404(work: Work, bob: User) -> None:
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.DRAFT)
    assert client_for(bob).post(f"/works/{work.pk}/later/", {"marked": "1"}).status_code == 404


# History page -----------------------------------------------------------------------------


def test_the_history_lists_what_was_read_with_a_continue_link(work: Work, bob: User) -> None:
    progress_record(user=bob, work=work, chapter_position=2, paragraph=7, at=timezone.now())
    response = client_for(bob).get(f"/users/{bob.username}/readings/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Salt Roads" in page
    assert f'href="/works/{work.pk}/chapters/2/#p-7"' in page
    assert "2 of 3/3" in page


def test_the_history_is_a_404_for_a_stranger_and_a_guest(work: Work, bob: User) -> None:
    for client in (client_for(UserFactory()), Client()):
        assert client.get(f"/users/{bob.username}/readings/").status_code == 404
        assert client.get(f"/users/{bob.username}/readings/later/").status_code == 404


@pytest.mark.parametrize("visibility", [Visibility.DRAFT, Visibility.HIDDEN])
def test_a_work_that_became_a_draft_or_hidden_leaves_history_and_later(
    work: Work, bob: User, visibility: Visibility
) -> None:
    progress_record(user=bob, work=work, chapter_position=1, paragraph=1, at=timezone.now())
    later_set(user=bob, work=work, marked=True)
    Work.objects.filter(pk=work.pk).update(visibility=visibility)
    client = client_for(bob)
    assert "Salt Roads" not in client.get(f"/users/{bob.username}/readings/").content.decode()
    assert "Salt Roads" not in client.get(f"/users/{bob.username}/readings/later/").content.decode()


def test_pause_clear_and_remove_from_the_history(work: Work, bob: User) -> None:
    other = WorkFactory(title="Tide Tables")
    for read in (work, other):
        progress_record(user=bob, work=read, chapter_position=1, paragraph=1, at=timezone.now())
    client = client_for(bob)
    client.post(f"/readings/works/{other.pk}/remove/")
    assert list(Reading.objects.values_list("work_id", flat=True)) == [work.pk]
    client.post("/readings/pause/", {"paused": "1"})
    assert HistoryPause.objects.filter(user=bob).exists()
    assert "Resume history" in client.get(f"/users/{bob.username}/readings/").content.decode()
    client.post("/readings/pause/", {"paused": "0"})
    assert not HistoryPause.objects.exists()
    client.post("/readings/clear/")
    assert not Reading.objects.exists()


def test_history_forms_ask_a_guest_to_log_in() -> None:
    for url in ("/readings/pause/", "/readings/clear/", "/readings/works/1/remove/"):
        response = Client().post(url, {"paused": "1"})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_history_and_later_pages_stay_within_their_query_counts(
    bob: User, alice_creator: Creator, django_assert_num_queries: Any
) -> None:
    for n in range(25):
        read = WorkFactory(creators=[alice_creator], chapters=2, expected_chapters=2)
        progress_record(user=bob, work=read, chapter_position=2, paragraph=n, at=timezone.now())
        later_set(user=bob, work=read, marked=True)
    client = client_for(bob)
    client.get(f"/users/{bob.username}/readings/")  # warms the session cache
    # the member, the count, a page of history, its works with authorships and tags, the pause
    with django_assert_num_queries(7):
        assert client.get(f"/users/{bob.username}/readings/").status_code == 200
    # the member, the count, a page of marks, their works with authorships and tags
    with django_assert_num_queries(6):
        assert client.get(f"/users/{bob.username}/readings/later/?page=2").status_code == 200


# Hide works I have read -------------------------------------------------------------------


def test_hide_works_i_have_read_on_a_list_with_counts_right(work: Work, bob: User) -> None:
    WorkFactory(title="Tide Tables")
    progress_record(user=bob, work=work, chapter_position=1, paragraph=0, at=timezone.now())
    response = client_for(bob).get("/", {"hide_read": "on"})
    assert [w.title for w in response.context["page"].object_list] == ["Tide Tables"]
    assert response.context["page"].paginator.count == 1
    assert client_for(bob).get("/").context["page"].paginator.count == 2


def test_a_guest_has_no_hide_read_filter(work: Work) -> None:
    response = Client().get("/", {"hide_read": "on"})
    assert response.context["page"].paginator.count == 1
    assert "Hide works I have read" not in response.content.decode()


@pytest.mark.parametrize("engine", ["database", "tantivy"])
def test_hide_works_i_have_read_in_search_with_counts_right(
    work: Work, bob: User, engine: str, tmp_path: Path
) -> None:
    backend = settings.SEARCH_BACKEND if engine == "database" else "tantivy"
    with override_settings(SEARCH_BACKEND=backend, SEARCH_INDEX_DIR=tmp_path / "index"):
        WorkFactory(title="Tide Tables")
        call_command("search_rebuild", verbosity=0)
        progress_record(user=bob, work=work, chapter_position=1, paragraph=0, at=timezone.now())
        client = client_for(bob)
        for sort in ("best", "updated"):
            shown = client.get("/search/", {"q": "chapter", "hide_read": "on", "sort": sort})
            assert [r["work"].title for r in shown.context["results"]] == ["Tide Tables"]
            assert shown.context["total"] == 1
        assert client.get("/search/", {"q": "chapter"}).context["total"] == 2


def test_the_workers_clock_folds_the_buffered_visits(
    work: Work, bob: User, run_tasks: Callable[[], int]
) -> None:
    client_for(bob).get(f"/works/{work.pk}/chapters/2/")
    assert "ficarchive.readings.tasks.readings_flush" in clock_tick()
    run_tasks()
    assert place(bob, work) == (2, 0)


def test_progress_is_rate_limited_per_member(work: Work, bob: User) -> None:
    client = client_for(bob)
    with override_settings(FICARCHIVE_PROGRESS_PER_HOUR=2):
        for paragraph in (1, 2, 3):
            data = {"work": work.pk, "chapter": 1, "paragraph": paragraph}
            assert client.post("/readings/progress/", data).status_code == 204
    assert place(bob, work) == (1, 2)


def test_a_visit_is_counted_once_when_the_script_also_sends_the_place(
    work: Work, bob: User
) -> None:
    client = client_for(bob)
    client.get(f"/works/{work.pk}/chapters/1/")
    client.post("/readings/progress/", {"work": work.pk, "chapter": 1, "paragraph": 3})
    visits_flush()
    assert Reading.objects.get(user=bob).visits == 1
