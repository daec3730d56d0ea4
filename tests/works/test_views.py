"""Every reading page as anonymous, owner and stranger, plus the wrong method."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficarchive.accounts.models import User
from ficarchive.core.pagecache import guest_pages_invalidate
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import ChapterFactory, WorkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(alice_creator: Creator) -> Work:
    return WorkFactory(title="Secret Draft", visibility=Visibility.DRAFT, creators=[alice_creator])


@pytest.fixture
def three_chapters(alice_creator: Creator) -> Work:
    return WorkFactory(
        title="Three Parts", chapters=3, expected_chapters=None, creators=[alice_creator]
    )


def as_user(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def work_urls(work: Work) -> list[str]:
    return [
        f"/works/{work.pk}/",
        f"/works/{work.pk}/?view_full_work=true",
        f"/works/{work.pk}/chapters/1/",
        f"/creators/{work.authorships.get().creator_id}/",
        "/",
    ]


def test_draft_is_hidden_from_anonymous_and_stranger(draft: Work, bob: User) -> None:
    for user in (None, bob):
        client = as_user(user)
        for url in work_urls(draft)[:3]:
            assert client.get(url).status_code == 404, url
        for url in work_urls(draft)[3:]:
            response = client.get(url)
            assert response.status_code == 200
            assert "Secret Draft" not in response.content.decode(), url


def test_owner_reads_own_draft_everywhere(draft: Work, alice: User) -> None:
    client = as_user(alice)
    for url in work_urls(draft):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Secret Draft" in response.content.decode(), url


def test_registered_only_work_needs_an_account(alice_creator: Creator, bob: User) -> None:
    work = WorkFactory(visibility=Visibility.REGISTERED, creators=[alice_creator])
    assert as_user(None).get(work.get_absolute_url()).status_code == 404
    assert as_user(bob).get(work.get_absolute_url()).status_code == 200


def test_work_page_shows_metadata_notes_and_text(three_chapters: Work) -> None:
    three_chapters.notes_begin = "<p>Thanks for reading.</p>"
    three_chapters.save()
    page = as_user(None).get(three_chapters.get_absolute_url()).content.decode()
    assert "Three Parts" in page
    assert "Teen And Up Audiences" in page
    assert "Chapters 3/?" in page
    assert "Thanks for reading." in page
    assert "Chapter 1 opens here." in page
    assert "Chapter 2 opens here." not in page, "a multi-chapter work opens at chapter 1"
    assert f'rel="next" href="/works/{three_chapters.pk}/chapters/2/"' in page


def test_entire_work_view_shows_every_chapter(three_chapters: Work) -> None:
    page = as_user(None).get(three_chapters.get_full_work_url()).content.decode()
    for n in (1, 2, 3):
        assert f"Chapter {n} opens here." in page


def test_chapter_page_links_both_ways(three_chapters: Work) -> None:
    page = as_user(None).get(f"/works/{three_chapters.pk}/chapters/2/").content.decode()
    assert f'rel="prev" href="/works/{three_chapters.pk}/chapters/1/"' in page
    assert f'rel="next" href="/works/{three_chapters.pk}/chapters/3/"' in page
    assert "Chapter 2 opens here." in page
    assert '<option value="2" selected>' in page


def test_unposted_chapter_is_not_shown(three_chapters: Work, bob: User) -> None:
    three_chapters.chapters.filter(position=3).update(is_posted=False)
    assert as_user(bob).get(f"/works/{three_chapters.pk}/chapters/3/").status_code == 404
    page = as_user(bob).get(three_chapters.get_full_work_url()).content.decode()
    assert "Chapter 3 opens here." not in page


def test_missing_chapter_and_work_are_404(three_chapters: Work) -> None:
    client = as_user(None)
    assert client.get(f"/works/{three_chapters.pk}/chapters/9/").status_code == 404
    assert client.get("/works/999999/").status_code == 404


def test_chapter_select_without_javascript_redirects(three_chapters: Work) -> None:
    client = as_user(None)
    response = client.get(f"/works/{three_chapters.pk}/chapters/", {"chapter": "3"})
    assert response.status_code == 302
    assert response["Location"] == f"/works/{three_chapters.pk}/chapters/3/"
    bad = client.get(f"/works/{three_chapters.pk}/chapters/", {"chapter": "x"})
    assert bad["Location"] == f"/works/{three_chapters.pk}/"


def test_chapter_select_of_a_draft_is_404_for_stranger(draft: Work, bob: User) -> None:
    response = as_user(bob).get(f"/works/{draft.pk}/chapters/", {"chapter": "1"})
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/", "/works/{pk}/", "/works/{pk}/chapters/1/", "/creators/{c}/"])
def test_reading_pages_refuse_post(url: str, three_chapters: Work) -> None:
    creator_id = three_chapters.authorships.get().creator_id
    target = url.format(pk=three_chapters.pk, c=creator_id)
    assert as_user(None).post(target).status_code == 405


def test_front_page_query_count_does_not_grow_with_works(
    alice_creator: Creator, django_assert_num_queries: object
) -> None:
    WorkFactory.create_batch(3, creators=[alice_creator], chapters=2)
    client = as_user(None)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    WorkFactory.create_batch(12, creators=[alice_creator], chapters=2)
    guest_pages_invalidate()  # rows made by factories announce nothing: render it again
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
    # count, page, 2 prefetches (creators, tags), the facet counts (one UNION ALL)
    assert len(few) == 5


def test_creator_page_lists_only_their_visible_works(alice_creator: Creator, draft: Work) -> None:
    WorkFactory(title="Alice Public", creators=[alice_creator])
    WorkFactory(title="Someone Else")
    page = as_user(None).get(alice_creator.get_absolute_url()).content.decode()
    assert "Alice Public" in page
    assert "Someone Else" not in page
    assert "Secret Draft" not in page


def test_scene_break_is_one_separator_element(three_chapters: Work) -> None:
    ChapterFactory(work=three_chapters, position=4, body_html="<p>A</p><hr><p>B</p>")
    page = as_user(None).get(f"/works/{three_chapters.pk}/chapters/4/").content.decode()
    assert '<p id="p-1">A</p><hr><p id="p-2">B</p>' in page  # paragraphs carry anchors
