"""Spam defences that need no outside service: links from new writers, the same words or the
same site posted across works, guest limits per work, and new members' first comments held.
The spam wave at the end is the issue's: 500 guest comments from 50 addresses in a minute."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.community.models import (
    Comment,
    CommentModeration,
    Kudos,
    WhoMayComment,
    WorkCommentSettings,
)
from ficarchive.community.services import CommunityError, comment_approve, comment_post
from ficarchive.works.models import Creator, Work
from tests.factories import UserFactory, WorkFactory
from tests.humans import as_a_person

pytestmark = pytest.mark.django_db


def open_to_guests(work: Work) -> Work:
    WorkCommentSettings.objects.create(
        work=work, who_may_comment=WhoMayComment.EVERYONE, moderation=CommentModeration.NONE
    )
    return work


@pytest.fixture
def works(alice_creator: Creator) -> list[Work]:
    return [open_to_guests(WorkFactory(creators=[alice_creator])) for _ in range(5)]


@pytest.fixture
def veteran(db: None) -> User:
    """A member of two years' standing."""
    user = UserFactory(username="veteran")
    user.date_joined = timezone.now() - timedelta(days=730)
    user.save(update_fields=["date_joined"])
    return user


def guest_comment(work: Work, text: str, address: str, email: str = "g@example.net") -> int:
    data = {"name": "Guest", "email": email, "text": text, **as_a_person()}
    response = Client(REMOTE_ADDR=address).post(f"/works/{work.pk}/chapters/1/comments/new/", data)
    return response.status_code


def post(user: User, work: Work, text: str) -> Comment:
    return comment_post(chapter=work.chapters.get(position=1), user=user, text=text)


def test_guests_and_new_members_may_post_one_link_veterans_more(
    works: list[Work], bob: User, veteran: User
) -> None:
    two_links = "See https://one.example/a and http://www.two.example/b"
    assert guest_comment(works[0], two_links, "203.0.113.1") == 400
    with pytest.raises(CommunityError, match="at most 1 link"):
        post(bob, works[0], two_links)
    assert post(bob, works[0], "Only https://one.example/a").pk
    assert post(veteran, works[0], two_links).pk
    mine = post(bob, works[1], "No links yet.")
    edit = Client()
    edit.force_login(bob)
    response = edit.post(f"/comments/{mine.pk}/edit/", {"text": two_links})
    assert response.status_code == 400, "links cannot be edited in afterwards"
    assert Comment.objects.filter(body_html__contains="two.example").count() == 1


def test_the_same_words_across_works_are_refused_for_new_writers(
    works: list[Work], bob: User, veteran: User, alice: User
) -> None:
    words = "This story changed my life, please read mine too on my profile!"
    post(bob, works[0], words)
    post(bob, works[1], words)  # kind words may be said on two works
    with pytest.raises(CommunityError, match="same words on other works"):
        post(bob, works[2], words)
    advert = "Read mine too: https://mine.example/story"
    post(bob, works[0], advert)
    with pytest.raises(CommunityError, match="same words on other works"):
        post(bob, works[1], advert)
    post(bob, works[0], words)  # the same work: a double post, not a wave
    for work in works[:3]:
        post(veteran, work, words)
    post(veteran, works[1], "Thank you!")
    post(veteran, works[2], "Thank you!")  # short kind words are said everywhere


def test_a_new_author_may_answer_every_reader_in_the_same_words(
    works: list[Work], alice: User, bob: User
) -> None:
    thanks = "Thank you so much for reading, I am so glad you liked it!"
    for _ in range(6):
        assert post(alice, works[0], thanks).pk  # the creators, on their own work
    answer = "Agreed with everything above, this chapter was wonderful."
    for _ in range(5):
        assert post(bob, works[1], answer).pk  # one writer, one work: not a wave


