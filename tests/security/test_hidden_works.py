"""A moderator's "hidden" holds: no author path makes the work public again."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.works.models import Creator, Visibility, Work
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(alice_creator: Creator) -> Work:
    return WorkFactory(title="Hidden Away", creators=[alice_creator], visibility=Visibility.HIDDEN)


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_fields(**overrides: str) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": "Hidden Away", "fandoms": "Harbour Lights", "rating": "teen",
        "warnings": ["No Archive Warnings Apply"], "language": "en", "text_format": "html",
        "visibility": "public",
    }  # fmt: skip
    fields.update(overrides)
    return fields


def test_saving_the_edit_form_keeps_a_hidden_work_hidden(
    hidden: Work, alice: User, bob: User
) -> None:
    response = as_user(alice).post(f"/works/{hidden.pk}/edit/", edit_fields())
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.visibility == Visibility.HIDDEN
    assert Client().get(hidden.get_absolute_url()).status_code == 404
    assert as_user(bob).get(hidden.get_absolute_url()).status_code == 404


def test_the_edit_form_of_a_hidden_work_offers_no_visibility(hidden: Work, alice: User) -> None:
    page = as_user(alice).get(f"/works/{hidden.pk}/edit/").content.decode()
    assert 'name="visibility"' not in page


def test_publishing_or_adding_a_chapter_keeps_a_hidden_work_hidden(
    hidden: Work, alice: User
) -> None:
    client = as_user(alice)
    client.post(f"/works/{hidden.pk}/publish/", {"visibility": "public"})
    client.post(
        f"/works/{hidden.pk}/chapters/new/",
        {"text": "<p>More.</p>", "text_format": "html", "action": "post"},
    )
    hidden.refresh_from_db()
    assert hidden.visibility == Visibility.HIDDEN
    assert Client().get(hidden.get_absolute_url()).status_code == 404
