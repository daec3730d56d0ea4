"""A member downloads everything the archive holds about them: one ZIP of JSON, and their
works as EPUB. Only their own, only by POST, a few times a day."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client, override_settings

from ficarchive.accounts.app_passwords import app_password_create
from ficarchive.accounts.models import User
from ficarchive.community.services import bookmark_save, comment_post, kudos_leave
from ficarchive.notifications.services import subscription_add
from ficarchive.readings.models import MarkedForLater
from ficarchive.works.models import Creator, Visibility
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_export_holds_the_members_account_works_and_traces(
    alice: User, alice_creator: Creator, bob: User
) -> None:
    mine = WorkFactory(title="Tide Tables", creators=[alice_creator], chapters=2)
    draft = WorkFactory(title="Unfinished", creators=[alice_creator], visibility=Visibility.DRAFT)
    theirs = WorkFactory(title="Harpoon")
    comment_post(chapter=theirs.chapters.get(), user=alice, text="Loved the whale.")
    comment_post(chapter=mine.chapters.get(position=1), user=bob, text="Bob's words.")
    kudos_leave(work=theirs, user=alice, address="192.0.2.1")
    bookmark_save(user=alice, work=theirs, notes="Reread in winter", is_private=True)
    MarkedForLater.objects.create(user=alice, work=theirs)
    subscription_add(user=alice, kind="work", target_id=theirs.pk, address="")
    app_password_create(user=alice, name="Kobo")

    response = signed_in(alice).post("/accounts/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())

    def part(name: str) -> object:
        return json.loads(archive.read(f"{name}.json"))

    account = part("account")
    assert isinstance(account, dict)
    assert (account["username"], account["email"]) == ("alice", "alice@example.org")
    works = part("works")
    assert isinstance(works, list)
    assert {work["title"] for work in works} == {"Tide Tables", "Unfinished"}
    tide = next(work for work in works if work["title"] == "Tide Tables")
    assert [chapter["position"] for chapter in tide["chapters"]] == [1, 2]
    assert "Chapter 2 opens here." in tide["chapters"][1]["body_html"]
    assert [c["text"] for c in part("comments")] == ["Loved the whale."]  # type: ignore[union-attr, index]
    assert part("kudos")[0]["work__title"] == "Harpoon"  # type: ignore[index]
    assert part("bookmarks")[0]["notes"] == "Reread in winter"  # type: ignore[index]
    assert part("marked_for_later")[0]["work__title"] == "Harpoon"  # type: ignore[index]
    assert part("subscriptions")[0]["target_id"] == theirs.pk  # type: ignore[index]
    [app_password] = part("app_passwords")  # type: ignore[misc]
    assert set(app_password) == {"name", "created_at", "last_used_at"}, "never a secret"
    epubs = {name for name in names if name.startswith("works/")}
    assert epubs == {f"works/{mine.pk}-tide-tables.epub", f"works/{draft.pk}-unfinished.epub"}
    epub = zipfile.ZipFile(io.BytesIO(archive.read(f"works/{mine.pk}-tide-tables.epub")))
    assert epub.read("mimetype") == b"application/epub+zip"
    everything = b"".join(archive.read(name) for name in names if name.endswith(".json"))
    assert b"Bob's words." not in everything, "another member's words are not in it"
    assert b"pbkdf2" not in everything
    assert b"argon2" not in everything


def test_the_export_is_for_members_by_post_only(alice: User) -> None:
    guest = Client().get("/accounts/export/")
    assert guest.status_code == 302
    assert guest["Location"].startswith("/accounts/login/")
    member = signed_in(alice)
    page = member.get("/accounts/export/")
    assert page.status_code == 200
    assert 'action="/accounts/export/"' in page.content.decode()
    assert member.put("/accounts/export/").status_code == 405
    assert 'href="/accounts/export/"' in member.get("/accounts/settings/").content.decode()


@override_settings(FICARCHIVE_EXPORTS_PER_DAY=2)
def test_exports_are_limited_per_day(alice: User) -> None:
    member = signed_in(alice)
    statuses = [member.post("/accounts/export/").status_code for _ in range(3)]
    assert statuses == [200, 200, 302]