def test_the_same_words_many_times_in_an_hour_are_refused(works: list[Work]) -> None:
    words = "Amazing story!!! Visit my page for more amazing stories like this one!!!"
    codes = [
        guest_comment(works[n], words, f"203.0.113.{n}", email=f"g{n}@example.net")
        for n in range(5)
    ]
    assert codes == [302, 302, 302, 400, 400]


def test_the_same_site_advertised_in_varied_words_is_refused(works: list[Work]) -> None:
    codes = [
        guest_comment(
            works[n],
            f"Offer {n}: cheap pills at https://pills.example/{n}",
            f"198.51.100.{n}",
            email=f"p{n}@example.net",
        )
        for n in range(5)
    ]
    assert codes == [302, 302, 302, 400, 400]
    assert guest_comment(works[0], "My fic rec: https://other.example/x", "198.51.100.9") == 302
    # Hosts match exactly: three links to pills.example do not stop one to ills.example.
    assert guest_comment(works[1], "See https://ills.example/about", "198.51.100.10") == 302


@override_settings(FICARCHIVE_GUEST_COMMENTS_PER_WORK_PER_HOUR=3)
def test_one_work_takes_a_few_guest_comments_an_hour_whoever_sends_them(
    works: list[Work], bob: User
) -> None:
    codes = [guest_comment(works[0], f"Lovely part {n}.", f"192.0.2.{n}") for n in range(5)]
    assert codes == [302, 302, 302, 400, 400]
    assert guest_comment(works[1], "Lovely.", "192.0.2.99") == 302
    assert post(bob, works[0], "Members are not counted in it.").pk


@override_settings(FICARCHIVE_GUEST_KUDOS_PER_WORK_PER_HOUR=2)
def test_one_work_takes_a_few_guest_kudos_an_hour(works: list[Work]) -> None:
    for n in range(4):
        Client(REMOTE_ADDR=f"192.0.2.{n}").post(f"/works/{works[0].pk}/kudos/")
    assert Kudos.objects.filter(work=works[0]).count() == 2


@override_settings(FICARCHIVE_HOLD_FIRST_COMMENTS=2)
def test_new_members_first_comments_wait_for_approval_when_the_archive_says_so(
    works: list[Work], bob: User, alice: User
) -> None:
    first = post(bob, works[0], "Hello!")
    assert not first.is_approved
    comment_approve(comment=first, user=alice)
    second = post(bob, works[0], "Hello again!")
    assert not second.is_approved
    comment_approve(comment=second, user=alice)
    assert post(bob, works[0], "Third time.").is_approved
    assert post(alice, works[0], "The creator's own.").is_approved


def test_a_spam_wave_of_500_guest_comments_from_50_addresses_is_stopped(
    works: list[Work],
) -> None:
    """Four kinds of robots, 125 comments each, from 50 addresses, on five works, in what is
    one minute for the rate limits."""
    sent: dict[str, list[int]] = {"no token": [], "two links": [], "same words": [], "one site": []}
    for n in range(125):
        work, address = works[n % 5], f"203.0.113.{n % 50}"
        email = f"bot{n}@example.net"
        page = f"/works/{work.pk}/chapters/1/comments/new/"
        raw = {"name": "Bot", "email": email, "text": "Buy now http://pills.example"}
        sent["no token"].append(Client(REMOTE_ADDR=address).post(page, raw).status_code)
        sent["two links"].append(
            guest_comment(work, "http://a.example http://b.example", address, email)
        )
        sent["same words"].append(
            guest_comment(work, "Best pills online at http://pills.example now", address, email)
        )
        sent["one site"].append(
            guest_comment(work, f"Deal {n} at http://deals.example/{n}", address, email)
        )
    through = {kind: codes.count(302) for kind, codes in sent.items()}
    print(f"\nspam wave: of 125 each, got through: {through}; total {Comment.objects.count()}")
    assert through == {"no token": 0, "two links": 0, "same words": 3, "one site": 3}
    assert Comment.objects.count() == 6
