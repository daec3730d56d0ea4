"""The inbox page: what it shows (only what the member may see), mark read, delete, reply;
the unread count in the header from a cache entry; its query counts."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.community.services import comment_post
from ficarchive.notifications.models import InboxItem, NoticeKind
from ficarchive.notifications.services import notify
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import UserFactory, WorkFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 8


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    return WorkFactory(creators=[alice_creator], title="Salt Roads")


def _chapter_notice(user: User, work: Work) -> InboxItem:
    return notify(user=user, kind=NoticeKind.NEW_CHAPTER, subject=f"New chapter of {work.title}",
                  url=work.get_absolute_url(), work=work)  # fmt: skip


def test_inbox_is_the_owners_alone(bob: User, work: Work) -> None:
    _chapter_notice(bob, work)
    assert "New chapter of Salt Roads" in _client(bob).get("/users/bob/inbox/").content.decode()
    assert _client(UserFactory(username="carol")).get("/users/bob/inbox/").status_code == 404
    response = _client(None).get("/users/bob/inbox/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_notice_about_a_work_hidden_since_is_not_shown(bob: User, work: Work) -> None:
    _chapter_notice(bob, work)
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.DRAFT)
    page = _client(bob).get("/users/bob/inbox/").content.decode()
    assert "Salt Roads" not in page


def test_header_counts_unread_and_follows_mark_read_and_delete(bob: User, work: Work) -> None:
    first = _chapter_notice(bob, work)
    second = _chapter_notice(bob, work)
    client = _client(bob)
    assert "Inbox, 2 unread" in client.get("/").content.decode()
    client.post("/users/bob/inbox/update/", {"action": "read", "item": [first.pk]})
    assert "Inbox, 1 unread" in client.get("/").content.decode()
    client.post("/users/bob/inbox/update/", {"action": "unread", "item": [first.pk]})
    assert "Inbox, 2 unread" in client.get("/").content.decode()
    client.post("/users/bob/inbox/update/", {"action": "delete", "item": [second.pk]})
    assert not InboxItem.objects.filter(pk=second.pk).exists()
    client.post("/users/bob/inbox/update/", {"action": "read_all"})
    page = client.get("/").content.decode()
    assert "unread" not in page
    assert ">Inbox<" in page


def test_a_stranger_cannot_touch_anothers_items(bob: User, work: Work) -> None:
    item = _chapter_notice(bob, work)
    carol = UserFactory(username="carol")
    _client(carol).post("/users/carol/inbox/update/", {"action": "delete", "item": [item.pk]})
    assert InboxItem.objects.filter(pk=item.pk).exists()
    response = _client(carol).post(
        "/users/bob/inbox/update/", {"action": "delete", "item": [item.pk]}
    )
    assert response.status_code == 404
    assert InboxItem.objects.filter(pk=item.pk).exists()


def test_reply_from_the_inbox_posts_a_comment(
    alice: User, bob: User, work: Work, run_tasks: object
) -> None:
    top = comment_post(chapter=work.chapters.get(), user=bob, text="Lovely.")
    run_tasks()  # type: ignore[operator]
    [item] = InboxItem.objects.filter(user=alice)
    client = _client(alice)
    response = client.post("/users/alice/inbox/reply/", {"item": item.pk, "text": "Thank you!"})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=top)
    assert reply.user == alice
    assert "Thank you!" in reply.body_html
    item.refresh_from_db()
    assert item.is_read
    carol = UserFactory(username="carol")
    response = _client(carol).post("/users/carol/inbox/reply/", {"item": item.pk, "text": "Hi"})
    assert response.status_code == 404, "only the item's owner replies from it"


def test_unread_count_is_one_cache_entry_no_query_when_warm(bob: User, work: Work) -> None:
    _chapter_notice(bob, work)
    client = _client(bob)
    client.get("/fandoms/")
    with CaptureQueriesContext(connections["default"]) as warm:
        client.get("/fandoms/")
    assert not [q for q in warm.captured_queries if "notifications_" in q["sql"]]


@pytest.mark.parametrize("page", ["inbox", "subscriptions", "inbox/settings"])
def test_member_pages_stay_within_the_query_budget(bob: User, work: Work, page: str) -> None:
    for n in range(30):
        _chapter_notice(bob, WorkFactory(title=f"Work {n}"))
    from ficarchive.notifications.services import subscription_add

    for other in Work.objects.all()[:10]:
        subscription_add(user=bob, kind="work", target_id=other.pk)
    subscription_add(user=bob, kind="search", address="/search/?q=rain")
    client = _client(bob)
    url = f"/users/bob/{page}/"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connections["default"]) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= MAX_QUERIES, "\n".join(q["sql"][:150] for q in queries.captured_queries)


def test_settings_page_saves_each_kinds_choice(bob: User) -> None:
    client = _client(bob)
    page = client.get("/users/bob/inbox/settings/").content.decode()
    assert "Daily digest" in page
    choices = dict.fromkeys(NoticeKind.values, "never") | {"comment": "digest"}
    assert client.post("/users/bob/inbox/settings/", choices).status_code == 302
    from ficarchive.notifications.selectors import preferences_of

    assert preferences_of(user=bob)["comment"] == "digest"
    assert preferences_of(user=bob)["reply"] == "never"
    assert (
        _client(UserFactory(username="carol")).get("/users/bob/inbox/settings/").status_code == 404
    )
