"""Finding 9: accounts could be probed, flooded and squatted.

Sign-up and the settings page told which addresses were registered; sign-up and password
reset were unthrottled; changing the address needed no password; an unconfirmed account
posted and commented; an address signed up first by someone else blocked its owner.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.works.models import Work
from tests.factories import UserFactory, WorkFactory
from tests.humans import as_a_person
from tests.works.test_posting import work_fields

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _signup(username: str, email: str, address: str = "203.0.113.5") -> object:
    return Client(REMOTE_ADDR=address).post("/accounts/signup/", {
        "username": username, "email": email,
        "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9",
        **as_a_person(), "accept_terms": "on",
    })  # fmt: skip


def _link(body: str) -> str:
    found = re.search(r"http://testserver(/accounts/confirm/\S+/)", body)
    assert found is not None, body
    return found.group(1)


def test_signup_answers_the_same_for_a_registered_address() -> None:
    UserFactory(username="owner", email="owner@example.org")
    taken = _signup("prober", "OWNER@example.org")
    free = _signup("newcomer", "fresh@example.org", address="203.0.113.6")
    assert taken.status_code == free.status_code == 302  # type: ignore[attr-defined]
    # The owner's inbox gets a note, not a link that would hand the address over.
    note = next(message for message in mail.outbox if message.to == ["OWNER@example.org"])
    assert "already belongs" in note.body
    assert "/accounts/confirm/" not in note.body
    assert not User.objects.get(username="prober").email_confirmed


def test_settings_page_answers_the_same_for_a_registered_address(alice: User) -> None:
    UserFactory(username="owner", email="owner@example.org")
    client = Client()
    client.force_login(alice)
    pages = [
        client.post(
            "/accounts/settings/",
            {"bio": "", "email": email, "current_password": PASSWORD},
            follow=True,
        ).content.decode()
        for email in ("owner@example.org", "fresh@example.org")
    ]
    assert "already exists" not in pages[0]
    same = [re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", page) for page in pages]
    assert same[0].replace("owner@", "X@") == same[1].replace("fresh@", "X@")
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"


def test_changing_the_address_needs_the_password(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    for password in ("", "wrong password"):
        response = client.post("/accounts/settings/", {
            "bio": "", "email": "thief@example.org", "current_password": password,
        })  # fmt: skip
        assert response.status_code == 400
    assert mail.outbox == []
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"


def test_a_new_address_takes_effect_only_from_its_own_inbox(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    client.post("/accounts/settings/", {
        "bio": "", "email": "new@example.org", "current_password": PASSWORD,
    })  # fmt: skip
    alice.refresh_from_db()
    assert (alice.email, alice.email_confirmed) == ("alice@example.org", True)
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    client.get(_link(message.body))
    alice.refresh_from_db()
    assert (alice.email, alice.email_confirmed) == ("new@example.org", True)


def test_signup_is_throttled_per_visitor(settings: object) -> None:
    settings.FICARCHIVE_SIGNUPS_PER_HOUR = 3  # type: ignore[attr-defined]
    codes = [_signup(f"bot{n}", f"bot{n}@example.org").status_code for n in range(5)]  # type: ignore[attr-defined]
    assert codes == [302, 302, 302, 429, 429]
    assert User.objects.filter(username__startswith="bot").count() == 3
    assert _signup("human", "human@example.org", address="198.51.100.7").status_code == 302  # type: ignore[attr-defined]


def test_password_reset_mails_one_victim_a_few_times_whoever_asks() -> None:
    UserFactory(username="victim", email="victim@example.org")
    for n in range(20):
        response = Client(REMOTE_ADDR=f"198.51.100.{n}").post(
            "/accounts/password_reset/", {"email": "victim@example.org"}
        )
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_password_reset_is_throttled_per_visitor(settings: object) -> None:
    settings.FICARCHIVE_PASSWORD_RESETS_PER_HOUR = 4  # type: ignore[attr-defined]
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [
        client.post("/accounts/password_reset/", {"email": f"x{n}@example.org"}).status_code
        for n in range(6)
    ]
    assert codes == [302, 302, 302, 302, 429, 429]


def test_an_unconfirmed_account_neither_posts_nor_comments() -> None:
    newcomer = UserFactory(username="newcomer", email_confirmed=False)
    work = WorkFactory()
    client = Client()
    client.force_login(newcomer)
    form = client.get("/works/new/").content.decode()
    assert "Confirm your email address" in form
    response = client.post("/works/new/", work_fields(title="Spam"))
    assert response.status_code == 400
    assert "Confirm your email address first" in response.content.decode()
    assert not Work.objects.filter(title="Spam").exists()
    chapter_url = f"/works/{work.pk}/chapters/1/"
    client.post(f"/works/{work.pk}/chapters/1/comments/", {"text": "Buy now."})
    assert "Buy now." not in client.get(chapter_url).content.decode()
    assert "Confirm your email address to comment" in client.get(chapter_url).content.decode()


def test_a_squatted_address_goes_to_its_owner() -> None:
    _signup("squatter", "real@example.org")
    squatter_link = _link(mail.outbox[-1].body)
    _signup("owner", "real@example.org", address="198.51.100.20")
    owner_link = _link(mail.outbox[-1].body)
    Client().get(owner_link)
    owner = User.objects.get(username="owner")
    assert owner.email_confirmed
    # The squatter's link no longer takes the address, and resets go to the owner only.
    Client().get(squatter_link)
    assert not User.objects.get(username="squatter").email_confirmed
    mail.outbox.clear()
    Client().post("/accounts/password_reset/", {"email": "real@example.org"})
    [reset] = mail.outbox
    assert "owner" in reset.body
    assert "squatter" not in reset.body
