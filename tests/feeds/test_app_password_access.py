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
