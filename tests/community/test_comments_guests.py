"""Guest comments: allowed per work by its creators, signed with a name and a private email
address, rate-limited per address, held for approval when the creators choose."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from ficarchive.accounts.models import User
from ficarchive.community.models import (
    Comment,
    CommentModeration,
    WhoMayComment,
    WorkCommentSettings,
)
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import WorkFactory
from tests.humans import as_a_person

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "hidden.reader@example.net"


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    return WorkFactory(title="Lantern", creators=[alice_creator])


def open_to_guests(work: Work, moderation: str = CommentModeration.NONE) -> None:
    WorkCommentSettings.objects.create(
        work=work, who_may_comment=WhoMayComment.EVERYONE, moderation=moderation
    )


def new_url(work: Work) -> str:
    return f"/works/{work.pk}/chapters/1/comments/new/"


def guest_post(
    work: Work, text: str = "Lovely!", address: str = "203.0.113.7", **extra: str
) -> Any:
    data = {"name": "Wanderer", "email": SECRET_EMAIL, "text": text, **as_a_person(), **extra}
    return Client(REMOTE_ADDR=address).post(new_url(work), data, follow=True)


def test_guests_may_not_comment_by_default(work: Work) -> None:
    response = Client().get(new_url(work))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    guest_post(work)
    assert not Comment.objects.exists()
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "Comment as a guest" not in page
    assert "Log in</a> to comment" in page


def test_guest_comment_appears_signed_by_name_and_counts(work: Work) -> None:
    open_to_guests(work)
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "Comment as a guest" in page
    guest_post(work, text="Lovely lantern.")
    comment = Comment.objects.get()
    assert (comment.guest_name, comment.user, comment.is_approved) == ("Wanderer", None, True)
    assert Work.objects.get(pk=work.pk).comment_count == 1
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "<p>Lovely lantern.</p>" in page
    assert '<strong>Wanderer</strong> <span class="comment__guest">(guest)</span>' in page


def test_guest_email_is_never_rendered(work: Work, alice: User, bob: User) -> None:
    open_to_guests(work)
    guest_post(work)
    comment = Comment.objects.get()
    assert comment.guest_email == SECRET_EMAIL
    for client in (Client(), _signed_in(alice), _signed_in(bob)):
        for url in (work.get_absolute_url(), f"/works/{work.pk}/chapters/1/", new_url(work)):
            assert SECRET_EMAIL not in client.get(url).content.decode(), url
        reply_page = client.get(f"{new_url(work)}?parent={comment.pk}").content.decode()
        assert SECRET_EMAIL not in reply_page


def test_guests_refused_when_comments_are_for_members_or_nobody(work: Work, bob: User) -> None:
    WorkCommentSettings.objects.create(work=work, who_may_comment=WhoMayComment.NOBODY)
    guest_post(work)
    _signed_in(bob).post(f"/works/{work.pk}/chapters/1/comments/", {"text": "Members?"})
    assert not Comment.objects.exists()
    page = _signed_in(bob).get(work.get_absolute_url()).content.decode()
    assert "turned comments off" in page
    assert 'name="text"' not in page


def test_guest_comment_needs_name_and_email(work: Work) -> None:
    open_to_guests(work)
    response = Client().post(new_url(work), {"name": "", "email": "not-an-address", "text": "hi"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert "Enter a valid email address." in response.content.decode()
    assert not Comment.objects.exists()


def test_guest_comment_is_sanitized_like_a_members(work: Work) -> None:
    open_to_guests(work)
    guest_post(work, text="<script>alert(1)</script>", name="<b>Mallory</b>")
    comment = Comment.objects.get()
    assert "<script>" not in comment.body_html
    page = Client().get(work.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in page


def test_guest_comments_held_when_the_creators_choose(work: Work, alice: User) -> None:
    open_to_guests(work, CommentModeration.GUESTS)
    response = guest_post(work, text="Please approve me.")
    assert "once the creators approve it" in response.content.decode()
    comment = Comment.objects.get()
    assert not comment.is_approved
    assert Work.objects.get(pk=work.pk).comment_count == 0
    assert "Please approve me." not in Client().get(work.get_absolute_url()).content.decode()
    creator_page = _signed_in(alice).get(work.get_absolute_url()).content.decode()
    assert "Please approve me." in creator_page
    assert "Awaiting approval" in creator_page


def test_guests_reply_through_their_own_page(work: Work, bob: User) -> None:
    open_to_guests(work)
    _signed_in(bob).post(f"/works/{work.pk}/chapters/1/comments/", {"text": "First!"})
    top = Comment.objects.get()
    page = Client().get(work.get_absolute_url()).content.decode()
    assert f'href="{new_url(work)}?parent={top.pk}"' in page
    form_page = Client().get(f"{new_url(work)}?parent={top.pk}").content.decode()
    assert "Reply to bob" in form_page
    assert 'name="csrfmiddlewaretoken"' in form_page
    assert f'name="parent" value="{top.pk}"' in form_page
    guest_post(work, text="A guest reply.", parent=str(top.pk))
    assert Comment.objects.get(parent=top).guest_name == "Wanderer"


def test_the_guest_form_needs_its_csrf_token(work: Work) -> None:
    open_to_guests(work)
    client = Client(enforce_csrf_checks=True)
    data = {"name": "W", "email": SECRET_EMAIL, "text": "hi"}
    assert client.post(new_url(work), data).status_code == 403
    assert not Comment.objects.exists()


def test_guests_cannot_comment_on_a_work_they_may_not_see(alice_creator: Creator) -> None:
    for visibility in (Visibility.DRAFT, Visibility.REGISTERED, Visibility.HIDDEN):
        hidden = WorkFactory(creators=[alice_creator], visibility=visibility)
        open_to_guests(hidden)
        assert Client().get(new_url(hidden)).status_code == 404
        assert guest_post(hidden).status_code == 404
    assert not Comment.objects.exists()


@override_settings(FICARCHIVE_GUEST_COMMENTS_PER_HOUR=2)
def test_guest_comments_are_rate_limited_per_address(work: Work) -> None:
    open_to_guests(work)
    for n in range(3):
        response = guest_post(work, text=f"Comment {n}")
    assert "Many comments came from here" in response.content.decode()
    assert Comment.objects.count() == 2
    guest_post(work, text="From elsewhere", address="198.51.100.2")
    assert Comment.objects.count() == 3, "another address is not held back"


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
