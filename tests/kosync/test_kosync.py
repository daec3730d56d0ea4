"""App passwords and KOReader progress sync (/kosync), as KOReader's plugin speaks it."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client, RequestFactory
from lxml import etree

from ficarchive.accounts.app_passwords import (
    AppPassword,
    app_password_create,
    app_password_revoke,
    basic_auth_user,
    user_for_app_password,
    user_for_koreader_key,
)
from ficarchive.accounts.models import User
from ficarchive.downloads.builds import work_epub
from ficarchive.kosync.services import Place, place_of_xpointer, xpointer_of_place
from ficarchive.readings.models import Reading
from ficarchive.works.models import Creator, Visibility, Work
from ficarchive.works.posting import ChapterData, chapter_create
from tests.factories import ChapterFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db
ACCEPT = "application/vnd.koreader.v1+json"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 - KOReader's own key


def kosync(client: Client, method: str, path: str, user: str, key: str, body: object = None,
           ip: str = "10.1.1.1") -> tuple[int, dict[str, object]]:  # fmt: skip
    headers = {"x-auth-user": user, "x-auth-key": key, "Accept": ACCEPT}
    data = json.dumps(body) if body is not None else None
    response = getattr(client, method)(
        "/kosync" + path, data=data, content_type="application/json", headers=headers,
        REMOTE_ADDR=ip,
    )  # fmt: skip
    return response.status_code, response.json()


# App passwords -----------------------------------------------------------------------------


def test_app_password_is_shown_once_and_stored_as_a_slow_hash(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    response = client.post("/accounts/app-passwords/", {"name": "Kobo"})
    assert response.status_code == 200
    match = re.search(r'class="app-password">([a-z0-9-]{19})<', response.content.decode())
    assert match is not None
    password = match.group(1)
    stored = AppPassword.objects.get(user=alice)
    assert password not in stored.password_hash
    assert md5(password) not in stored.password_hash
    again = client.get("/accounts/app-passwords/").content.decode()
    assert "Kobo" in again
    assert password not in again
    assert user_for_app_password(username="alice", password=password) == alice
    assert user_for_koreader_key(username="alice", key=md5(password)) == alice
    assert user_for_koreader_key(username="alice", key=md5("wrong")) is None
    assert user_for_app_password(username="bob", password=password) is None


def test_app_passwords_page_is_the_owners_only(alice: User, bob: User) -> None:
    made, _ = app_password_create(user=alice, name="Alices Kindle")
    assert Client().get("/accounts/app-passwords/").status_code == 302
    stranger = Client()
    stranger.force_login(bob)
    assert "Alices Kindle" not in stranger.get("/accounts/app-passwords/").content.decode()
    stranger.post(f"/accounts/app-passwords/{made.pk}/revoke/")
    assert AppPassword.objects.filter(pk=made.pk).exists(), "a stranger cannot revoke it"
    settings_page = Client()
    settings_page.force_login(alice)
    assert "/accounts/app-passwords/" in settings_page.get("/accounts/settings/").content.decode()


def test_revoked_app_password_no_longer_signs_in(alice: User) -> None:
    made, password = app_password_create(user=alice, name="Kobo")
    client = Client()
    client.force_login(alice)
    assert client.post(f"/accounts/app-passwords/{made.pk}/revoke/").status_code == 302
    assert user_for_app_password(username="alice", password=password) is None
    assert not app_password_revoke(user=alice, app_password_id=made.pk)


def test_unconfirmed_or_inactive_members_get_no_access() -> None:
    unconfirmed = UserFactory(username="carol", email_confirmed=False)
    _, password = app_password_create(user=unconfirmed, name="Kobo")
    assert user_for_app_password(username="carol", password=password) is None
    inactive = UserFactory(username="dave", is_active=False)
    _, password = app_password_create(user=inactive, name="Kobo")
    assert user_for_app_password(username="dave", password=password) is None


def test_http_basic_with_an_app_password(alice: User) -> None:
    _, password = app_password_create(user=alice, name="Feeds")

    def request(credentials: str) -> object:
        token = base64.b64encode(credentials.encode()).decode()
        return RequestFactory().get("/", HTTP_AUTHORIZATION=f"Basic {token}")

    assert basic_auth_user(request(f"alice:{password}")) == alice  # type: ignore[arg-type]
    assert basic_auth_user(request("alice:correct horse battery staple")) is None  # type: ignore[arg-type]
    assert basic_auth_user(RequestFactory().get("/", HTTP_AUTHORIZATION="Basic !!")) is None


def test_last_used_is_written_at_most_once_an_hour(alice: User) -> None:
    made, password = app_password_create(user=alice, name="Kobo")
    user_for_app_password(username="alice", password=password)
    made.refresh_from_db()
    first = made.last_used_at
    assert first is not None
    user_for_app_password(username="alice", password=password)
    made.refresh_from_db()
    assert made.last_used_at == first
    AppPassword.objects.filter(pk=made.pk).update(last_used_at=first - timedelta(hours=2))
    user_for_app_password(username="alice", password=password)
    made.refresh_from_db()
    assert made.last_used_at is not None
    assert made.last_used_at > first


def test_failures_are_throttled_per_address_and_account(alice: User) -> None:
    _, password = app_password_create(user=alice, name="Kobo")
    client = Client()
    for _ in range(5):
        assert kosync(client, "get", "/users/auth", "alice", md5("nope"))[0] == 401
    status, _ = kosync(client, "get", "/users/auth", "alice", md5(password))
    assert status == 401, "throttled even with the right key"
    assert kosync(client, "get", "/users/auth", "alice", md5(password), ip="10.9.9.9")[0] == 200


# kosync protocol ---------------------------------------------------------------------------


@pytest.fixture
def key(alice: User) -> str:
    return md5(app_password_create(user=alice, name="KOReader")[1])


def test_registration_is_refused_with_a_pointer_to_app_passwords() -> None:
    status, body = kosync(Client(), "post", "/users/create", "", "",
                          {"username": "x", "password": md5("y")})  # fmt: skip
    assert status == 402
    assert body["code"] == 2005
    assert "app password" in str(body["message"])


def test_unknown_document_round_trip_across_two_devices(alice: User, key: str) -> None:
    client = Client()
    assert kosync(client, "get", "/users/auth", "alice", key) == (200, {"authorized": "OK"})
    assert kosync(client, "get", "/users/auth", "alice", md5("x")) == (
        401, {"code": 2001, "message": "Unauthorized"}
    )  # fmt: skip
    document = "ab" * 16
    assert kosync(client, "get", f"/syncs/progress/{document}", "alice", key) == (200, {})
    status, body = kosync(client, "put", "/syncs/progress", "alice", key, {
        "document": document, "progress": "42", "percentage": 0.25,
        "device": "Kobo", "device_id": "K1"})  # fmt: skip
    assert status == 200
    assert body["document"] == document
    assert isinstance(body["timestamp"], int)
    kosync(client, "put", "/syncs/progress", "alice", key, {
        "document": document, "progress": "57", "percentage": 0.5,
        "device": "Phone", "device_id": "P1"})  # fmt: skip
    status, body = kosync(client, "get", f"/syncs/progress/{document}", "alice", key)
    assert (status, body["progress"], body["device"], body["percentage"]) == (
        200,
        "57",
        "Phone",
        0.5,
    )
    assert kosync(client, "put", "/syncs/progress", "alice", key, {"progress": "1"})[0] == 403
    assert kosync(client, "put", "/syncs/progress", "alice", md5("x"), {})[0] == 401


def spine_fragment(data: bytes, chapter_position: int) -> tuple[int, list[str]]:
    """The 1-based DocFragment index of a chapter's file and its chapter-text paragraphs."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        opf = etree.fromstring(archive.read("OEBPS/content.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        items = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:manifest/opf:item", ns)}
        hrefs = [items[r.get("idref")] for r in opf.iterfind(".//opf:spine/opf:itemref", ns)]
        work_chapters = [h for h in hrefs if h.startswith("chapter-")]
        href = work_chapters[chapter_position - 1]
        page = etree.fromstring(archive.read(f"OEBPS/{href}"))
        xhtml = "{http://www.w3.org/1999/xhtml}"
        paragraphs = [
            "".join(p.itertext())
            for div in page.iter(f"{xhtml}div") if div.get("class") == "chapter-text"
            for p in div.iter(f"{xhtml}p")
        ]  # fmt: skip
        return hrefs.index(href) + 1, paragraphs


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    made = WorkFactory(title="Salt Roads", creators=[alice_creator], chapters=2)
    ChapterFactory(work=made, position=3, body_html="<p>One.</p><p>Two.</p><p>Three.</p>")
    return made


