"""Findings 2 and 6: one login throttle for every login path, keyed by the visitor's address
and the normalized account name, so neither the admin nor another spelling side-steps it."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
ATTACKER = "198.51.100.66"


def _login(
    username: str, password: str, ip: str = ATTACKER, path: str = "/accounts/login/"
) -> Client:
    client = Client()
    client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)
    return client


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def root(db: None) -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_admin_login_is_refused_after_failures_like_the_account_form(root: User) -> None:
    for _ in range(30):
        _login("root", "wrong", path="/admin/login/")
    assert not _signed_in(_login("root", PASSWORD, path="/admin/login/"))
    response = Client().post(
        "/accounts/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429


def test_failures_on_the_account_form_lock_the_admin_too(root: User) -> None:
    for _ in range(5):
        _login("root", "wrong")
    assert not _signed_in(_login("root", PASSWORD, path="/admin/login/"))


def test_owner_gets_into_the_admin_from_another_address_while_the_attacker_is_locked(
    root: User,
) -> None:
    for _ in range(30):
        _login("root", "wrong", path="/admin/login/")
    assert _signed_in(_login("root", PASSWORD, ip="203.0.113.5", path="/admin/login/"))
    assert not _signed_in(_login("root", PASSWORD, path="/admin/login/"))


@pytest.mark.parametrize("spelling", [" alice", "alice ", "ａｌｉｃｅ", "ALICE", "Alice"], ids=repr)
def test_a_locked_account_stays_locked_under_another_spelling(spelling: str) -> None:
    UserFactory(username="alice")
    for _ in range(5):
        _login("alice", "wrong")
    assert not _signed_in(_login(spelling, PASSWORD))


def test_spellings_share_one_failure_count() -> None:
    UserFactory(username="alice")
    for spelling in ("alice", " alice", "alice ", "ａｌｉｃｅ", "ALICE"):
        _login(spelling, "wrong")
    assert not _signed_in(_login("alice", PASSWORD))
    for spelling in ("alice", " alice", "alice ", "ａｌｉｃｅ", "ALICE"):
        _login(spelling, "wrong")
    assert User.objects.get(username="alice").last_login is None


def test_other_spellings_reach_the_same_account_or_none() -> None:
    alice = UserFactory(username="alice")
    for spelling in (" alice", "alice ", "ａｌｉｃｅ"):
        client = _login(spelling, PASSWORD, ip="203.0.113.5")
        assert client.session.get("_auth_user_id") == str(alice.pk)


def test_owner_logs_in_from_another_address_while_the_attacker_stays_locked() -> None:
    UserFactory(username="alice")
    for _ in range(5):
        _login("alice", "wrong")
    assert _signed_in(_login("alice", PASSWORD, ip="203.0.113.5"))
    assert not _signed_in(_login("alice", PASSWORD)), (
        "the owner's success does not free the attacker"
    )


def test_a_flood_of_distinct_pages_does_not_push_the_lock_out_of_the_cache() -> None:
    """Guest pages fill a cache of their own: asking for hundreds of distinct URLs (each one
    stored) must not evict the attacker's failure count and unlock the account."""
    UserFactory(username="target")
    for _ in range(5):
        _login("target", "wrong")
    guest = Client(REMOTE_ADDR=ATTACKER)
    for n in range(400):  # more than the in-memory cache holds (300)
        assert guest.get(f"/?flood={n}").status_code == 200
    assert not _signed_in(_login("target", PASSWORD))
