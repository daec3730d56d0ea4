"""Accounts: sign-up, confirmation, throttled login, password reset, settings, deletion, claims."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from ficarchive.accounts.models import CreatorClaim, SignupInvitation, User
from ficarchive.accounts.services import creator_claim_decide
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import CreatorFactory, UserFactory, WorkFactory
from tests.humans import as_a_person

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def signup(client: Client, username: str = "newbie", **extra: str) -> object:
    data = {
        "username": username, "email": f"{username}@example.org",
        "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9", **as_a_person(),
        "accept_terms": "on",
        **extra,
    }  # fmt: skip
    return client.post("/accounts/signup/", data)


def test_signup_creates_member_creator_and_sends_confirmation() -> None:
    client = Client()
    response = signup(client)
    user = User.objects.get(username="newbie")
    assert response["Location"] == "/users/newbie/"  # type: ignore[index]
    assert Creator.objects.get(user=user).name == "newbie"
    assert user.password.startswith("argon2"), "passwords are hashed with Argon2"
    assert "newbie" in client.get("/").content.decode(), "signed in after sign-up"
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/confirm/\S+/)", message.body)
    assert link is not None
    client.get(link.group(1))
    user.refresh_from_db()
    assert user.email_confirmed


@pytest.mark.parametrize("taken", ["Wren", "wren", "WREN"])
def test_signup_refuses_a_name_that_differs_from_a_member_s_only_in_capitals(taken: str) -> None:
    UserFactory(username="Wren")
    response = signup(Client(), username=taken)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "already has that name" in response.content.decode()  # type: ignore[attr-defined]
    assert User.objects.count() == 1
    assert not mail.outbox


@pytest.mark.parametrize("taken", ["émile", "ÉMILE", "Émile"])
def test_names_beyond_ascii_are_one_name_whatever_their_capitals(taken: str) -> None:
    """SQLite folds only ASCII letters in SQL: the key is folded in Python and stored."""
    UserFactory(username="Émile")
    response = signup(Client(), username=taken)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "already has that name" in response.content.decode()  # type: ignore[attr-defined]
    assert User.objects.count() == 1


def test_a_sign_up_racing_another_for_the_same_name_is_refused_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The other sign-up saves the name after this one's checks: the database refuses this
    one, the person is told the name is taken, and nothing of it is kept."""
    create_user = User.objects.create_user

    def other_sign_up_lands_first(*args: object, **fields: object) -> User:
        # Saved in this sign-up's own savepoint (so rolled back with it): the database sees
        # the name taken when this sign-up's row comes.
        User(username="RACER", email="racer@example.org").save()
        return create_user(*args, **fields)  # type: ignore[arg-type]

    monkeypatch.setattr(User.objects, "create_user", other_sign_up_lands_first)
    response = signup(Client(), username="racer")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "already has that name" in response.content.decode()  # type: ignore[attr-defined]
    assert not User.objects.filter(username="racer").exists()
    assert not Creator.objects.filter(name="racer").exists()
    assert not mail.outbox


def test_the_database_holds_one_member_per_name_key() -> None:
    from django.db import IntegrityError, transaction

    UserFactory(username="Émile")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="émile", password=PASSWORD)


