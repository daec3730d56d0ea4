"""Finding 1: behind the reverse proxy every visitor must stay themselves (login throttle,
guest kudos, hits), and a forwarded-for header from anyone but a trusted proxy changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from ficarchive.community.services import hits_flush
from ficarchive.core.requests import client_ip
from ficarchive.works.models import Work
from tests.factories import UserFactory, WorkFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.FICARCHIVE_TRUSTED_PROXIES = ["10.0.0.0/24"]


def _address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_forwarded_for_is_ignored_when_no_proxy_is_trusted() -> None:
    assert _address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


@pytest.mark.usefixtures("behind_proxy")
def test_forwarded_for_is_ignored_from_an_untrusted_sender() -> None:
    assert _address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


@pytest.mark.usefixtures("behind_proxy")
def test_trusted_proxy_gives_the_nearest_untrusted_hop_not_a_spoofed_first_one() -> None:
    # The visitor sent "1.2.3.4" themselves; nginx appended the address it saw.
    assert _address(PROXY, "1.2.3.4, 203.0.113.9") == "203.0.113.9"
    # Trusted hops in the chain are skipped.
    assert _address(PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.3") == "203.0.113.9"
    assert _address(PROXY, "2001:db8::1") == "2001:db8::1"


@pytest.mark.usefixtures("behind_proxy")
def test_garbage_forwarded_for_falls_back_to_the_proxy_address() -> None:
    assert _address(PROXY, "not-an-address") == PROXY
    assert _address(PROXY, "") == PROXY
    assert _address(PROXY) == PROXY


def _kudos(work: Work, remote: str, forwarded: str) -> None:
    Client().post(f"/works/{work.pk}/kudos/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


def test_spoofed_forwarded_for_does_not_make_a_guest_two_guests() -> None:
    work = WorkFactory()
    _kudos(work, "198.51.100.7", "203.0.113.1")
    _kudos(work, "198.51.100.7", "203.0.113.2")
    work.refresh_from_db()
    assert work.kudos_count == 1


@pytest.mark.usefixtures("behind_proxy")
def test_two_guests_behind_the_proxy_each_leave_kudos_and_a_hit() -> None:
    work = WorkFactory()
    for guest in ("203.0.113.1", "203.0.113.2"):
        _kudos(work, PROXY, guest)
        Client().get(work.get_absolute_url(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=guest)
    _kudos(work, PROXY, "203.0.113.1")  # the first guest again
    hits_flush()
    work.refresh_from_db()
    assert (work.kudos_count, work.hit_count) == (2, 2)


def _login(username: str, password: str, remote: str, forwarded: str | None = None) -> int:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    response = Client().post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        **extra,
    )
    return response.status_code


def test_spoofed_forwarded_for_does_not_escape_the_address_lock() -> None:
    UserFactory(username="carol")
    for n in range(20):
        _login(f"nobody{n}", "wrong", "198.51.100.7", forwarded=f"203.0.113.{n}")
    assert _login("carol", PASSWORD, "198.51.100.7", forwarded="203.0.113.99") == 429


@pytest.mark.usefixtures("behind_proxy")
def test_one_guest_behind_the_proxy_locked_out_does_not_lock_out_another() -> None:
    UserFactory(username="carol")
    for n in range(20):
        _login(f"nobody{n}", "wrong", PROXY, forwarded="203.0.113.66")
    assert _login("carol", PASSWORD, PROXY, forwarded="203.0.113.66") == 429
    assert _login("carol", PASSWORD, PROXY, forwarded="203.0.113.7") == 302
