"""Posting: every author page as anonymous, creator, co-creator, stranger and admin; the flows."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.works.models import Chapter, CoCreatorInvitation, Creator, Visibility, Work
from tests.factories import ChapterFactory, CreatorFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


def client_for(user: User | None, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def work_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "title": "The Night Ferry", "fandoms": "Harbour Lights, Original Work",
        "rating": "teen", "warnings": ["No Archive Warnings Apply"],
        "relationships": "Ada/Ros", "characters": "Ada, Ros", "freeforms": "Fog, Slow Burn",
        "summary": "<p>Every night at eleven.</p>", "notes_begin": "", "notes_end": "",
        "betas": "tidewrack", "language": "en", "text_format": "html",
        "chapter_title": "The Ticket Booth", "text": "<p>The heater worked on Tuesdays.</p>",
        "visibility": "public", "action": "post",
    }  # fmt: skip
    fields.update(overrides)
    return fields


@pytest.fixture
def carol() -> User:
    """A co-creator of the shared work."""
    return UserFactory(username="carol")


@pytest.fixture
def admin_user() -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def shared_work(alice_creator: Creator, carol: User) -> Work:
    carol_creator = CreatorFactory(name="Carol", user=carol)
    work = WorkFactory(title="Shared", creators=[alice_creator, carol_creator], chapters=2)
    work.expected_chapters = None
    work.save()
    return work


EDIT_PAGES = [
    ("get", "/works/{pk}/edit/"),
    ("get", "/works/{pk}/chapters/new/"),
    ("get", "/works/{pk}/chapters/1/edit/"),
    ("get", "/works/{pk}/chapters/2/delete/"),
    ("get", "/works/{pk}/chapters/order/"),
    ("get", "/works/{pk}/delete/"),
    ("post", "/works/{pk}/publish/"),
    ("post", "/works/{pk}/chapters/1/post/"),
    ("post", "/works/{pk}/invite/"),
]


@pytest.mark.parametrize(("method", "url"), EDIT_PAGES)
def test_author_pages_by_role(
    method: str, url: str, shared_work: Work, alice: User, carol: User, bob: User,
    admin_user: User,
) -> None:  # fmt: skip
    target = url.format(pk=shared_work.pk)
    anonymous = getattr(client_for(None), method)(target)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    for outsider in (bob, admin_user):
        assert getattr(client_for(outsider), method)(target).status_code == 404, outsider
    for creator in (alice, carol):
        assert getattr(client_for(creator), method)(target).status_code in {200, 302}, creator


@pytest.mark.parametrize(("method", "url"), EDIT_PAGES)
def test_author_pages_refuse_other_methods(
    method: str, url: str, shared_work: Work, alice: User
) -> None:
    target = url.format(pk=shared_work.pk)
    assert client_for(alice).put(target).status_code == 405
    if method == "post":
        assert client_for(alice).get(target).status_code == 405


def test_post_a_work_with_every_field(alice: User, alice_creator: Creator) -> None:
    response = client_for(alice).post("/works/new/", work_fields(
        published="2019-05-04", series_title="Harbour Tales", expected_chapters="3",
        notes_begin="**Bold** note", text_format="markdown",
        text="She *ran*.\n\nShe stopped.",
    ))  # fmt: skip
    work = Work.objects.get()
    assert response["Location"] == work.get_absolute_url()
    assert work.visibility == Visibility.PUBLIC
    assert str(work.published) == "2019-05-04"
    assert [c.name for c in work.ordered_creators] == ["Alice"]
    assert {t.name for t in work.fandoms} == {"Harbour Lights", "Original Work"}
    assert [t.name for t in work.warnings] == ["No Archive Warnings Apply"]
    assert [b.name for b in work.betas.all()] == ["tidewrack"]
    assert work.chapter_progress == "1/3"
    assert work.series.get().title == "Harbour Tales"
    assert "<strong>Bold</strong>" in work.notes_begin
    chapter = work.chapters.get()
    assert chapter.body_html == "<p>She <em>ran</em>.</p>\n<p>She stopped.</p>"
    assert "The Night Ferry" in client_for(None).get("/").content.decode()


def test_plain_text_becomes_paragraphs(alice: User) -> None:
    client_for(alice).post(
        "/works/new/", work_fields(text_format="plain", text="One\nline.\n\nTwo.")
    )
    assert Chapter.objects.get().body_html == "<p>One<br>line.</p>\n<p>Two.</p>"


def docx_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'
        ))  # fmt: skip
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ))  # fmt: skip
        archive.writestr("word/document.xml", (
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
        ))  # fmt: skip
    return buffer.getvalue()


def test_chapter_text_from_an_uploaded_word_document(alice: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("chapter.docx", docx_bytes(["First line.", "Second line."]))
    client_for(alice).post("/works/new/", work_fields(text="", text_file=upload))
    assert Chapter.objects.get().body_text == "First line.\nSecond line."


def test_hostile_html_is_sanitized_when_posted(alice: User) -> None:
    client_for(alice).post("/works/new/", work_fields(
        text='<p onclick="steal()">Hi<script>alert(1)</script></p><a href="javascript:x()">l</a>',
    ))  # fmt: skip
    html = Chapter.objects.get().body_html
    assert "onclick" not in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_draft_is_previewed_by_its_creator_only(alice: User, bob: User) -> None:
    client_for(alice).post("/works/new/", work_fields(action="draft"))
    work = Work.objects.get()
    assert work.visibility == Visibility.DRAFT
    preview = client_for(alice).get(work.get_absolute_url()).content.decode()
    assert "This work is a draft." in preview
    assert "The heater worked on Tuesdays." in preview
    assert client_for(bob).get(work.get_absolute_url()).status_code == 404
    client_for(alice).post(f"/works/{work.pk}/publish/", {"visibility": "registered"})
    work.refresh_from_db()
    assert work.visibility == Visibility.REGISTERED
    assert client_for(None).get(work.get_absolute_url()).status_code == 404
    assert client_for(bob).get(work.get_absolute_url()).status_code == 200


def test_missing_fandom_and_text_and_future_date_are_refused(alice: User) -> None:
    response = client_for(alice).post(
        "/works/new/", work_fields(fandoms=" , ", text="", published="2999-01-01")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Name at least one fandom" in page
    assert "Write the chapter" in page
    assert "cannot be in the future" in page
    assert Work.objects.count() == 0


def test_edit_a_work_changes_its_metadata(shared_work: Work, alice: User) -> None:
    client = client_for(alice)
    form = client.get(f"/works/{shared_work.pk}/edit/").content.decode()
    assert 'value="Shared"' in form
    fields = work_fields(title="Renamed", freeforms="New Tag", complete="on")
    for name in ("chapter_title", "text", "action"):
        fields.pop(name)
    assert client.post(f"/works/{shared_work.pk}/edit/", fields).status_code == 302
    shared_work.refresh_from_db()
    assert shared_work.title == "Renamed"
    assert [t.name for t in shared_work.freeforms] == ["New Tag"]
    assert shared_work.is_complete


def test_chapter_draft_then_post(shared_work: Work, alice: User, bob: User) -> None:
    client = client_for(alice)
    client.post(f"/works/{shared_work.pk}/chapters/new/", {
        "chapter_title": "Third", "text": "<p>Later.</p>", "text_format": "html", "action": "draft",
    })  # fmt: skip
    third = shared_work.chapters.get(position=3)
    assert not third.is_posted
    assert client_for(bob).get(f"/works/{shared_work.pk}/chapters/3/").status_code == 404
    assert "(draft)" in client.get(shared_work.get_absolute_url()).content.decode()
    client.post(f"/works/{shared_work.pk}/chapters/3/post/")
    assert client_for(bob).get(f"/works/{shared_work.pk}/chapters/3/").status_code == 200


def test_edit_reorder_and_delete_chapters(shared_work: Work, carol: User) -> None:
    client = client_for(carol)  # a co-creator may do all of it
    ChapterFactory(work=shared_work, position=3, title="Three")
    client.post(f"/works/{shared_work.pk}/chapters/1/edit/", {
        "chapter_title": "One", "text": "<p>Edited text.</p>", "text_format": "html",
        "action": "post",
    })  # fmt: skip
    assert shared_work.chapters.get(position=1).body_text == "Edited text."
    ids = {c.title: c.pk for c in shared_work.chapters.all()}
    response = client.post(f"/works/{shared_work.pk}/chapters/order/", {
        f"chapter_{ids['Three']}": 1, f"chapter_{ids['One']}": 2, f"chapter_{ids['Part 2']}": 3,
    })  # fmt: skip
    assert response.status_code == 302
    assert [c.title for c in shared_work.chapters.order_by("position")] == [
        "Three",
        "One",
        "Part 2",
    ]
    bad = client.post(f"/works/{shared_work.pk}/chapters/order/", {
        f"chapter_{ids['Three']}": 1, f"chapter_{ids['One']}": 1, f"chapter_{ids['Part 2']}": 3,
    })  # fmt: skip
    assert bad.status_code == 400
    client.post(f"/works/{shared_work.pk}/chapters/1/delete/")
    assert [c.title for c in shared_work.chapters.order_by("position")] == ["One", "Part 2"]
    assert [c.position for c in shared_work.chapters.order_by("position")] == [1, 2]


def test_the_last_chapter_cannot_be_deleted(alice: User, alice_creator: Creator) -> None:
    work = WorkFactory(creators=[alice_creator])
    response = client_for(alice).post(f"/works/{work.pk}/chapters/1/delete/", follow=True)
    assert "delete the work instead" in response.content.decode()
    assert work.chapters.count() == 1


def test_delete_a_work(shared_work: Work, alice: User) -> None:
    client_for(alice).post(f"/works/{shared_work.pk}/delete/")
    assert not Work.objects.filter(pk=shared_work.pk).exists()


def test_co_creator_joins_only_by_consent(shared_work: Work, alice: User, bob: User) -> None:
    dave = UserFactory(username="dave")
    client_for(alice).post(f"/works/{shared_work.pk}/invite/", {"username": "dave"})
    invitation = CoCreatorInvitation.objects.get()
    assert client_for(dave).get(f"/works/{shared_work.pk}/edit/").status_code == 404
    assert "invites you" in client_for(dave).get("/users/dave/").content.decode()
    assert (
        client_for(bob).post(f"/invitations/{invitation.pk}/", {"answer": "accept"}).status_code
        == 404
    )
    client_for(dave).post(f"/invitations/{invitation.pk}/", {"answer": "accept"})
    assert "dave" in [c.name for c in Work.objects.get(pk=shared_work.pk).ordered_creators]
    assert client_for(dave).get(f"/works/{shared_work.pk}/edit/").status_code == 200


def test_declined_invitation_credits_nobody(shared_work: Work, alice: User) -> None:
    erin = UserFactory(username="erin")
    client_for(alice).post(f"/works/{shared_work.pk}/invite/", {"username": "erin"})
    invitation = CoCreatorInvitation.objects.get()
    client_for(erin).post(f"/invitations/{invitation.pk}/", {"answer": "decline"})
    assert "erin" not in [c.name for c in Work.objects.get(pk=shared_work.pk).ordered_creators]


def test_posting_is_rate_limited(alice: User, settings: Any) -> None:
    settings.FICARCHIVE_POSTS_PER_HOUR = 2
    client = client_for(alice)
    for n in range(2):
        assert client.post("/works/new/", work_fields(title=f"W{n}")).status_code == 302
    refused = client.post("/works/new/", work_fields(title="W2"))
    assert refused.status_code == 400
    assert "please wait" in refused.content.decode()
    assert Work.objects.count() == 2


def test_posting_needs_csrf(alice: User) -> None:
    client = client_for(alice, enforce_csrf_checks=True)
    assert client.post("/works/new/", work_fields()).status_code == 403
    assert Work.objects.count() == 0


def test_tag_autocomplete_suggests_canonical_names() -> None:
    from ficarchive.tags.models import Tag

    canonical = Tag.objects.create(kind="character", name="Buffy Summers")
    synonym = Tag.objects.create(kind="character", name="Buffy S.", synonym_of=canonical)
    fandom = Tag.objects.create(kind="fandom", name="Buffy the Vampire Slayer")
    # Only tags on a work the asker may read are suggested (tests/security/test_name_leaks.py).
    WorkFactory().tags.add(synonym, fandom)
    response = Client().get("/tags/autocomplete/", {"kind": "character", "q": "buf"})
    assert response.json() == {"suggestions": ["Buffy Summers"]}
    assert Client().get("/tags/autocomplete/", {"kind": "bogus", "q": "buf"}).json() == {
        "suggestions": []
    }


def test_a_new_work_is_a_one_shot_unless_it_goes_on(alice: User, alice_creator: Creator) -> None:
    form = client_for(alice).get("/works/new/").content.decode()
    assert 'name="complete" id="id_complete" checked' in form
    work = WorkFactory(creators=[alice_creator])
    page = client_for(alice).get(work.get_absolute_url()).content.decode()
    assert f"/works/{work.pk}/chapters/1/edit/" in page, "a one-shot's chapter can be edited"