def test_the_migration_keeps_members_who_already_shared_a_name_and_their_names() -> None:
    """Before the key, SQLite let "Émile" and "émile" both sign up: both keep their names, the
    later one's key carries its id, and the name stays taken for anyone new."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("ficarchive.accounts.migrations.0006_user_username_key")
    first, later = UserFactory(username="first"), UserFactory(username="later")
    User.objects.filter(pk=first.pk).update(username="Émile", username_key="stale-1")
    User.objects.filter(pk=later.pk).update(username="émile", username_key="stale-2")
    migration.fill_keys(apps, None)
    keys = dict(User.objects.values_list("username", "username_key"))
    assert keys == {"Émile": "émile", "émile": f"émile#{later.pk}"}
    assert signup(Client(), username="ÉMILE").status_code == 400  # type: ignore[attr-defined]


def test_members_signed_up_by_the_previous_release_during_an_upgrade_have_no_key() -> None:
    """The release before knows no key: its sign-ups, while the new code rolls out, save with
    none (README: Upgrades), as many as there are."""
    for name in ("old-one", "old-two"):
        User.objects.bulk_create([User(username=name, email=f"{name}@example.org")])
    assert list(User.objects.filter(username_key__isnull=True).order_by("username")
                .values_list("username", flat=True)) == ["old-one", "old-two"]  # fmt: skip


def test_the_admin_refuses_a_name_another_member_has_in_other_capitals() -> None:
    UserFactory(username="Émile")
    member = User(username="ÉMILE")
    with pytest.raises(ValidationError) as refused:
        member.full_clean(exclude=["password"])
    assert "already has that name" in str(refused.value.message_dict["username"])


def test_bad_confirmation_link_confirms_nothing() -> None:
    response = Client().get("/accounts/confirm/not-a-token/", follow=True)
    assert "wrong or has expired" in response.content.decode()


def test_signup_refuses_mismatched_passwords() -> None:
    client = Client()
    response = client.post("/accounts/signup/", {
        "username": "second", "email": "second@example.org",
        "password1": "a-long-passphrase-9", "password2": "different-passphrase-9",
        **as_a_person(), "accept_terms": "on",
    })  # fmt: skip
    assert response.status_code == 400
    assert "didn’t match" in response.content.decode()
    assert not User.objects.filter(username="second").exists()


def test_invitation_only_signup_needs_a_valid_code(settings: object) -> None:
    settings.FICARCHIVE_INVITE_ONLY = True  # type: ignore[attr-defined]
    inviter = UserFactory(username="mod", is_staff=True)
    invitation = SignupInvitation.objects.create(created_by=inviter)
    assert signup(Client(), "nocode").status_code == 400  # type: ignore[attr-defined]
    assert not User.objects.filter(username="nocode").exists()
    assert signup(Client(), "withcode", invitation_code=invitation.code).status_code == 302  # type: ignore[attr-defined]
    invitation.refresh_from_db()
    assert invitation.used_by == User.objects.get(username="withcode")
    assert signup(Client(), "reuse", invitation_code=invitation.code).status_code == 400  # type: ignore[attr-defined]


def login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> object:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_login_is_throttled_after_five_failures_for_the_account() -> None:
    UserFactory(username="alice")
    client = Client()
    for _ in range(5):
        assert login(client, "alice", "wrong").status_code == 200  # type: ignore[attr-defined]
    blocked = login(client, "alice", PASSWORD)
    assert blocked.status_code == 429  # type: ignore[attr-defined]
    assert "Too many failed attempts" in blocked.content.decode()  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session
    # Another account from another address is not affected.
    UserFactory(username="bob")
    assert login(Client(), "bob", PASSWORD, ip="10.0.0.2").status_code == 302  # type: ignore[attr-defined]


def test_login_is_throttled_per_address_across_accounts() -> None:
    for n in range(20):
        login(Client(), f"nobody{n}", "wrong", ip="10.9.9.9")
    UserFactory(username="carol")
    assert login(Client(), "carol", PASSWORD, ip="10.9.9.9").status_code == 429  # type: ignore[attr-defined]
    assert login(Client(), "carol", PASSWORD, ip="10.9.9.8").status_code == 302  # type: ignore[attr-defined]


def test_successful_login_clears_the_failures() -> None:
    UserFactory(username="dave")
    for _ in range(4):
        login(Client(), "dave", "wrong")
    assert login(Client(), "dave", PASSWORD).status_code == 302  # type: ignore[attr-defined]
    for _ in range(4):
        login(Client(), "dave", "wrong")
    assert login(Client(), "dave", PASSWORD).status_code == 302  # type: ignore[attr-defined]


def test_password_reset_by_email() -> None:
    UserFactory(username="erin", email="erin@example.org")
    client = Client()
    client.post("/accounts/password_reset/", {"email": "erin@example.org"})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase",
    })  # fmt: skip
    assert login(Client(), "erin", "another-long-passphrase").status_code == 302  # type: ignore[attr-defined]


def test_settings_change_bio_and_email(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    client.post("/accounts/settings/", {
        "bio": "I write about lighthouses.", "email": "new@example.org",
        "current_password": PASSWORD,
    })  # fmt: skip
    alice.refresh_from_db()
    assert alice.bio == "I write about lighthouses."
    assert alice.email == "alice@example.org", "the address changes when its link is opened"
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    link = re.search(r"http://testserver(/accounts/confirm/\S+/)", message.body)
    assert link is not None
    client.get(link.group(1))
    alice.refresh_from_db()
    assert (alice.email, alice.email_confirmed) == ("new@example.org", True)
    assert "I write about lighthouses." in Client().get("/users/alice/").content.decode()


def test_account_pages_need_login() -> None:
    for url in ("/accounts/settings/", "/accounts/delete/", "/works/new/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_delete_account_can_orphan_the_works(alice: User, alice_creator: Creator) -> None:
    work = WorkFactory(creators=[alice_creator])
    client = Client()
    client.force_login(alice)
    assert (
        client.post("/accounts/delete/", {"password": "wrong", "works": "orphan"}).status_code
        == 400
    )
    client.post("/accounts/delete/", {"password": PASSWORD, "works": "orphan"})
    assert not User.objects.filter(username="alice").exists()
    assert [c.name for c in Work.objects.get(pk=work.pk).ordered_creators] == ["orphan_account"]


def test_delete_account_can_delete_the_works_but_not_shared_ones(
    alice: User, alice_creator: Creator, bob: User
) -> None:
    own = WorkFactory(creators=[alice_creator])
    bob_creator = CreatorFactory(name="Bob", user=bob)
    shared = WorkFactory(creators=[alice_creator, bob_creator])
    client = Client()
    client.force_login(alice)
    client.post("/accounts/delete/", {"password": PASSWORD, "works": "delete"})
    assert not Work.objects.filter(pk=own.pk).exists()
    assert [c.name for c in Work.objects.get(pk=shared.pk).ordered_creators] == ["Bob"]


def test_claiming_an_imported_creator_needs_a_moderator(bob: User) -> None:
    imported = CreatorFactory(name="OldPenName")
    work = WorkFactory(creators=[imported], visibility=Visibility.DRAFT)
    client = Client()
    client.force_login(bob)
    client.post(f"/creators/{imported.pk}/claim/", {"message": "It was my FFN name."})
    claim = CreatorClaim.objects.get()
    assert claim.status == CreatorClaim.Status.PENDING
    assert client.get(work.get_absolute_url()).status_code == 404, "nothing before approval"
    creator_claim_decide(claim=claim, approve=True)
    imported.refresh_from_db()
    assert imported.user == bob
    assert client.get(f"/works/{work.pk}/edit/").status_code == 200


def test_claim_of_a_linked_creator_is_404(alice_creator: Creator, bob: User) -> None:
    client = Client()
    client.force_login(bob)
    assert client.post(f"/creators/{alice_creator.pk}/claim/").status_code == 404
    assert Client().post(f"/creators/{alice_creator.pk}/claim/").status_code == 302


def test_profile_lists_visible_works_only(alice: User, alice_creator: Creator, bob: User) -> None:
    WorkFactory(title="Shown", creators=[alice_creator])
    WorkFactory(title="Drafted", creators=[alice_creator], visibility=Visibility.DRAFT)
    client = Client()
    client.force_login(bob)
    page = client.get("/users/alice/").content.decode()
    assert "Shown" in page
    assert "Drafted" not in page
    client.force_login(alice)
    assert "Drafted" in client.get("/users/alice/").content.decode()
    assert Client().get("/users/nobody/").status_code == 404
