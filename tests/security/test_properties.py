"""Property probes: arbitrary text and numbers in every form field, the query language and the
list filters give a page or a form error, never a 500 (the test client re-raises any server
exception). Derandomized, with few examples, so CI stays deterministic and quick."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ficarchive.accounts.models import User
from ficarchive.works.models import Work
from tests.factories import TagFactory, UserFactory, WorkFactory
from tests.humans import as_a_person

pytestmark = pytest.mark.django_db

PROBE = settings(
    derandomize=True, max_examples=25, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
ODD_CHARACTERS = st.sampled_from(
    [chr(c) for c in range(1, 32)] + ["\ufffe", "\uffff", "\x7f", "\u200f", "\u202e", "😀",
     "𝔉", "²", "①", "٣", "'", '"', "<", "&#1;", "%", "_", "\\", "-", ":", ">", "OR"]
)  # fmt: skip
# Browsers never send NUL or lone surrogates in form data the test client could encode.
TEXT = st.lists(
    st.one_of(ODD_CHARACTERS, st.characters(exclude_categories=("Cs",), exclude_characters="\x00")),
    max_size=30,
).map("".join) | st.builds(lambda s: s * 400, st.sampled_from(["word ", "é\x07", "\u05d0"]))
DIGITS = st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "²³¹", "①②", "०१२"])
NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(lambda d, n: "".join(d[i % len(d)] for i in range(n)), DIGITS, st.integers(1, 35)),
    TEXT,
)
FIELD_NAMES = ["words", "kudos", "comments", "bookmarks", "hits", "updated", "title", "rating"]
OPERATORS = [":", ">", ">=", "<", "<="]
QUERY_TERM = st.builds(
    lambda f, op, n: f"{f}{op}{n}", st.sampled_from(FIELD_NAMES), st.sampled_from(OPERATORS),
    NUMBER,
) | st.builds(lambda a, b: f"words:{a}-{b}", NUMBER, NUMBER) | TEXT  # fmt: skip
FILTERS = ["words_from", "words_to", "language", "include", "exclude", "updated_from",
           "updated_to", "published_from", "published_to", "sort", "rating", "warning",
           "complete", "page"]  # fmt: skip


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@PROBE
@given(terms=st.lists(QUERY_TERM, max_size=4))
def test_any_search_gets_a_page(terms: list[str]) -> None:
    WorkFactory(title="Fog")
    response = Client().get("/search/", {"q": " ".join(terms)})
    assert response.status_code == 200


@PROBE
@given(params=st.dictionaries(st.sampled_from(FILTERS), NUMBER, max_size=4))
@example(params={"words_from": "9" * 20, "words_to": "٣"})
def test_any_list_filter_gets_a_page(params: dict[str, str]) -> None:
    work = WorkFactory()
    tag = TagFactory()
    work.tags.add(tag)
    for url in ("/", f"/tags/{tag.pk}/works/", "/search/"):
        assert Client().get(url, params).status_code == 200


@PROBE
@given(chapter=NUMBER, highlight=TEXT)
def test_any_chapter_choice_gets_a_page_or_a_redirect(chapter: str, highlight: str) -> None:
    work = WorkFactory(chapters=2)
    assert Client().get(f"/works/{work.pk}/chapters/", {"chapter": chapter}).status_code == 302
    page = Client().get(f"/works/{work.pk}/chapters/1/", {"highlight": highlight})
    assert page.status_code == 200


def test_tag_with_capital_accent_can_be_posted_twice(alice: User) -> None:
    client = signed_in(alice)
    for title in ("One", "Two"):
        fields = {
            "title": title, "fandoms": "Élan", "rating": "teen", "language": "en",
            "warnings": ["No Archive Warnings Apply"], "text": "x", "text_format": "html",
            "visibility": "public", "action": "post",
        }  # fmt: skip
        assert client.post("/works/new/", fields).status_code == 302


@PROBE
@given(text=TEXT, number=NUMBER, text_format=st.sampled_from(["html", "markdown", "plain"]))
@example(text="fog\x07horn\ufffe", number="2", text_format="html")
def test_any_posted_work_is_saved_or_refused(text: str, number: str, text_format: str) -> None:
    alice = User.objects.filter(username="alice").first() or UserFactory(username="alice")
    tags = text
    fields: dict[str, Any] = {
        "title": text or "x", "fandoms": tags or "f", "rating": "teen",
        "warnings": ["No Archive Warnings Apply"], "relationships": tags, "characters": tags,
        "freeforms": tags, "summary": text, "notes_begin": text, "notes_end": text,
        "betas": text[:90], "language": "en", "series_title": text[:200],
        "series_position": number, "expected_chapters": number, "complete": "",
        "chapter_title": text[:250], "chapter_notes_begin": text, "chapter_notes_end": text,
        "text": text or "x", "text_format": text_format, "visibility": "public", "action": "post",
    }  # fmt: skip
    client = signed_in(alice)
    response = client.post("/works/new/", fields)
    assert response.status_code in {302, 400}
    for work in Work.objects.all():
        assert client.get(f"/works/{work.pk}/").status_code == 200
        assert client.post(f"/works/{work.pk}/edit/", fields).status_code in {302, 400}
        chapter = {k: v for k, v in fields.items() if k.startswith("chapter_") or k == "text"}
        new = client.post(f"/works/{work.pk}/chapters/new/", {**chapter, "text_format": "html"})
        assert new.status_code in {302, 400}
        work.delete()


@PROBE
@given(text=TEXT, parent=NUMBER)
def test_any_comment_bookmark_or_kudos_is_saved_or_refused(text: str, parent: str) -> None:
    work = WorkFactory()
    bob = User.objects.filter(username="bob").first() or UserFactory(username="bob")
    client = signed_in(bob)
    comment = {"text": text, "parent": parent}
    assert client.post(f"/works/{work.pk}/chapters/1/comments/", comment).status_code in {
        302, 400, 404,
    }  # fmt: skip
    bookmark = {"notes": text, "is_private": text[:1]}
    assert client.post(f"/works/{work.pk}/bookmark/", bookmark).status_code == 302
    assert Client().post(f"/works/{work.pk}/kudos/", {"next": text}).status_code == 302
    assert Client().get(f"/works/{work.pk}/").status_code == 200


@PROBE
@given(text=TEXT, other=TEXT)
def test_any_account_form_is_saved_or_refused(text: str, other: str) -> None:
    carol = User.objects.filter(username="carol").first() or UserFactory(username="carol")
    signup = {
        "username": text[:150], "email": other, "password1": text, "password2": text,
        **as_a_person(), "accept_terms": "on",
    }  # fmt: skip
    assert Client().post("/accounts/signup/", signup).status_code in {200, 302, 400}
    login = {"username": text, "password": other}
    assert Client().post("/accounts/login/", login).status_code in {200, 302, 400, 429}
    settings_form = {"bio": text, "email": other or carol.email}
    client = signed_in(carol)
    assert client.post("/accounts/settings/", settings_form).status_code in {200, 302, 400}
    assert Client().get(f"/users/{carol.username}/").status_code == 200