def test_xpointer_maps_to_the_chapter_and_paragraph_of_the_built_epub(work: Work) -> None:
    built = work_epub(work_id=work.pk, site_url="http://testserver")
    fragment, paragraphs = spine_fragment(built.data, 3)
    xpointer = f"/body/DocFragment[{fragment}]/body/section/div/p[2]/text().0"
    assert paragraphs[1] == "Two."
    assert place_of_xpointer(xpointer) == Place(3, 2)
    assert xpointer_of_place(Place(3, 2)) == xpointer
    assert place_of_xpointer("/body/DocFragment[1]/body/div") is None, "the title page"


def test_device_place_becomes_the_web_reading_position_and_back(
    alice: User, key: str, work: Work
) -> None:
    built = work_epub(work_id=work.pk, site_url="http://testserver")
    fragment, _ = spine_fragment(built.data, 3)
    client = Client()
    kosync(client, "put", "/syncs/progress", "alice", key, {
        "document": built.partial_md5, "percentage": 0.8, "device": "Kobo", "device_id": "K1",
        "progress": f"/body/DocFragment[{fragment}]/body/section/div/p[3]/text().0"})  # fmt: skip
    reading = Reading.objects.get(user=alice, work=work)
    assert (reading.chapter_position, reading.paragraph) == (3, 3)
    status, body = kosync(client, "get", f"/syncs/progress/{built.partial_md5}", "alice", key)
    assert body["device"] == "Kobo", "the device's own place while the web is not newer"
    site = Client()
    site.force_login(alice)
    page = site.get(work.get_absolute_url()).content.decode()
    assert "Continue at chapter 3, paragraph 3, where you stopped on Kobo" in page
    history = site.get("/users/alice/readings/").content.decode()
    assert "where you stopped on Kobo" in history
    site.post("/readings/progress/", {"work": work.pk, "chapter": 2, "paragraph": 1})
    page = site.get(work.get_absolute_url()).content.decode()
    assert "Continue at chapter 2, paragraph 1<" in page, "a place reached on the site"
    assert "Kobo" not in page
    # Read further on the web: the device is answered the web's place.
    later = datetime.now(tz=UTC) + timedelta(minutes=5)
    Reading.objects.filter(pk=reading.pk).update(chapter_position=2, paragraph=1, position_at=later)
    status, body = kosync(client, "get", f"/syncs/progress/{built.md5}", "alice", key)
    assert status == 200
    assert body["device"] == "Ficarchive"
    assert place_of_xpointer(str(body["progress"])) == Place(2, 1)
    assert body["timestamp"] == int(later.timestamp())


