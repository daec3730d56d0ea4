"""eFiction's old addresses answer 301 to where things live now; 404 for what a visitor may
not see or that never came across."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from ficarchive.accounts.services import creator_claim_decide, creator_claim_request
from ficarchive.efiction.models import LegacyId, LegacyKind
from ficarchive.efiction.services import MigrationReport
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Series, Work
from tests.factories import UserFactory

Migrate = Callable[..., MigrationReport]


@pytest.fixture
def migrated(migrate: Migrate) -> None:
    migrate()


def moved(client: Client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 301, address
    return str(response["Location"])


@pytest.mark.usefixtures("migrated")
def test_story_chapter_and_index_addresses(client: Client) -> None:
    feeling = Work.objects.get(title='Once More, With "Feeling"')
    assert moved(client, "/viewstory.php?sid=1") == f"/works/{feeling.pk}/"
    assert moved(client, "/viewstory.php?sid=1&i=1") == f"/works/{feeling.pk}/"
    # chapter= is eFiction's inorder: 2 names the first chapter in that place.
    chapters = {c.position: c.get_absolute_url() for c in feeling.chapters.all()}
    assert moved(client, "/viewstory.php?sid=1&chapter=1") == chapters[1]
    assert moved(client, "/viewstory.php?sid=1&chapter=2") == chapters[2]
    assert moved(client, "/viewstory.php?sid=1&chapter=3") == chapters[3]
    assert moved(client, "/viewstory.php?sid=1&chapter=9") == f"/works/{feeling.pk}/"
    assert client.get(moved(client, "/viewstory.php?sid=1&chapter=3")).status_code == 200


@pytest.mark.usefixtures("migrated")
@pytest.mark.parametrize(
    "address",
    [
        "/viewstory.php?sid=999", "/viewstory.php", "/viewstory.php?sid=abc",
        "/viewuser.php?uid=999", "/viewseries.php?seriesid=3",
        "/browse.php?type=categories&catid=99", "/browse.php?type=authors&catid=1",
    ],
)  # fmt: skip
def test_unknown_ids_are_404(client: Client, address: str) -> None:
    assert client.get(address).status_code == 404


@pytest.mark.usefixtures("migrated")
def test_member_series_and_category_addresses(client: Client) -> None:
    willow = LegacyId.objects.get(kind=LegacyKind.MEMBER, legacy_id=2).creator
    assert willow is not None
    assert moved(client, "/viewuser.php?uid=2") == f"/creators/{willow.pk}/"
    nights = Series.objects.get(title="Sunnydale Nights")
    assert moved(client, "/viewseries.php?seriesid=1") == f"/series/{nights.pk}/"
    pairing = Tag.objects.get(kind=TagKind.RELATIONSHIP, name="Buffy/Spike")
    assert moved(client, "/browse.php?type=categories&catid=2") == f"/tags/{pairing.pk}/works/"
    assert client.get(f"/tags/{pairing.pk}/works/").status_code == 200


@pytest.mark.usefixtures("migrated")
def test_drafts_do_not_leak(client: Client) -> None:
    # A draft (unvalidated), a member with nothing public, a category only a draft uses.
    for address in (
        "/viewstory.php?sid=4",
        "/viewstory.php?sid=3",
        "/viewstory.php?sid=4&chapter=1",
        "/viewuser.php?uid=5",
        "/browse.php?type=categories&catid=7",
    ):
        assert client.get(address).status_code == 404, address
    client.force_login(UserFactory(username="stranger"))
    assert client.get("/viewstory.php?sid=4").status_code == 404


@pytest.mark.usefixtures("migrated")
def test_the_author_who_claimed_is_sent_to_their_draft(client: Client) -> None:
    tara = UserFactory(username="tara")
    creator = LegacyId.objects.get(kind=LegacyKind.MEMBER, legacy_id=4).creator
    assert creator is not None
    creator_claim_decide(claim=creator_claim_request(user=tara, creator=creator), approve=True)
    client.force_login(tara)
    draft = Work.objects.get(title="Conversations with Dead People")
    assert moved(client, "/viewstory.php?sid=4") == f"/works/{draft.pk}/"
    # Its unposted chapter too, for its creator.
    assert moved(client, "/viewstory.php?sid=4&chapter=1") == f"/works/{draft.pk}/chapters/1/"


@pytest.mark.usefixtures("migrated")
def test_redirects_only_read(
    client: Client, django_assert_max_num_queries: Callable[[int], DjangoAssertNumQueries]
) -> None:
    with django_assert_max_num_queries(3) as queries:
        client.get("/viewstory.php?sid=1&chapter=2")
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
