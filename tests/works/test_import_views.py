"""Uploading a story in the web UI: moderators only, a draft first, nothing left on failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.works.models import Visibility, Work
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parents[1] / "formats" / "samples"
URL = "/works/import/"


@pytest.fixture
def moderator() -> User:
    return UserFactory(username="mod", is_staff=True)


def client_for(user: User | None, **kwargs: bool) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def upload(client: Client, name: str, data: bytes) -> object:
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def test_anonymous_is_sent_to_log_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/works/import/"


def test_member_who_is_not_a_moderator_gets_404(bob: User) -> None:
    assert client_for(bob).get(URL).status_code == 404
    assert upload(client_for(bob), "s.html", b"<p>x</p>").status_code == 404  # type: ignore[attr-defined]
    assert Work.objects.count() == 0


def test_upload_arrives_as_a_draft_only_the_importer_sees(moderator: User, bob: User) -> None:
    client = client_for(moderator)
    assert client.get(URL).status_code == 200
    response = upload(client, "ffn.html", (SAMPLES / "ffn-page.html").read_bytes())
    work = Work.objects.get()
    assert response["Location"] == work.get_absolute_url()  # type: ignore[index]
    assert work.visibility == Visibility.DRAFT
    assert work.imported_by == moderator
    page = client.get(work.get_absolute_url()).content.decode()
    assert "This work is a draft." in page
    assert "Imported as a draft" in page
    assert "Glass Orchard" in page
    assert client_for(bob).get(work.get_absolute_url()).status_code == 404
    assert "Glass Orchard" not in client_for(None).get("/").content.decode()


def test_publish_makes_it_public(moderator: User) -> None:
    client = client_for(moderator)
    upload(client, "ffn.html", (SAMPLES / "ffn-page.html").read_bytes())
    work = Work.objects.get()
    assert client.post(f"/works/{work.pk}/publish/").status_code == 302
    work.refresh_from_db()
    assert work.visibility == Visibility.PUBLIC
    assert "Glass Orchard" in client_for(None).get("/").content.decode()


def test_discarding_asks_then_deletes_the_draft(moderator: User) -> None:
    client = client_for(moderator)
    upload(client, "ffn.html", (SAMPLES / "ffn-page.html").read_bytes())
    work = Work.objects.get()
    confirmation = client.get(f"/works/{work.pk}/delete/")
    assert confirmation.status_code == 200
    assert "This cannot be undone." in confirmation.content.decode()
    assert Work.objects.count() == 1, "asking changes nothing"
    assert client.post(f"/works/{work.pk}/delete/").status_code == 302
    assert Work.objects.count() == 0


def test_strangers_cannot_publish_or_delete(moderator: User, bob: User) -> None:
    upload(client_for(moderator), "ffn.html", (SAMPLES / "ffn-page.html").read_bytes())
    work = Work.objects.get()
    for url in (f"/works/{work.pk}/publish/", f"/works/{work.pk}/delete/"):
        assert client_for(bob).post(url).status_code == 404
        anonymous = client_for(None).post(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/accounts/login/")
    work.refresh_from_db()
    assert work.visibility == Visibility.DRAFT


def test_publish_refuses_get(moderator: User) -> None:
    upload(client_for(moderator), "ffn.html", (SAMPLES / "ffn-page.html").read_bytes())
    work = Work.objects.get()
    assert client_for(moderator).get(f"/works/{work.pk}/publish/").status_code == 405


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.epub", b"PK\x03\x04garbage", "not a readable ZIP"),
        ("empty.txt", b"   ", "no text"),
    ],
)
def test_broken_file_is_a_clear_error_and_changes_nothing(
    moderator: User, name: str, data: bytes, message: str
) -> None:
    response = upload(client_for(moderator), name, data)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert Work.objects.count() == 0


def test_oversized_upload_is_refused_before_parsing(moderator: User) -> None:
    response = upload(client_for(moderator), "huge.txt", b"a " * (10 * 1024 * 1024 + 1))
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "larger than 20 MB" in response.content.decode()  # type: ignore[attr-defined]
    assert Work.objects.count() == 0


def test_upload_needs_csrf(moderator: User) -> None:
    client = client_for(moderator, enforce_csrf_checks=True)
    response = upload(client, "ffn.html", (SAMPLES / "ffn-page.html").read_bytes())
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert Work.objects.count() == 0