def test_a_new_chapter_keeps_the_place_of_the_old_file(alice: User, key: str, work: Work) -> None:
    old = work_epub(work_id=work.pk, site_url="http://testserver")
    chapter_create(work=work, user=alice, chapter=ChapterData(text="<p>More.</p>"), post=True)
    new = work_epub(work_id=work.pk, site_url="http://testserver")
    assert new.partial_md5 != old.partial_md5
    fragment, _ = spine_fragment(old.data, 2)
    kosync(Client(), "put", "/syncs/progress", "alice", key, {
        "document": old.partial_md5, "percentage": 0.5, "device": "Kobo", "device_id": "K1",
        "progress": f"/body/DocFragment[{fragment}]/body/section/div/p[1]/text().0"})  # fmt: skip
    reading = Reading.objects.get(user=alice, work=work)
    assert (reading.chapter_position, reading.paragraph) == (2, 1)


@pytest.mark.parametrize("visibility", [Visibility.HIDDEN, Visibility.DRAFT])
def test_unreadable_work_leaks_no_position(
    bob: User, alice_creator: Creator, visibility: str
) -> None:
    work = WorkFactory(creators=[alice_creator], chapters=2)
    built = work_epub(work_id=work.pk, site_url="http://testserver")
    Work.objects.filter(pk=work.pk).update(visibility=visibility)
    now = datetime.now(tz=UTC)
    Reading.objects.create(
        user=bob, work=work, chapter_position=2, paragraph=1, position_at=now, last_visit=now
    )
    key = md5(app_password_create(user=bob, name="KOReader")[1])
    client = Client()
    assert kosync(client, "get", f"/syncs/progress/{built.partial_md5}", "bob", key) == (200, {})
    kosync(client, "put", "/syncs/progress", "bob", key, {
        "document": built.partial_md5, "percentage": 0.1, "device": "Kobo", "device_id": "K1",
        "progress": "/body/DocFragment[3]/body/section/div/p[1]/text().0"})  # fmt: skip
    reading = Reading.objects.get(user=bob, work=work)
    assert (reading.chapter_position, reading.paragraph) == (2, 1), "nothing recorded"


def test_app_passwords_page_query_count(alice: User, django_assert_max_num_queries: Any) -> None:
    for name in ("Kobo", "Phone", "Tablet"):
        app_password_create(user=alice, name=name)
    client = Client()
    client.force_login(alice)
    with django_assert_max_num_queries(4):
        assert client.get("/accounts/app-passwords/").status_code == 200


def test_sync_answers_are_kept_by_no_cache(alice: User) -> None:
    """They are one member's: no proxy or shared cache may hand them to anyone else."""
    _, password = app_password_create(user=alice, name="Kobo")
    headers = {"x-auth-user": "alice", "x-auth-key": md5(password), "Accept": ACCEPT}
    for path in ("/kosync/users/auth", "/kosync/syncs/progress/" + md5("some-book")):
        response = Client().get(path, headers=headers)
        assert response.status_code in {200, 404}, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path
