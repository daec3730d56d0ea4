"""Editing comments, pages of 50 threads, each comment's permanent link, and the query
budget of the pages comments add."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficarchive.accounts.models import User
from ficarchive.community.models import (
    Comment,
    CommentModeration,
    WhoMayComment,
    WorkCommentSettings,
)
from ficarchive.community.selectors import COMMENT_THREADS_PER_PAGE
from ficarchive.community.services import comment_post
from ficarchive.core.pagecache import guest_pages_invalidate
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import UserFactory, WorkFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 8


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    return WorkFactory(title="Lantern", creators=[alice_creator], chapters=2)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def threads(work: Work, how_many: int, writer: User) -> list[Comment]:
    """Top-level comments on chapter 1, oldest first, written straight to the table."""
    chapter = work.chapters.get(position=1)
    return Comment.objects.bulk_create(
        Comment(work=work, chapter=chapter, user=writer, body_html=f"<p>Thread {n}.</p>")
        for n in range(how_many)
    )


def test_writer_edits_their_comment_and_it_says_edited(work: Work, bob: User) -> None:
    comment = comment_post(chapter=work.chapters.get(position=1), user=bob, text="Tpyo here.")
    edit_url = f"/comments/{comment.pk}/edit/"
    page = signed_in(bob).get(work.get_absolute_url()).content.decode()
    assert f'href="{edit_url}"' in page
    form = signed_in(bob).get(edit_url).content.decode()
    assert "Tpyo here.</textarea>" in form
    response = signed_in(bob).post(edit_url, {"text": "Typo fixed.\n\n<i>really</i>"})
    assert response["Location"] == f"/comments/{comment.pk}/"
    comment.refresh_from_db()
    assert comment.body_html == "<p>Typo fixed.</p>\n<p>&lt;i&gt;really&lt;/i&gt;</p>"
    assert comment.edited_at is not None
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "Typo fixed." in page
    assert '<span class="comment__edited">(edited <time datetime=' in page
    assert Work.objects.get(pk=work.pk).comment_count == 1, "an edit is not a new comment"


def test_only_the_writer_edits(work: Work, alice: User, bob: User) -> None:
    comment = comment_post(chapter=work.chapters.get(position=1), user=bob, text="Mine.")
    edit_url = f"/comments/{comment.pk}/edit/"
    assert "/accounts/login/" in Client().get(edit_url)["Location"]
    for other in (alice, UserFactory(username="carol")):  # not even the work's creator
        assert signed_in(other).get(edit_url).status_code == 404
        assert signed_in(other).post(edit_url, {"text": "Theirs."}).status_code == 404
        assert (
            f'href="{edit_url}"'
            not in signed_in(other).get(work.get_absolute_url()).content.decode()
        )
    comment.refresh_from_db()
    assert comment.body_html == "<p>Mine.</p>"
    assert comment.edited_at is None


def test_guest_comments_cannot_be_edited(work: Work, bob: User) -> None:
    guest = Comment.objects.create(
        work=work, chapter=work.chapters.get(position=1), guest_name="Wanderer",
        guest_email="w@example.net", body_html="<p>Hi</p>",
    )  # fmt: skip
    assert signed_in(bob).get(f"/comments/{guest.pk}/edit/").status_code == 404


def test_an_empty_edit_is_refused(work: Work, bob: User) -> None:
    comment = comment_post(chapter=work.chapters.get(position=1), user=bob, text="Keep me.")
    response = signed_in(bob).post(f"/comments/{comment.pk}/edit/", {"text": "   "})
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.body_html == "<p>Keep me.</p>"


def test_threads_come_fifty_to_a_page_and_the_link_finds_page_two(work: Work, bob: User) -> None:
    first, *_, last = threads(work, COMMENT_THREADS_PER_PAGE + 1, bob)
    reply = comment_post(chapter=last.chapter, user=bob, text="A reply on page two.", parent=last)
    chapter_url = f"/works/{work.pk}/chapters/1/"
    page_one = Client().get(chapter_url).content.decode()
    assert page_one.count('class="comment comment--depth-0"') == COMMENT_THREADS_PER_PAGE
    assert f'id="comment-{last.pk}"' not in page_one
    assert "Comments page 1 of 2" in page_one
    assert f'href="{chapter_url}?comments_page=2#comments" rel="next"' in page_one
    page_two = Client().get(f"{chapter_url}?comments_page=2").content.decode()
    assert f'id="comment-{last.pk}"' in page_two
    assert f'id="comment-{reply.pk}"' in page_two
    assert f'href="{chapter_url}#comments" rel="prev"' in page_two
    assert f'href="/comments/{reply.pk}/"' in page_two
    for comment in (last, reply):
        response = Client().get(f"/comments/{comment.pk}/")
        assert response["Location"] == f"{chapter_url}?comments_page=2#comment-{comment.pk}"
    assert Client().get(f"/comments/{first.pk}/")["Location"] == f"{chapter_url}#comment-{first.pk}"
    assert (
        "Comments page 2 of 2" in Client().get(f"{chapter_url}?comments_page=99").content.decode()
    )


def test_a_new_comment_on_a_long_chapter_lands_on_its_page(work: Work, bob: User) -> None:
    threads(work, COMMENT_THREADS_PER_PAGE, bob)
    response = signed_in(bob).post(f"/works/{work.pk}/chapters/1/comments/", {"text": "51st"})
    newest = Comment.objects.latest("pk")
    assert response["Location"] == (
        f"/works/{work.pk}/chapters/1/?comments_page=2#comment-{newest.pk}"
    )


def test_permalink_is_a_404_where_the_work_or_comment_is_not_seen(
    alice_creator: Creator, alice: User, bob: User
) -> None:
    for visibility in (Visibility.DRAFT, Visibility.REGISTERED, Visibility.HIDDEN):
        hidden = WorkFactory(creators=[alice_creator], visibility=visibility)
        comment = Comment.objects.create(
            work=hidden, chapter=hidden.chapters.get(), user=bob, body_html="<p>x</p>"
        )
        assert Client().get(f"/comments/{comment.pk}/").status_code == 404
    work = WorkFactory(creators=[alice_creator])
    WorkCommentSettings.objects.create(work=work, moderation=CommentModeration.ALL)
    held = comment_post(chapter=work.chapters.get(), user=bob, text="Held.")
    assert Client().get(f"/comments/{held.pk}/").status_code == 404
    assert signed_in(UserFactory(username="carol")).get(f"/comments/{held.pk}/").status_code == 404
    assert signed_in(bob).get(f"/comments/{held.pk}/").status_code == 302, "its writer"
    assert signed_in(alice).get(f"/comments/{held.pk}/").status_code == 302, "the creator"


@pytest.fixture
def busy(work: Work, alice: User, bob: User) -> dict[str, str]:
    """A chapter with two pages of threads, replies, a frozen thread, held and guest
    comments; the URLs of the pages comments add."""
    WorkCommentSettings.objects.create(
        work=work, who_may_comment=WhoMayComment.EVERYONE, moderation=CommentModeration.GUESTS
    )
    readers = [UserFactory(username=f"reader{n}") for n in range(3)]
    tops = threads(work, COMMENT_THREADS_PER_PAGE + 5, readers[0])
    for top in tops[-5:]:
        for reader in readers:
            comment_post(chapter=top.chapter, user=reader, text="Reply.", parent=top)
    tops[-1].is_frozen = True
    tops[-1].save()
    Comment.objects.create(
        work=work, chapter=tops[0].chapter, guest_name="Guest", guest_email="g@example.net",
        body_html="<p>Held guest.</p>", is_approved=False,
    )  # fmt: skip
    mine = comment_post(chapter=tops[0].chapter, user=bob, text="Bob's.")
    return {
        "chapter page 2": f"/works/{work.pk}/chapters/1/?comments_page=2",
        "chapter page 1": f"/works/{work.pk}/chapters/1/",
        "new comment": f"/works/{work.pk}/chapters/1/comments/new/?parent={tops[0].pk}",
        "edit": f"/comments/{mine.pk}/edit/",
        "settings": f"/works/{work.pk}/comment-settings/",
        "permalink": f"/comments/{tops[-1].pk}/",
    }


def _guest(alice: User, bob: User) -> Client:
    return Client()


def _member(alice: User, bob: User) -> Client:
    return signed_in(bob)


def _creator(alice: User, bob: User) -> Client:
    return signed_in(alice)


@pytest.mark.parametrize("page", [
    "chapter page 2", "chapter page 1", "new comment", "edit", "settings", "permalink",
])  # fmt: skip
@pytest.mark.parametrize("who", [_guest, _member, _creator], ids=["guest", "member", "creator"])
def test_comment_pages_stay_within_the_query_budget(
    busy: dict[str, str],
    alice: User,
    bob: User,
    page: str,
    who: Callable[[User, User], Client],
) -> None:
    client = who(alice, bob)
    url = busy[page]
    expected = client.get(url).status_code  # warms the cache; edit/settings: 404 or a login
    guest_pages_invalidate()
    with CaptureQueriesContext(connections["default"]) as queries:
        response = client.get(url)
    assert response.status_code == expected
    statements = "\n".join(query["sql"][:200] for query in queries.captured_queries)
    assert len(queries) <= MAX_QUERIES, f"{page}: {len(queries)} queries\n{statements}"
    if page.startswith("chapter"):
        assert response.status_code == 200
        assert "Comments page" in response.content.decode()


def test_the_pages_work_without_javascript(busy: dict[str, str], alice: User, bob: User) -> None:
    """Every comment action is a plain link or a form with its token: no script needed."""
    creator_page = signed_in(alice).get(busy["chapter page 2"]).content.decode()
    for action in ("approve", "freeze", "unfreeze", "delete"):
        assert re.search(rf'<form method="post" action="/comments/\d+/{action}/"', creator_page)
    assert "csrfmiddlewaretoken" in creator_page
    for url in (busy["new comment"], busy["edit"]):
        form = (Client() if "new" in url else signed_in(bob)).get(url).content.decode()
        assert '<form method="post"' in form
        assert 'name="csrfmiddlewaretoken"' in form
