"""Subscribing and unsubscribing: a button where each thing lives, a page listing them."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.notifications.models import Subscription
from ficarchive.notifications.saved import normalize
from ficarchive.works.models import Creator, Series, SeriesPart, Visibility
from tests.factories import TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def targets(alice_creator: Creator) -> dict[str, int]:
    work = WorkFactory(creators=[alice_creator])
    tag = TagFactory(name="Found Family")
    work.tags.add(tag)
    series = Series.objects.create(title="Tides")
    SeriesPart.objects.create(series=series, work=work, position=1)
    return {"work": work.pk, "series": series.pk, "creator": alice_creator.pk, "tag": tag.pk}


@pytest.mark.parametrize("kind", ["work", "series", "creator", "tag"])
def test_member_subscribes_and_unsubscribes_in_one_step(
    bob: User, targets: dict[str, int], kind: str
) -> None:
    client = _client(bob)
    response = client.post(
        "/subscriptions/add/", {"kind": kind, "target": targets[kind], "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert Subscription.objects.filter(user=bob, kind=kind, target_id=targets[kind]).count() == 1
    client.post("/subscriptions/add/", {"kind": kind, "target": targets[kind]})
    assert Subscription.objects.filter(user=bob).count() == 1, "subscribing twice is once"
    client.post("/subscriptions/remove/", {"kind": kind, "target": targets[kind]})
    assert not Subscription.objects.filter(user=bob).exists()


def test_guest_is_sent_to_log_in_and_nothing_is_saved(targets: dict[str, int]) -> None:
    response = _client(None).post(
        "/subscriptions/add/", {"kind": "work", "target": targets["work"]}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Subscription.objects.exists()


def test_a_draft_cannot_be_subscribed_to_by_a_stranger(bob: User, alice_creator: Creator) -> None:
    draft = WorkFactory(creators=[alice_creator], visibility=Visibility.DRAFT)
    response = _client(bob).post("/subscriptions/add/", {"kind": "work", "target": draft.pk})
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_a_registered_only_work_is_fine_for_members(bob: User, alice_creator: Creator) -> None:
    work = WorkFactory(creators=[alice_creator], visibility=Visibility.REGISTERED)
    _client(bob).post("/subscriptions/add/", {"kind": "work", "target": work.pk})
    assert Subscription.objects.filter(user=bob, target_id=work.pk).exists()


def test_a_search_is_saved_by_its_normalized_address(bob: User) -> None:
    client = _client(bob)
    client.post(
        "/subscriptions/add/",
        {"kind": "search", "address": "/search/?q=rain&page=3&sort=hits&rating=teen"},
    )
    client.post("/subscriptions/add/", {"kind": "search", "address": "/search/?rating=teen&q=rain"})
    [saved] = Subscription.objects.filter(user=bob)
    assert saved.query == "/search/?q=rain&rating=teen"
    assert saved.label == "Search: rain (rating: teen)"


def test_a_filtered_list_is_named_after_its_page(bob: User, targets: dict[str, int]) -> None:
    _client(bob).post(
        "/subscriptions/add/",
        {"kind": "search", "address": f"/tags/{targets['tag']}/works/?rating=teen&rating=general"},
    )
    [saved] = Subscription.objects.filter(user=bob)
    assert saved.label == "Works in Found Family (rating: general, teen)"


def test_only_searches_and_lists_can_be_saved(bob: User) -> None:
    response = _client(bob).post(
        "/subscriptions/add/", {"kind": "search", "address": "/accounts/settings/"}
    )
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_next_never_leads_to_another_site(bob: User, targets: dict[str, int]) -> None:
    response = _client(bob).post(
        "/subscriptions/add/",
        {"kind": "work", "target": targets["work"], "next": "https://evil.example/"},
    )
    assert response["Location"] == "/users/bob/subscriptions/"


def test_work_page_button_shows_the_state_and_guests_get_a_login_link(
    bob: User, targets: dict[str, int]
) -> None:
    url = f"/works/{targets['work']}/"
    client = _client(bob)
    assert "Subscribe to this work" in client.get(url).content.decode()
    client.post("/subscriptions/add/", {"kind": "work", "target": targets["work"]})
    page = client.get(url).content.decode()
    assert "Unsubscribe from this work" in page
    assert "Log in to subscribe" in _client(None).get(url).content.decode()


def test_list_pages_offer_their_buttons(bob: User, targets: dict[str, int]) -> None:
    client = _client(bob)
    tag_page = client.get(f"/tags/{targets['tag']}/works/?rating=teen").content.decode()
    assert "Subscribe to this tag" in tag_page
    assert "Subscribe to this list" in tag_page
    assert (
        "Subscribe to this creator"
        in client.get(f"/creators/{targets['creator']}/").content.decode()
    )
    assert (
        "Subscribe to this series" in client.get(f"/series/{targets['series']}/").content.decode()
    )
    assert "Subscribe to this search" in client.get("/search/?q=opens").content.decode()


def test_subscriptions_page_is_the_owners_alone(bob: User, targets: dict[str, int]) -> None:
    Subscription.objects.create(user=bob, kind="work", target_id=targets["work"], label="Work A")
    Subscription.objects.create(
        user=bob, kind="search", query=normalize("/search/?q=rain"), label="Search: rain"
    )
    page = _client(bob).get("/users/bob/subscriptions/").content.decode()
    assert "Work A" in page
    assert "Search: rain" in page
    assert (
        _client(UserFactory(username="carol")).get("/users/bob/subscriptions/").status_code == 404
    )
    assert _client(None).get("/users/bob/subscriptions/").status_code == 302


def test_a_followed_work_that_was_hidden_keeps_no_title_on_the_page(
    bob: User, targets: dict[str, int]
) -> None:
    Subscription.objects.create(
        user=bob, kind="work", target_id=targets["work"], label="Secret Title"
    )
    from ficarchive.works.models import Work

    Work.objects.filter(pk=targets["work"]).update(visibility=Visibility.HIDDEN)
    page = _client(bob).get("/users/bob/subscriptions/").content.decode()
    assert "Secret Title" not in page
    assert "A work you can no longer see" in page


def test_unsubscribe_by_id_from_the_page(bob: User, targets: dict[str, int]) -> None:
    mine = Subscription.objects.create(user=bob, kind="work", target_id=targets["work"], label="A")
    theirs = Subscription.objects.create(
        user=UserFactory(username="carol"), kind="work", target_id=targets["work"], label="A"
    )
    client = _client(bob)
    client.post("/subscriptions/remove/", {"kind": "work", "subscription": theirs.pk})
    assert Subscription.objects.filter(pk=theirs.pk).exists(), "not bob's to remove"
    client.post("/subscriptions/remove/", {"kind": "work", "subscription": mine.pk})
    assert not Subscription.objects.filter(pk=mine.pk).exists()
