"""Names that come from a work reach only those who may read the work (issue 9, finding 5)."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.accounts.services import account_delete
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Creator, Series, SeriesPart, Visibility, Work
from ficarchive.works.services import work_delete
from tests.factories import CreatorFactory, TagFactory, WorkFactory

pytestmark = pytest.mark.django_db


def as_user(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def secret_work(creator: Creator, visibility: str) -> tuple[Work, Tag, Creator]:
    """A work whose tag and beta names appear nowhere else."""
    tag = TagFactory(name="Secretsong Fandom", kind=TagKind.FANDOM)
    beta = CreatorFactory(name="Quietbeta")
    work = WorkFactory(title="Under Wraps", creators=[creator], visibility=visibility)
    work.tags.add(tag)
    work.betas.add(beta)
    return work, tag, beta


def suggestions(client: Client) -> list[str]:
    answer = client.get("/tags/autocomplete/", {"kind": "fandom", "q": "Secretsong"})
    return list(answer.json()["suggestions"])


@pytest.mark.parametrize("visibility", [Visibility.DRAFT, Visibility.HIDDEN])
def test_tags_and_betas_of_a_draft_or_hidden_work_stay_private(
    alice_creator: Creator, alice: User, bob: User, visibility: str
) -> None:
    _, tag, beta = secret_work(alice_creator, visibility)
    for stranger in (None, bob):
        client = as_user(stranger)
        assert suggestions(client) == []
        assert client.get(f"/tags/{tag.pk}/works/").status_code == 404
        assert client.get(f"/creators/{beta.pk}/").status_code == 404
    owner = as_user(alice)
    assert suggestions(owner) == ["Secretsong Fandom"]
    assert owner.get(f"/tags/{tag.pk}/works/").status_code == 200


def test_registered_only_names_reach_members_not_guests(alice_creator: Creator, bob: User) -> None:
    _, tag, beta = secret_work(alice_creator, Visibility.REGISTERED)
    guest = as_user(None)
    assert suggestions(guest) == []
    assert guest.get(f"/tags/{tag.pk}/works/").status_code == 404
    assert guest.get(f"/creators/{beta.pk}/").status_code == 404
    member = as_user(bob)
    assert suggestions(member) == ["Secretsong Fandom"]
    assert member.get(f"/tags/{tag.pk}/works/").status_code == 200
    assert member.get(f"/creators/{beta.pk}/").status_code == 200


def test_public_names_stay_public(alice_creator: Creator) -> None:
    _, tag, beta = secret_work(alice_creator, Visibility.PUBLIC)
    guest = as_user(None)
    assert suggestions(guest) == ["Secretsong Fandom"]
    assert guest.get(f"/tags/{tag.pk}/works/").status_code == 200
    assert guest.get(f"/creators/{beta.pk}/").status_code == 200


def test_deleting_a_work_forgets_the_names_only_it_used(alice_creator: Creator) -> None:
    work, tag, beta = secret_work(alice_creator, Visibility.PUBLIC)
    shared = TagFactory(name="Shared Tag")
    work.tags.add(shared)
    WorkFactory(title="Other", creators=[alice_creator]).tags.add(shared)
    series = Series.objects.create(title="Lonely Series")
    SeriesPart.objects.create(series=series, work=work, position=1)
    work_delete(work=work)
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert not Creator.objects.filter(pk=beta.pk).exists()
    assert not Series.objects.filter(pk=series.pk).exists()
    assert Tag.objects.filter(pk=shared.pk).exists()  # another work still uses it
    assert Creator.objects.filter(pk=alice_creator.pk).exists()  # a member's name stays


def test_deleting_an_account_with_its_works_forgets_their_names(
    alice_creator: Creator, alice: User
) -> None:
    _, tag, beta = secret_work(alice_creator, Visibility.PUBLIC)
    account_delete(user=alice, keep_works=False)
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert not Creator.objects.filter(pk=beta.pk).exists()
