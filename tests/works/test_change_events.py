"""Every change is announced once and the followers keep up: what another member finds in
search, and the totals beside a work, follow posting, publishing, moderators' edits and tag
renames. Run on every search backend (`FICARCHIVE_SEARCH_BACKEND=tantivy` too)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.community.services import comment_post
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Chapter, Creator, Visibility, Work
from ficarchive.works.posting import ChapterData, WorkData, work_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def found(query: str, user: User | None = None) -> list[str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [result["work"].title for result in response.context["results"]]


def post_work(user: User, *, title: str, text: str, post: bool = True, **fields: Any) -> Work:
    """A work as its author posts it, through the posting service."""
    data = WorkData(title=title, fandoms=["Harbour Lights"], rating="teen", **fields)
    return work_create(user=user, data=data, chapter=ChapterData(text=f"<p>{text}</p>"), post=post)


@pytest.fixture
def moderator() -> User:
    return UserFactory(username="moderator", is_staff=True, is_superuser=True)


def admin_client(moderator: User) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


def admin_form_data(response: Any) -> dict[str, Any]:
    """What the admin's change page would post back unchanged: the form and its inlines."""
    data: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = value
    return data


def test_a_published_draft_is_found_by_another_member_without_being_opened(
    alice: User, alice_creator: Creator, bob: User
) -> None:
    draft = post_work(alice, title="Night Ferry", text="The cormorant waited.", post=False)
    assert found("cormorant", bob) == []
    response = admin_client(alice).post(f"/works/{draft.pk}/publish/")
    assert response.status_code == 302
    assert found("cormorant", bob) == ["Night Ferry"]
    assert found("cormorant") == ["Night Ferry"]


def test_a_deleted_accounts_works_leave_search_and_shared_ones_lose_its_name(
    alice: User, alice_creator: Creator, bob: User
) -> None:
    from ficarchive.accounts.services import account_delete
    from ficarchive.works.posting import cocreator_invite, invitation_respond

    post_work(alice, title="Night Ferry", text="The cormorant waited.")
    shared = post_work(bob, title="Shared Tide", text="The heron stood still.")
    invitation_respond(
        invitation=cocreator_invite(work=shared, invited_by=bob, username="alice"), accept=True
    )
    assert sorted(found("alice")) == ["Night Ferry", "Shared Tide"]
    account_delete(user=alice, keep_works=False)
    assert found("cormorant") == []
    assert found("heron") == ["Shared Tide"]
    assert found("alice") == []


def test_a_tag_renamed_in_the_admin_finds_its_works_by_the_new_name_only(
    alice: User, alice_creator: Creator, moderator: User
) -> None:
    post_work(alice, title="Night Ferry", text="The crossing.", freeforms=["Moonlit Harbour"])
    assert found("moonlit") == ["Night Ferry"]
    tag = Tag.objects.get(name="Moonlit Harbour")
    response = admin_client(moderator).post(
        f"/admin/tags/tag/{tag.pk}/change/",
        {"name": "Sunlit Quay", "kind": TagKind.FREEFORM, "synonym_of": ""},
    )
    assert response.status_code == 302
    assert found("sunlit") == ["Night Ferry"]
    assert found("moonlit") == []


def test_a_tag_deleted_in_the_admin_no_longer_finds_its_works(
    alice: User, alice_creator: Creator, moderator: User
) -> None:
    post_work(alice, title="Night Ferry", text="The crossing.", freeforms=["Moonlit Harbour"])
    assert found("moonlit") == ["Night Ferry"]
    tag = Tag.objects.get(name="Moonlit Harbour")
    response = admin_client(moderator).post(f"/admin/tags/tag/{tag.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert found("moonlit") == []
    assert found("crossing") == ["Night Ferry"]


def test_a_work_hidden_by_a_moderator_leaves_other_members_searches(
    alice: User, alice_creator: Creator, bob: User, moderator: User
) -> None:
    work = post_work(alice, title="Night Ferry", text="The cormorant waited.")
    assert found("cormorant", bob) == ["Night Ferry"]
    client = admin_client(moderator)
    page = client.get(f"/admin/works/work/{work.pk}/change/")
    response = client.post(
        f"/admin/works/work/{work.pk}/change/",
        {**admin_form_data(page), "visibility": Visibility.HIDDEN},
    )
    assert response.status_code == 302
    assert found("cormorant", bob) == []
    assert found("cormorant", alice) == ["Night Ferry"], "its creator still finds it"


def test_a_chapter_deleted_in_the_admin_takes_its_comments_out_of_the_total(
    alice: User, alice_creator: Creator, bob: User, moderator: User
) -> None:
    work = post_work(alice, title="Night Ferry", text="The cormorant waited.")
    second = work.chapters.create(position=2, body_html="<p>The gull.</p>", is_posted=True)
    comment_post(chapter=second, user=bob, text="Lovely.")
    client = admin_client(moderator)
    page = client.get(f"/admin/works/work/{work.pk}/change/")
    [chapters] = [
        i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Chapter
    ]
    [form] = [form for form in chapters.forms if form.instance.pk == second.pk]
    data = {**admin_form_data(page), form.add_prefix("DELETE"): "on"}
    response = client.post(f"/admin/works/work/{work.pk}/change/", data)
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.comment_count == 0
    assert work.chapters.count() == 1
