"""An import replaces an existing work only when it is the same story (issue 9, finding 7).

Same source (FanFiction.Net or AO3 story id, whatever the chapter or host), or nearly the
same text; a different story that merely shares title and creator is a new work, and
readers' comments, kudos and bookmarks stay where they were left.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.cli import main
from ficarchive.community.models import Bookmark, Comment
from ficarchive.community.services import bookmark_save, comment_post
from ficarchive.formats import parse
from ficarchive.works.models import Visibility, Work
from ficarchive.works.services import ImportOutcome, work_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Title: Harbour Song\nAuthor: Tamsin Wells\nFandom: Saltwind\n\n"
FIRST = (
    HEADER + "Chapter 1: Fog\n\nThe fog came in over the harbour wall before dawn.\n\n"
    "Nell counted the boats twice and got a different number each time.\n\n"
    "Chapter 2: Bells\n\nA bell rang under the water, and nobody on the quay would say why.\n"
)
# Another story with the same title by the same creator (a rewrite, a different fandom).
OTHER = (
    HEADER + "Chapter 1: Departure\n\nTobias sold his violin on a Tuesday to pay for the train.\n\n"
    "The station smelled of coal smoke and oranges.\n"
)


def story(text: str, url: str | None = None) -> object:
    parsed = parse(text.encode(), name="harbour.txt")
    parsed.source_url = url
    return parsed


def test_same_title_and_creator_with_other_text_is_a_new_work(alice: User) -> None:
    first = work_import(parsed=story(FIRST)).work  # type: ignore[arg-type]
    chapter = first.chapters.get(position=1)
    comment_post(chapter=chapter, user=alice, text="Lovely fog.")
    bookmark_save(user=alice, work=first, notes="", is_private=False)

    result = work_import(parsed=story(OTHER))  # type: ignore[arg-type]

    assert result.outcome is ImportOutcome.IMPORTED
    assert result.work.pk != first.pk
    assert Work.objects.count() == 2
    first.refresh_from_db()
    assert "harbour wall" in first.chapters.get(position=1).body_text
    assert first.comment_count == 1
    assert Comment.objects.get().chapter_id == chapter.pk
    assert Bookmark.objects.get().work_id == first.pk
    assert result.match is not None
    assert result.match.work.pk == first.pk


def test_different_source_ids_are_different_works_even_with_the_same_title() -> None:
    work_import(parsed=story(FIRST, "https://www.fanfiction.net/s/111/1/Harbour-Song"))  # type: ignore[arg-type]
    result = work_import(parsed=story(OTHER, "https://www.fanfiction.net/s/222/1/Harbour-Song"))  # type: ignore[arg-type]
    assert result.outcome is ImportOutcome.IMPORTED
    assert Work.objects.count() == 2


@pytest.mark.parametrize(
    ("first_url", "second_url"),
    [
        ("https://www.fanfiction.net/s/123/4/Harbour-Song", "https://m.fanfiction.net/s/123/1"),
        (
            "https://archiveofourown.org/works/456/chapters/789",
            "http://archiveofourown.org/works/456",
        ),
    ],
)
def test_the_same_source_story_from_another_chapter_or_host_updates_it(
    first_url: str, second_url: str
) -> None:
    first = work_import(parsed=story(FIRST, first_url)).work  # type: ignore[arg-type]
    result = work_import(parsed=story(OTHER, second_url))  # type: ignore[arg-type]
    assert result.outcome is ImportOutcome.UPDATED
    assert result.work.pk == first.pk
    assert Work.objects.count() == 1


def test_an_update_keeps_the_comments_of_chapters_that_still_exist(alice: User) -> None:
    url = "https://www.fanfiction.net/s/123/1/Harbour-Song"
    first = work_import(parsed=story(FIRST, url)).work  # type: ignore[arg-type]
    comment_post(chapter=first.chapters.get(position=1), user=alice, text="Lovely fog.")
    comment_post(chapter=first.chapters.get(position=2), user=alice, text="Why the bell?")
    shorter = FIRST.split("Chapter 2")[0].replace("before dawn", "at dawn")

    result = work_import(parsed=story(shorter, url))  # type: ignore[arg-type]

    assert result.outcome is ImportOutcome.UPDATED
    work = Work.objects.get()
    assert work.chapters.count() == 1
    assert "at dawn" in work.chapters.get().body_text
    assert [c.body_html for c in Comment.objects.all()] == ["<p>Lovely fog.</p>"]
    assert work.comment_count == 1


def test_cli_says_a_same_titled_story_was_imported_as_a_new_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "first.txt").write_text(FIRST, encoding="utf-8")
    assert main(["import", str(tmp_path / "first.txt")]) == 0
    first = Work.objects.get()
    (tmp_path / "other.txt").write_text(OTHER, encoding="utf-8")
    capsys.readouterr()

    assert main(["import", str(tmp_path / "other.txt")]) == 0

    err = " ".join(capsys.readouterr().err.split())
    assert (
        f"imported as a new work: a work with the same title and creator exists (#{first.pk})"
        in err
    )
    assert Work.objects.count() == 2


@pytest.fixture
def moderator() -> User:
    return UserFactory(username="mod", is_staff=True)


def upload(client: Client, text: str) -> object:
    return client.post("/works/import/", {"file": SimpleUploadedFile("h.txt", text.encode())})


def test_moderator_upload_of_a_matching_story_is_a_draft_until_they_choose(
    moderator: User,
) -> None:
    url = "https://www.fanfiction.net/s/123/1/Harbour-Song"
    public = work_import(parsed=story(FIRST, url)).work  # type: ignore[arg-type]
    client = Client()
    client.force_login(moderator)
    changed = FIRST.replace("before dawn", "after midnight")

    response = upload(client, changed)

    public.refresh_from_db()
    assert "before dawn" in public.chapters.get(position=1).body_text, "public work untouched"
    draft = Work.objects.exclude(pk=public.pk).get()
    assert draft.visibility == Visibility.DRAFT
    page = client.get(response["Location"]).content.decode()  # type: ignore[index]
    assert f"/works/{public.pk}/" in page
    assert f"/works/{draft.pk}/" in page
    assert "Update the existing work with this file" in page
    assert "Keep as a separate work" in page


def test_moderator_chooses_to_update_the_existing_work(moderator: User, alice: User) -> None:
    public = work_import(parsed=story(FIRST)).work  # type: ignore[arg-type]
    comment_post(chapter=public.chapters.get(position=1), user=alice, text="Lovely fog.")
    client = Client()
    client.force_login(moderator)
    upload(client, FIRST.replace("before dawn", "after midnight"))
    draft = Work.objects.exclude(pk=public.pk).get()

    response = client.post(f"/works/import/{draft.pk}/match/", {"action": "update"})

    assert response["Location"] == public.get_absolute_url()
    assert list(Work.objects.values_list("pk", flat=True)) == [public.pk]
    public.refresh_from_db()
    assert public.visibility == Visibility.PUBLIC
    assert "after midnight" in public.chapters.get(position=1).body_text
    assert public.comment_count == 1
    assert Comment.objects.count() == 1


def test_moderator_keeps_a_same_titled_story_as_a_separate_work(moderator: User) -> None:
    public = work_import(parsed=story(FIRST)).work  # type: ignore[arg-type]
    client = Client()
    client.force_login(moderator)
    upload(client, OTHER)
    draft = Work.objects.exclude(pk=public.pk).get()
    page = client.get(f"/works/import/{draft.pk}/match/").content.decode()
    assert "the same title and creator" in page

    response = client.post(f"/works/import/{draft.pk}/match/", {"action": "separate"})

    assert response["Location"] == draft.get_absolute_url()
    assert Work.objects.count() == 2
    public.refresh_from_db()
    assert "harbour wall" in public.chapters.get(position=1).body_text


def test_only_a_moderator_who_may_edit_the_draft_may_choose(moderator: User, bob: User) -> None:
    public = work_import(parsed=story(FIRST)).work  # type: ignore[arg-type]
    client = Client()
    client.force_login(moderator)
    upload(client, FIRST.replace("before dawn", "after midnight"))
    draft = Work.objects.exclude(pk=public.pk).get()
    url = f"/works/import/{draft.pk}/match/"
    stranger = Client()
    stranger.force_login(bob)
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"action": "update"}).status_code == 404
    anonymous = Client().post(url, {"action": "update"})
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert client.post(url, {"action": "nonsense"}).status_code == 400
    assert Work.objects.count() == 2
    public.refresh_from_db()
    assert "before dawn" in public.chapters.get(position=1).body_text
