"""Every moderation page against a guest, a member, the reported member, a moderator and an
administrator, and the wrong method; the audit log nobody can change; query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.community.models import Comment
from ficarchive.moderation.models import AuditEntry
from ficarchive.moderation.selectors import is_moderator
from ficarchive.works.models import Work
from tests.humans import as_a_person
from tests.moderation.conftest import client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(comment: Comment, bob: User) -> Comment:
    client_of(bob).post(f"/report/comment/{comment.pk}/", {"reason": "spam"})
    return comment


def pages(comment: Comment) -> list[str]:
    return [
        "/moderation/",
        "/moderation/log/",
        f"/moderation/comment/{comment.pk}/",
    ]


@pytest.mark.parametrize("who", ["guest", "member", "reported member"])
def test_the_moderation_pages_are_closed_to_everyone_else(
    who: str, reported: Comment, bob: User, mallory: User
) -> None:
    user = {"guest": None, "member": bob, "reported member": mallory}[who]
    client = client_of(user)
    for url in pages(reported):
        response = client.get(url)
        if user is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next=")
        else:
            assert response.status_code == 404, url
    act = client.post(
        f"/moderation/comment/{reported.pk}/act/", {"action": "hide", "reason": "Mine now."}
    )
    assert act.status_code == (302 if user is None else 404)
    assert not AuditEntry.objects.exists()
    reported.refresh_from_db()
    assert not reported.is_hidden


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_moderators_and_administrators_see_the_queue_and_act(
    who: str, reported: Comment, moderator: User, admin: User
) -> None:
    user = moderator if who == "moderator" else admin
    assert is_moderator(user)
    client = client_of(user)
    queue = client.get("/moderation/")
    assert queue.status_code == 200
    assert "Comment by mallory" in queue.content.decode()
    target = client.get(f"/moderation/comment/{reported.pk}/").content.decode()
    assert "spam.example" in target
    assert "Spam" in target
    response = client.post(
        f"/moderation/comment/{reported.pk}/act/", {"action": "hide", "reason": "Spam."}
    )
    assert response.status_code == 302
    log = client.get("/moderation/log/").content.decode()
    assert f"{user.username}</strong> · Hid" in log


def test_the_wrong_method_is_refused(reported: Comment, moderator: User) -> None:
    client = client_of(moderator)
    assert client.post("/moderation/").status_code == 405
    assert client.post("/moderation/log/").status_code == 405
    assert client.post(f"/moderation/comment/{reported.pk}/").status_code == 405
    assert client.get(f"/moderation/comment/{reported.pk}/act/").status_code == 405
    assert client.put(f"/report/comment/{reported.pk}/").status_code == 405


def test_staff_without_the_role_is_not_a_moderator(reported: Comment) -> None:
    from tests.factories import UserFactory

    staff = UserFactory(username="helper", is_staff=True)
    assert client_of(staff).get("/moderation/").status_code == 404


def test_the_queue_groups_reports_by_target_oldest_first(
    work: Work, reported: Comment, alice: User, bob: User, moderator: User
) -> None:
    client_of(None).post(
        f"/report/comment/{reported.pk}/",
        {"reason": "harassment", "email": "g@example.org", **as_a_person()},
    )
    client_of(bob).post(f"/report/member/{alice.pk}/", {"reason": "other"})
    page = client_of(moderator).get("/moderation/").content.decode()
    assert "2 reported things waiting" in page
    assert page.index("Comment by mallory") < page.index("Member alice")
    assert "2 reports · Harassment, Spam" in page


def test_the_audit_log_cannot_be_changed(reported: Comment, moderator: User, admin: User) -> None:
    client_of(moderator).post(
        f"/moderation/comment/{reported.pk}/act/", {"action": "hide", "reason": "Spam."}
    )
    entry = AuditEntry.objects.get()
    entry.reason = "Nothing happened."
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never changed"):
        entry.delete()
    admin_client = client_of(admin)
    change = f"/admin/moderation/auditentry/{entry.pk}/change/"
    assert admin_client.get(change).status_code == 200  # read-only view
    assert admin_client.post(change, {"reason": "Edited"}).status_code == 403
    assert admin_client.post(f"/admin/moderation/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.get().reason == "Spam."


def test_moderation_pages_pin_their_query_counts(
    reported: Comment, work: Work, moderator: User, django_assert_num_queries: Any
) -> None:
    """The member and their permissions (2), then each page's own reads."""
    client: Client = client_of(moderator)
    client.get("/moderation/")  # the session warm in the cache
    expected = {
        "/moderation/": 5,
        "/moderation/log/": 4,
        f"/moderation/comment/{reported.pk}/": 6,
        f"/moderation/work/{work.pk}/": 7,
    }
    for url, queries in expected.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_wrangling_and_appeals_are_closed_to_those_they_are_not_for(
    reported: Comment, work: Work, bob: User, mallory: User, moderator: User
) -> None:
    tag = work.tags.create(name="Lighthouses", kind="freeform")
    wrangle = f"/moderation/tag/{tag.pk}/wrangle/"
    data = {"action": "fandoms", "fandoms": "", "reason": "x"}
    assert client_of(None).post(wrangle, data).status_code == 302
    for member in (bob, mallory):
        assert client_of(member).post(wrangle, data).status_code == 404
    assert client_of(moderator).get(wrangle).status_code == 405
    client_of(moderator).post(
        f"/moderation/comment/{reported.pk}/act/", {"action": "hide", "reason": "Spam."}
    )
    appeal = f"/moderation/appeals/{AuditEntry.objects.get().pk}/"
    guest = client_of(None).get(appeal)
    assert guest.status_code == 302
    assert guest["Location"].startswith("/accounts/login/")
    for user in (bob, moderator):
        assert client_of(user).get(appeal).status_code == 404, "only the member it concerns"
    assert client_of(mallory).get(appeal).status_code == 200
    assert client_of(mallory).put(appeal).status_code == 405
