"""What reaches the inbox, through the background tasks: new works and chapters from each
kind of subscription, comments and replies, invitations, works deleted or hidden; and what
never does (drafts, hidden works, one's own news)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ficarchive.accounts.models import User
from ficarchive.community.services import comment_post
from ficarchive.core.events import WorkChange, announce_works
from ficarchive.notifications.models import InboxItem, NoticeKind, Subscription
from ficarchive.notifications.selectors import inbox_items
from ficarchive.notifications.services import notify, subscription_add
from ficarchive.works.models import Creator, Series, SeriesPart, Visibility, Work
from ficarchive.works.posting import cocreator_invite, work_post
from ficarchive.works.services import work_delete
from tests.factories import UserFactory
from tests.notifications.helpers import post_chapter, post_work

pytestmark = pytest.mark.django_db

RunTasks = Callable[[], int]


def _inbox(user: User) -> list[InboxItem]:
    return list(InboxItem.objects.filter(user=user).order_by("pk"))


def test_new_chapter_reaches_work_subscribers_not_the_author(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice)
    subscription_add(user=bob, kind="work", target_id=work.pk)
    subscription_add(user=alice, kind="work", target_id=work.pk)
    run_tasks()
    post_chapter(alice, work)
    assert not _inbox(bob), "the author's post only queued the fan-out"
    run_tasks()
    [item] = _inbox(bob)
    assert item.kind == NoticeKind.NEW_CHAPTER
    assert item.subject == "New chapter of Salt Roads: Chapter 2"
    assert item.url == f"/works/{work.pk}/chapters/2/"
    assert not _inbox(alice)


def test_new_work_reaches_creator_tag_and_series_followers_once_each(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    first = post_work(alice, "First", series_title="Tides")
    series = Series.objects.get(title="Tides")
    carol, dave = UserFactory(username="carol"), UserFactory(username="dave")
    subscription_add(user=bob, kind="creator", target_id=alice_creator.pk)
    subscription_add(user=bob, kind="series", target_id=series.pk)  # one notice, not two
    subscription_add(user=carol, kind="tag", target_id=first.tags.get(name="Harbour Lights").pk)
    subscription_add(user=dave, kind="series", target_id=series.pk)
    run_tasks()
    InboxItem.objects.all().delete()
    second = post_work(alice, "Second", series_title="Tides")
    run_tasks()
    assert SeriesPart.objects.filter(series=series, work=second).exists()
    for member in (bob, carol, dave):
        [item] = _inbox(member)
        assert item.kind == NoticeKind.NEW_WORK
        assert item.subject.startswith("New work: Second by Alice")
    assert Subscription.objects.get(user=bob, kind="series").pk == _inbox(bob)[0].subscription_id


def test_a_draft_tells_nobody_until_it_is_published(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    subscription_add(user=bob, kind="creator", target_id=alice_creator.pk)
    draft = post_work(alice, "Not Yet", post=False)
    post_chapter(alice, draft)
    run_tasks()
    assert not _inbox(bob)
    work_post(work=draft)
    run_tasks()
    [item] = _inbox(bob)
    assert item.subject.startswith("New work: Not Yet")


def test_saved_search_is_told_of_a_matching_new_work_only(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    subscription_add(user=bob, kind="search", address="/search/?q=lighthouse&rating=teen")
    subscription_add(user=bob, kind="search", address="/search/?q=volcano")
    post_work(alice, "The Lighthouse Keeper")
    post_work(alice, "Something Else")
    run_tasks()
    [item] = _inbox(bob)
    assert item.subject.startswith("New work: The Lighthouse Keeper")
    assert item.subscription_id == Subscription.objects.get(query__contains="lighthouse").pk


def test_saved_filtered_list_is_told_of_a_matching_new_work(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    subscription_add(user=bob, kind="search", address="/?rating=teen")
    subscription_add(user=UserFactory(username="carol"), kind="search", address="/?rating=explicit")
    post_work(alice, "Teen Rated")
    run_tasks()
    assert [i.subject[:20] for i in _inbox(bob)] == ["New work: Teen Rated"]
    assert not InboxItem.objects.filter(user__username="carol").exists()


def test_comment_tells_the_creator_and_a_reply_tells_the_commenter(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice)
    chapter = work.chapters.get()
    top = comment_post(chapter=chapter, user=bob, text="Lovely.")
    run_tasks()
    [item] = _inbox(alice)
    assert item.kind == NoticeKind.COMMENT
    assert item.comment == top
    assert item.subject == "bob commented on Salt Roads"
    assert not _inbox(bob), "nobody is told of their own comment"
    comment_post(chapter=chapter, user=alice, text="Thank you!", parent=top)
    run_tasks()
    [reply] = _inbox(bob)
    assert reply.kind == NoticeKind.REPLY
    assert "Thank you!" in reply.body


def test_cocreator_invitation_reaches_the_invited(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice, "Shared", post=False)
    cocreator_invite(work=work, invited_by=alice, username="bob")
    run_tasks()
    [item] = _inbox(bob)
    assert item.kind == NoticeKind.INVITATION
    assert item.work is None, "no link to a draft the invited member cannot open yet"
    assert "alice invited you" in item.subject


def test_deleted_work_subscribers_are_told_with_its_title(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice, "Gone Soon")
    subscription_add(user=bob, kind="work", target_id=work.pk)
    work_delete(work=work)
    run_tasks()
    [item] = _inbox(bob)
    assert item.kind == NoticeKind.WORK_GONE
    assert item.subject == "“Gone Soon” was deleted"
    assert not Subscription.objects.filter(kind="work", target_id=work.pk).exists()


def test_hidden_work_subscribers_are_told_and_older_notices_vanish(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    work = post_work(alice, "Hidden Soon")
    subscription_add(user=bob, kind="work", target_id=work.pk)
    post_chapter(alice, work)
    run_tasks()
    assert len(_inbox(bob)) == 1
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.HIDDEN)
    announce_works(WorkChange.HIDDEN, [work.pk])  # as the moderators' admin does
    run_tasks()
    subjects = [item.subject for item in _inbox(bob)]
    assert "“Hidden Soon” was hidden by the moderators" in subjects
    shown = [item.subject for item in inbox_items(user=bob)]
    assert shown == ["“Hidden Soon” was hidden by the moderators"], "the chapter notice is gone"


def test_registered_only_work_reaches_members(
    alice: User, alice_creator: Creator, bob: User, run_tasks: RunTasks
) -> None:
    subscription_add(user=bob, kind="creator", target_id=alice_creator.pk)
    post_work(alice, "Members Only", visibility=Visibility.REGISTERED)
    run_tasks()
    assert len(_inbox(bob)) == 1


def test_notify_is_there_for_the_moderators(bob: User) -> None:
    item = notify(user=bob, kind=NoticeKind.MODERATION, subject="Your report was handled.")
    assert _inbox(bob) == [item]


def test_the_authors_post_costs_the_same_with_many_subscribers(
    alice: User, alice_creator: Creator, run_tasks: RunTasks
) -> None:
    """The fan-out is a queued task: posting asks the database the same whoever follows."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    followed, quiet = post_work(alice, "Followed"), post_work(alice, "Quiet")
    for n in range(40):
        subscription_add(
            user=UserFactory(username=f"reader{n}"), kind="work", target_id=followed.pk
        )
    run_tasks()
    counts = []
    for work in (quiet, followed):
        with CaptureQueriesContext(connections["default"]) as queries:
            post_chapter(alice, work)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert not InboxItem.objects.exists()
    run_tasks()
    assert InboxItem.objects.filter(kind=NoticeKind.NEW_CHAPTER).count() == 40
