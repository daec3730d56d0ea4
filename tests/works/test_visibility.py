"""Work.objects.visible_to(): the one definition of who sees what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ficarchive.accounts.models import User
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


def visible_titles(user: User | AnonymousUser) -> set[str]:
    return set(Work.objects.visible_to(user).values_list("title", flat=True))


@pytest.fixture
def works_in_every_state(alice_creator: Creator) -> None:
    for visibility in Visibility:
        WorkFactory(title=visibility.value, visibility=visibility, creators=[alice_creator])


@pytest.mark.usefixtures("works_in_every_state")
def test_anonymous_sees_only_public() -> None:
    assert visible_titles(AnonymousUser()) == {"public"}


@pytest.mark.usefixtures("works_in_every_state")
def test_registered_stranger_also_sees_registered_only(bob: User) -> None:
    assert visible_titles(bob) == {"public", "registered"}


@pytest.mark.usefixtures("works_in_every_state")
def test_creator_sees_own_drafts_and_hidden(alice: User) -> None:
    assert visible_titles(alice) == {"public", "registered", "draft", "hidden"}


@pytest.mark.usefixtures("works_in_every_state")
def test_moderator_sees_hidden_but_not_others_drafts() -> None:
    moderator = UserFactory(username="mod", is_staff=True)
    assert visible_titles(moderator) == {"public", "registered", "hidden"}


def test_co_creator_sees_shared_draft(alice_creator: Creator, bob: User) -> None:
    bob_creator = Creator.objects.create(name="Bob", user=bob)
    WorkFactory(title="shared", visibility=Visibility.DRAFT, creators=[alice_creator, bob_creator])
    assert "shared" in visible_titles(bob)
    assert "shared" not in visible_titles(UserFactory(username="carol"))
