"""A member downloads everything the archive holds about them: one ZIP of JSON, and their
works as EPUB, prepared by a task. Only their own, asked for by POST, a few times a day,
kept a week."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from ficarchive.accounts.app_passwords import app_password_create
from ficarchive.accounts.models import User
from ficarchive.community.services import bookmark_save, comment_post, kudos_leave
from ficarchive.notifications.services import subscription_add
from ficarchive.privacy.models import DataExport
from ficarchive.privacy.services import exports_prune
from ficarchive.readings.models import MarkedForLater
from ficarchive.works.models import Creator, Visibility
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_export_holds_the_members_account_works_and_traces(
    alice: User, alice_creator: Creator, bob: User, run_tasks: Callable[[], int]
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

    member = signed_in(alice)
    asked = member.post("/accounts/export/")
    assert asked.status_code == 302
    assert "Being prepared" in member.get("/accounts/export/").content.decode()
    assert run_tasks() >= 1
    export = DataExport.objects.get(user=alice)
    assert export.status == DataExport.Status.READY
    assert export.path.stat().st_mode & 0o777 == 0o600
    page = member.get("/accounts/export/").content.decode()
    assert f'href="/accounts/export/{export.token}/"' in page
    response = member.get(f"/accounts/export/{export.token}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
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
    theirs_only = archive.read("comments.json") + archive.read("works.json")
    assert b"Bob's words." not in theirs_only, "another member's comments are not hers"
    inbox = part("inbox")
    assert isinstance(inbox, list)
    assert any("Bob's words." in item["body"] for item in inbox), "the notice she was sent"
    assert b"pbkdf2" not in everything
    assert b"argon2" not in everything


def test_a_download_is_its_members_alone(
    alice: User, bob: User, run_tasks: Callable[[], int]
) -> None:
    guest = Client().get("/accounts/export/")
    assert guest.status_code == 302
    assert guest["Location"].startswith("/accounts/login/")
    member = signed_in(alice)
    page = member.get("/accounts/export/")
    assert page.status_code == 200
    assert 'action="/accounts/export/"' in page.content.decode()
    assert member.put("/accounts/export/").status_code == 405
    assert 'href="/accounts/export/"' in member.get("/accounts/settings/").content.decode()
    member.post("/accounts/export/")
    run_tasks()
    url = DataExport.objects.get().get_absolute_url()
    assert signed_in(bob).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert member.post(url).status_code == 405
    assert member.get("/accounts/export/not-a-token/").status_code == 404


@override_settings(FICARCHIVE_EXPORTS_PER_DAY=2)
def test_downloads_are_limited_per_day_and_expire(
    alice: User, run_tasks: Callable[[], int]
) -> None:
    member = signed_in(alice)
    for _ in range(3):
        member.post("/accounts/export/")
        run_tasks()
    assert DataExport.objects.filter(user=alice).count() == 2
    old = DataExport.objects.filter(user=alice).first()
    assert old is not None
    assert old.path.exists()
    DataExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert exports_prune() == 1
    assert not old.path.exists()
    assert member.get(old.get_absolute_url()).status_code == 404
