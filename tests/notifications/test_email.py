"""Email: at once or in the daily digest as each member chose, only to confirmed addresses,
re-checked for visibility when sent, with a signed one-click unsubscribe."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.community.services import comment_post
from ficarchive.core.tasks import clock_tick
from ficarchive.notifications.mail import Unsubscribe, unsubscribe_token
from ficarchive.notifications.models import InboxItem, NoticeKind, NoticePreference, Subscription
from ficarchive.notifications.services import notify, preferences_save, subscription_add
from ficarchive.notifications.tasks import mail_digests
from ficarchive.works.models import Creator, Visibility, Work
from tests.notifications.helpers import post_chapter, post_work

pytestmark = pytest.mark.django_db
RunTasks = Callable[[], int]


def _unsubscribe_path(message: mail.EmailMessage) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://localhost:8000/notifications/unsubscribe/")
    return header.strip("<>").removeprefix("http://localhost:8000")


def test_comment_email_at_once_with_one_click_headers(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice)
    comment_post(chapter=work.chapters.get(), user=bob, text="Lovely.")
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "bob commented on Salt Roads"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Lovely." in message.body
    assert f"/works/{work.pk}/chapters/1/#comment-" in message.body
    [(html, kind)] = message.alternatives  # type: ignore[attr-defined]
    assert kind == "text/html"
    assert "Stop these emails" in str(html)
    assert _unsubscribe_path(message) in message.body


def test_one_click_post_needs_no_csrf_and_stops_that_kind(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice)
    comment_post(chapter=work.chapters.get(), user=bob, text="Lovely.")
    run_tasks()
    path = _unsubscribe_path(mail.outbox[0])
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200
    assert "Stop getting these emails?" in page.content.decode()
    assert not NoticePreference.objects.exists(), "a GET changes nothing"
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert NoticePreference.objects.get(user=alice, kind=NoticeKind.COMMENT).delivery == "never"
    mail.outbox.clear()
    comment_post(chapter=work.chapters.get(), user=bob, text="Again.")
    run_tasks()
    assert not mail.outbox
    assert InboxItem.objects.filter(user=alice).count() == 2, "the inbox still has it"


def test_one_click_for_a_subscription_removes_it(
    bob: User, alice: User, alice_creator: Creator
) -> None:
    work = post_work(alice)
    subscription = subscription_add(user=bob, kind="work", target_id=work.pk)
    token = unsubscribe_token(Unsubscribe(bob.pk, subscription_id=subscription.pk))
    response = Client(enforce_csrf_checks=True).post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_a_bad_signature_is_a_404_and_changes_nothing(
    bob: User, alice: User, alice_creator: Creator
) -> None:
    work = post_work(alice)
    subscription = subscription_add(user=bob, kind="work", target_id=work.pk)
    token = unsubscribe_token(Unsubscribe(bob.pk, subscription_id=subscription.pk))
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 404
    assert client.get(f"/notifications/unsubscribe/{forged}/").status_code == 404
    assert client.post("/notifications/unsubscribe/not-a-token/").status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_subscription_news_waits_for_the_daily_digest(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice)
    subscription_add(user=bob, kind="work", target_id=work.pk)
    post_chapter(alice, work, "Two.")
    post_chapter(alice, work, "Three.")
    run_tasks()
    assert not mail.outbox, "new chapters go to the digest by default"
    assert "ficarchive.notifications.tasks.mail_digests" in clock_tick(now=86400 * 10.0)
    run_tasks()
    [digest] = mail.outbox
    assert digest.to == ["bob@example.org"]
    assert digest.subject == "Your Ficarchive digest: 2 new notices"
    assert "Chapter 2" in digest.body
    assert "Chapter 3" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox.clear()
    mail_digests.call()
    assert not mail.outbox, "each notice is mailed once"


def test_immediate_choice_mails_new_chapters_at_once(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice)
    subscription_add(user=bob, kind="work", target_id=work.pk)
    preferences_save(user=bob, choices={NoticeKind.NEW_CHAPTER: "now"})
    post_chapter(alice, work)
    run_tasks()
    [message] = mail.outbox
    assert message.subject == "New chapter of Salt Roads: Chapter 2"
    path = _unsubscribe_path(message)
    Client().post(path)
    assert not Subscription.objects.filter(user=bob).exists(), "its link stops that subscription"


def test_unconfirmed_address_gets_no_mail_but_the_inbox_has_it(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice)
    User.objects.filter(pk=alice.pk).update(email_confirmed=False)
    comment_post(chapter=work.chapters.get(), user=bob, text="Lovely.")
    run_tasks()
    assert not mail.outbox
    assert InboxItem.objects.filter(user=alice, kind=NoticeKind.COMMENT).exists()


def test_a_notice_whose_work_was_hidden_before_sending_is_not_mailed(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice)
    subscription_add(user=bob, kind="work", target_id=work.pk)
    preferences_save(user=bob, choices={NoticeKind.NEW_CHAPTER: "now"})
    post_chapter(alice, work)
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.HIDDEN)
    run_tasks()
    assert not [m for m in mail.outbox if "Salt Roads" in m.subject]


def test_a_moderators_message_is_mailed_at_once(bob: User, run_tasks: RunTasks) -> None:
    notify(user=bob, kind=NoticeKind.MODERATION, subject="Your report was handled.", url="/")
    run_tasks()
    [message] = mail.outbox
    assert message.subject == "Your report was handled."
    assert message.to == ["bob@example.org"]
    assert "http://localhost:8000/" in message.body
