"""Ordinary input never makes an error page (issue 9, finding 8).

Characters XML cannot hold are dropped once, where user text is cleaned, so nothing built on
lxml (plain text, word counts, highlights) fails later; numbers in searches, list filters and
the chapter menu are read by one parser, which takes ASCII digits only and refuses numbers
past what the database and the index hold, with a message rather than an error.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark, Comment
from ficarchive.formats import sanitize
from ficarchive.works.models import Chapter, Creator, Work
from tests.factories import TagFactory, WorkFactory

pytestmark = pytest.mark.django_db

# Every character XML 1.0 cannot hold that a browser can send: C0 but tab, newline and CR
# (NUL is refused by Django's forms already, with a message), U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CONTROL_CHARACTERS = [chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]


def member(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def work_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "title": "The Night Ferry", "fandoms": "Harbour Lights", "rating": "teen",
        "warnings": ["No Archive Warnings Apply"], "language": "en", "text_format": "html",
        "summary": "", "notes_begin": "", "notes_end": "", "chapter_title": "",
        "chapter_notes_begin": "", "chapter_notes_end": "",
        "text": "<p>The heater worked on Tuesdays.</p>", "visibility": "public", "action": "post",
    }  # fmt: skip
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("character", "text_format"),
    [(c, "html") for c in CONTROL_CHARACTERS]
    + [(c, f) for c in ("\x01", "\x0c", "\uffff") for f in ("markdown", "plain")],
    ids=lambda v: v if v in {"html", "markdown", "plain"} else f"U+{ord(v):04X}",
)
def test_control_character_in_posted_text_is_dropped_not_an_error(
    alice: User, alice_creator: Creator, character: str, text_format: str
) -> None:
    odd = f"fog{character}horn"
    response = member(alice).post("/works/new/", work_fields(
        title=odd, summary=odd, notes_begin=odd, notes_end=odd, chapter_title=odd,
        chapter_notes_begin=odd, chapter_notes_end=odd, text=f"<p>{odd} at eleven.</p>",
        text_format=text_format,
    ))  # fmt: skip
    assert response.status_code == 302
    work = Work.objects.get()
    chapter = Chapter.objects.get()
    stored = [
        work.title, work.summary, work.notes_begin, work.notes_end, chapter.title,
        chapter.notes_begin, chapter.notes_end, chapter.body_html, chapter.body_text,
    ]  # fmt: skip
    assert all(character not in value for value in stored)
    assert "foghorn" in chapter.body_text
    page = Client().get(f"/works/{work.pk}/")
    assert page.status_code == 200
    assert "foghorn at eleven" in page.content.decode()


@pytest.mark.parametrize("character", ["\x0b", "\x1b", "\ufffe"], ids=repr)
def test_control_character_in_edited_chapter_is_dropped(alice: User, character: str) -> None:
    work = WorkFactory(creators=[Creator.objects.create(name="Alice", user=alice)])
    response = member(alice).post(f"/works/{work.pk}/chapters/1/edit/", {
        "chapter_title": "", "text_format": "plain", "text": f"Salt{character} roads",
    })  # fmt: skip
    assert response.status_code == 302
    assert Chapter.objects.get().body_text == "Salt roads"


def test_control_characters_in_comment_bookmark_and_bio_are_dropped(alice: User, bob: User) -> None:
    work = WorkFactory()
    client = member(bob)
    odd = "Lovely\x07 \x1fending\ufffe"
    assert client.post(f"/works/{work.pk}/chapters/1/comments/", {"text": odd}).status_code == 302
    assert client.post(f"/works/{work.pk}/bookmark/", {"notes": odd}).status_code == 302
    assert client.post("/accounts/settings/", {"bio": odd, "email": bob.email}).status_code == 302
    bob.refresh_from_db()
    stored = [Comment.objects.get().body_html, Bookmark.objects.get().notes, bob.bio]
    assert ["Lovely ending" in value for value in stored] == [True, True, True]
    assert Client().get(f"/works/{work.pk}/").status_code == 200


def test_sanitizer_drops_every_character_xml_cannot_hold() -> None:
    xml_safe = sanitize.xml_safe
    cleaned = xml_safe("a\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800\udfffb\t\n\r")
    assert cleaned == "ab\t\n\r"
    assert NOT_XML.search(sanitize.sanitize_html("<p>a\x02b\ud83d &#1; &#xFFFE;</p>")) is None
    # What XML can hold is kept: other scripts, astral characters, right-to-left marks.
    assert xml_safe("Ωμέγα 𝔉 😀 \u200fעברית\u007f") == "Ωμέγα 𝔉 😀 \u200fעברית\u007f"


def binary_files() -> dict[str, bytes]:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("data.bin", bytes(range(256)))
    return {
        "cover.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "story.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4,
        "story.txt": bytes(range(256)) * 8,
        "story.html": gzip.compress(b"<p>hello</p>" * 50),
        "story.epub": archive.getvalue(),
    }


@pytest.mark.parametrize("name", list(binary_files()))
def test_binary_upload_on_the_posting_form_is_not_an_error(
    alice: User, alice_creator: Creator, name: str
) -> None:
    upload = SimpleUploadedFile(name, binary_files()[name])
    response = member(alice).post("/works/new/", work_fields(text="", text_file=upload))
    # A form error (the file is refused) or a post of what text it held; never a 500, and
    # nothing that breaks the pages later.
    assert response.status_code in {302, 400}
    for chapter in Chapter.objects.all():
        assert NOT_XML.search(chapter.body_html) is None
        assert Client().get(f"/works/{chapter.work_id}/").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["words>²", "kudos>¹⁰", "words>①", "words>٣", "hits<३", "words:١-٩",
     "words>99999999999999999999", "words<99999999999999999999", "kudos>=18446744073709551616",
     "comments:1-99999999999999999999", "bookmarks<=9223372036854775808", "hits>2147483648"],
)  # fmt: skip
def test_odd_numbers_in_a_search_get_a_message(query: str) -> None:
    WorkFactory(title="Fog")
    response = Client().get("/search/", {"q": f"fog {query}"})
    assert response.status_code == 200
    assert response.context["messages_for_query"]


@pytest.mark.parametrize(
    "number", ["²", "¹⁰", "①", "٣", "99999999999999999999", "9223372036854775808", "2147483648"]
)
@pytest.mark.parametrize("field", ["words_from", "words_to"])
@pytest.mark.parametrize("page", ["/", "/search/", "tag"])
def test_odd_numbers_in_list_filters_get_a_form_error(page: str, field: str, number: str) -> None:
    work = WorkFactory()
    tag = TagFactory()
    work.tags.add(tag)
    url = f"/tags/{tag.pk}/works/" if page == "tag" else page
    response = Client().get(url, {field: number})
    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.parametrize("chapter", ["-1", "0", "abc", "", "²", "99999999999999999999"])
def test_odd_chapter_numbers_in_the_chapter_menu_open_the_work(chapter: str) -> None:
    work = WorkFactory(chapters=2)
    response = Client().get(f"/works/{work.pk}/chapters/", {"chapter": chapter})
    assert response.status_code == 302
    assert response["Location"] == f"/works/{work.pk}/"


def test_chapter_menu_opens_the_chosen_chapter() -> None:
    work = WorkFactory(chapters=2)
    response = Client().get(f"/works/{work.pk}/chapters/", {"chapter": "2"})
    assert response["Location"] == f"/works/{work.pk}/chapters/2/"


@pytest.mark.parametrize("parent", ["99999999999999999999", "²", "-1"])
def test_odd_reply_target_on_a_comment_is_not_an_error(bob: User, parent: str) -> None:
    work = WorkFactory()
    response = member(bob).post(
        f"/works/{work.pk}/chapters/1/comments/", {"text": "Lovely.", "parent": parent}
    )
    assert response.status_code in {302, 400}
