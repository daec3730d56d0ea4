"""A small archive with someone to report: Alice's work, and Mallory's comment on it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.accounts.roles import MODERATORS_GROUP
from ficarchive.community.models import Comment
from ficarchive.community.services import comment_post
from ficarchive.works.models import Creator, Work
from tests.factories import UserFactory, WorkFactory


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def moderator(db: None) -> User:
    """A volunteer: staff, in the Moderators group (not a superuser)."""
    user = UserFactory(username="maud", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


@pytest.fixture
def admin(db: None) -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def mallory(db: None) -> User:
    """The member who gets reported."""
    return UserFactory(username="mallory")


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    return WorkFactory(title="Lighthouse Keeper", creators=[alice_creator], chapters=2)


@pytest.fixture
def comment(work: Work, mallory: User) -> Comment:
    chapter = work.chapters.get(position=1)
    return comment_post(chapter=chapter, user=mallory, text="Buy cheap pills at spam.example")
