"""Creators moderate the comments on their works: settings, approval, deletion, freezing."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.community.models import (
    Comment,
    CommentModeration,
    WhoMayComment,
    WorkCommentSettings,
)
from ficarchive.community.services import CommunityError, comment_freeze, comment_post
from ficarchive.works.models import Creator, Work
from tests.factories import UserFactory, WorkFactory
from tests.humans import as_a_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    return WorkFactory(title="Lantern", creators=[alice_creator])


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def count(work: Work) -> int:
    return Work.objects.get(pk=work.pk).comment_count


def comment_url(work: Work) -> str:
    return f"/works/{work.pk}/chapters/1/comments/"


def hold_all(work: Work) -> None:
    WorkCommentSettings.objects.create(work=work, moderation=CommentModeration.ALL)


def test_settings_page_is_the_creators_alone(work: Work, alice: User, bob: User) -> None:
    url = f"/works/{work.pk}/comment-settings/"
    assert "/accounts/login/" in Client().get(url)["Location"]
    assert signed_in(bob).get(url).status_code == 404
    assert (
        signed_in(bob).post(url, {"who_may_comment": "nobody", "moderation": "all"}).status_code
        == 404
    )
    page = signed_in(alice).get(url).content.decode()
    assert "Members and guests" in page
    assert 'value="members" required id="id_who_may_comment_0" checked' in page
    response = signed_in(alice).post(url, {"who_may_comment": "everyone", "moderation": "guests"})
    assert response.status_code == 302
    chosen = WorkCommentSettings.objects.get(work=work)
    assert (chosen.who_may_comment, chosen.moderation) == ("everyone", "guests")
    assert "Comment settings" in signed_in(alice).get(work.get_absolute_url()).content.decode()
    assert "Comment settings" not in signed_in(bob).get(work.get_absolute_url()).content.decode()


def test_settings_refuse_unknown_choices(work: Work, alice: User) -> None:
    url = f"/works/{work.pk}/comment-settings/"
    response = signed_in(alice).post(url, {"who_may_comment": "robots", "moderation": "none"})
    assert response.status_code == 200
    assert not WorkCommentSettings.objects.exists()


def test_held_member_comment_seen_by_writer_and_creator_only_and_counted_once_approved(
    work: Work, alice: User, bob: User
) -> None:
    hold_all(work)
    carol = UserFactory(username="carol")
    signed_in(bob).post(comment_url(work), {"text": "Waiting patiently."})
    held = Comment.objects.get()
    assert not held.is_approved
    assert count(work) == 0
    bob_page = signed_in(bob).get(work.get_absolute_url()).content.decode()
    assert "Waiting patiently." in bob_page
    assert "Awaiting approval" in bob_page
    assert "Approve" not in bob_page
    for stranger in (Client(), signed_in(carol)):
        assert "Waiting patiently." not in stranger.get(work.get_absolute_url()).content.decode()
    assert signed_in(carol).post(f"/comments/{held.pk}/approve/").status_code == 404
    assert signed_in(bob).post(f"/comments/{held.pk}/approve/").status_code == 404
    creator_page = signed_in(alice).get(work.get_absolute_url()).content.decode()
    assert f'action="/comments/{held.pk}/approve/"' in creator_page
    signed_in(alice).post(f"/comments/{held.pk}/approve/")
    assert Comment.objects.get().is_approved
    assert count(work) == 1
    signed_in(alice).post(f"/comments/{held.pk}/approve/")  # twice counts once
    assert count(work) == 1
    assert "Waiting patiently." in Client().get(work.get_absolute_url()).content.decode()


def test_creators_comments_are_not_held(work: Work, alice: User) -> None:
    hold_all(work)
    signed_in(alice).post(comment_url(work), {"text": "Thanks all."})
    assert Comment.objects.get().is_approved
    assert count(work) == 1


def test_deleting_a_held_comment_leaves_the_count_alone(work: Work, alice: User, bob: User) -> None:
    signed_in(bob).post(comment_url(work), {"text": "Counted."})
    WorkCommentSettings.objects.create(work=work, moderation=CommentModeration.ALL)
    signed_in(bob).post(comment_url(work), {"text": "Held."})
    assert count(work) == 1
    held = Comment.objects.get(is_approved=False)
    signed_in(alice).post(f"/comments/{held.pk}/delete/")
    assert not Comment.objects.filter(pk=held.pk).exists()
    assert count(work) == 1


def test_creator_deletes_any_comment_stranger_none(work: Work, alice: User, bob: User) -> None:
    carol = UserFactory(username="carol")
    signed_in(bob).post(comment_url(work), {"text": "Rude words."})
    comment = Comment.objects.get()
    page = signed_in(carol).get(work.get_absolute_url()).content.decode()
    assert f'action="/comments/{comment.pk}/delete/"' not in page
    assert signed_in(carol).post(f"/comments/{comment.pk}/delete/").status_code == 404
    assert Client().post(f"/comments/{comment.pk}/delete/").status_code == 302  # to log in
    assert Comment.objects.exists()
    signed_in(alice).post(f"/comments/{comment.pk}/delete/")
    assert not Comment.objects.exists()
    assert count(work) == 0


def test_frozen_thread_takes_no_replies(work: Work, alice: User, bob: User) -> None:
    signed_in(bob).post(comment_url(work), {"text": "Hot take."})
    top = Comment.objects.get()
    signed_in(bob).post(comment_url(work), {"text": "And more.", "parent": top.pk})
    reply = Comment.objects.get(parent=top)
    assert signed_in(bob).post(f"/comments/{top.pk}/freeze/").status_code == 404
    signed_in(alice).post(f"/comments/{top.pk}/freeze/")
    assert Comment.objects.get(pk=top.pk).is_frozen
    page = signed_in(bob).get(work.get_absolute_url()).content.decode()
    assert "This thread is frozen" in page
    assert f'name="parent" value="{top.pk}"' not in page
    assert f'name="parent" value="{reply.pk}"' not in page, "replies under it too"
    response = signed_in(bob).post(
        comment_url(work), {"text": "Sneaky.", "parent": reply.pk}, follow=True
    )
    assert "thread is frozen" in response.content.decode()
    with pytest.raises(CommunityError):
        comment_post(chapter=top.chapter, user=bob, text="Direct.", parent=top)
    assert Comment.objects.count() == 2
    creator_page = signed_in(alice).get(work.get_absolute_url()).content.decode()
    assert f'action="/comments/{top.pk}/unfreeze/"' in creator_page
    assert f'action="/comments/{reply.pk}/freeze/"' not in creator_page, "frozen already"
    signed_in(alice).post(f"/comments/{top.pk}/unfreeze/")
    signed_in(bob).post(comment_url(work), {"text": "Thawed.", "parent": top.pk})
    assert Comment.objects.count() == 3
    assert count(work) == 3


def test_a_new_top_level_comment_is_still_allowed_under_a_frozen_thread(
    work: Work, alice: User, bob: User
) -> None:
    top = comment_post(chapter=work.chapters.get(), user=bob, text="One.")
    comment_freeze(comment=top, user=alice, frozen=True)
    comment_post(chapter=work.chapters.get(), user=bob, text="Two.")
    assert Comment.objects.count() == 2
    with pytest.raises(CommunityError):
        comment_freeze(comment=top, user=bob, frozen=False)


def test_moderators_may_approve_too(work: Work) -> None:
    moderator = UserFactory(username="mod", is_staff=True)
    WorkCommentSettings.objects.create(
        work=work, who_may_comment=WhoMayComment.EVERYONE, moderation=CommentModeration.GUESTS
    )
    Client(REMOTE_ADDR="203.0.113.3").post(
        f"/works/{work.pk}/chapters/1/comments/new/",
        {"name": "Guest", "email": "g@example.net", "text": "Hello", **as_a_person()},
    )
    held = Comment.objects.get()
    signed_in(moderator).post(f"/comments/{held.pk}/approve/")
    assert count(work) == 1
