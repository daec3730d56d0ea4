"""Feeds and the catalogue read with HTTP Basic: the member whose app password the request
carries sees what they may see (registered-only works, their shelves); anyone else is a
guest, and the shelves answer 401 with a Basic challenge."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.urls import reverse

from ficarchive.accounts.models import User
from ficarchive.readings.models import MarkedForLater
from ficarchive.works.models import Visibility, Work
from tests.factories import UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member() -> User:
    return UserFactory(username="reader")


@pytest.fixture
def registered() -> Work:
    return WorkFactory(title="Members only", visibility=Visibility.REGISTERED)


def _basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def app_password(member: User, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The header of a valid app password: the check itself stands in for
    accounts.app_passwords here, so these tests pin how feeds use it."""
    from ficarchive.feeds import auth

    def user_for(request: object) -> User | None:
        header = getattr(request, "META", {}).get("HTTP_AUTHORIZATION", "")
        return member if header == _basic("reader", "app-secret")["HTTP_AUTHORIZATION"] else None

    monkeypatch.setattr(auth, "basic_auth_user", user_for)
    return _basic("reader", "app-secret")


def test_registered_only_work_needs_an_app_password(
    client: Client, registered: Work, app_password: dict[str, str]
) -> None:
    url = reverse("feeds:works")
    assert b"Members only" not in client.get(url).content
    assert b"Members only" not in client.get(url, **_basic("reader", "wrong")).content
    with_password = client.get(url, **app_password)
    assert b"Members only" in with_password.content
    assert "private" in with_password["Cache-Control"]
    opds = client.get(reverse("feeds:opds_recent"), **app_password)
    assert b"Members only" in opds.content


def test_shelf_opens_with_an_app_password_only(
    client: Client, member: User, registered: Work, app_password: dict[str, str]
) -> None:
    MarkedForLater.objects.create(user=member, work=registered)
    url = reverse("feeds:opds_shelf", args=["later"])
    refused = client.get(url, **_basic("reader", "wrong"))
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == 'Basic realm="Ficarchive feeds", charset="UTF-8"'
    shelf = client.get(url, **app_password)
    assert shelf.status_code == 200
    assert b"Members only" in shelf.content
    root = client.get(reverse("feeds:opds"), **app_password)
    assert b"My shelves" in root.content
    assert b"My shelves" not in client.get(reverse("feeds:opds")).content


def test_a_real_app_password_opens_feeds_and_shelves_and_a_revoked_one_does_not(
    client: Client, member: User, registered: Work
) -> None:
    from ficarchive.accounts.app_passwords import app_password_create, app_password_revoke

    made, password = app_password_create(user=member, name="Kobo")
    MarkedForLater.objects.create(user=member, work=registered)
    header = _basic("reader", password)
    assert b"Members only" in client.get(reverse("feeds:works"), **header).content
    shelf = reverse("feeds:opds_shelf", args=["later"])
    assert b"Members only" in client.get(shelf, **header).content
    # The account's own password is not an app password.
    login = _basic("reader", "correct horse battery staple")
    assert client.get(shelf, **login).status_code == 401
    app_password_revoke(user=member, app_password_id=made.pk)
    assert client.get(shelf, **header).status_code == 401
    assert b"Members only" not in client.get(reverse("feeds:works"), **header).content


def test_feeds_read_with_an_app_password_stay_within_the_query_budget(
    client: Client, member: User, registered: Work
) -> None:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from ficarchive.accounts.app_passwords import app_password_create

    _, password = app_password_create(user=member, name="Reader app")
    header = _basic("reader", password)
    for url in (
        reverse("feeds:works"),
        reverse("feeds:opds_recent"),
        reverse("feeds:opds_shelf", args=["subscriptions"]),
    ):
        client.get(url, **header)
        with CaptureQueriesContext(connections["default"]) as queries:
            assert client.get(url, **header).status_code == 200
        assert len(queries) <= 8, (url, [q["sql"][:60] for q in queries.captured_queries])
