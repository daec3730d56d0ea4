"""Tag and creator names compare the same way on SQLite and PostgreSQL, in every script.

SQLite's LOWER() folds only ASCII: a name with an uppercase non-ASCII letter could be
stored once and then every later post or import naming it was a 500.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.cli import main
from ficarchive.formats.model import Block, ParsedChapter, ParsedWork
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Creator, Work
from ficarchive.works.services import work_import
from tests.factories import TagFactory, WorkFactory

pytestmark = pytest.mark.django_db

# (as first written, as written later): each pair must be one tag.
SPELLINGS = [
    ("Ōkami", "Ōkami"),
    ("Ōkami", "ōKAMI"),
    ("Élite Dangerous", "ÉLITE  dangerous"),
    ("Гарри Поттер", "гарри ПОТТЕР"),
    ("ΟΔΥΣΣΕΥΣ", "Οδυσσευς"),  # the final sigma folds like any sigma
    ("Straße", "STRASSE"),
    ("İstanbul", "İSTANBUL"),
    ("Ｆａｔｅ／ｚｅｒｏ", "Fate/Zero"),  # fullwidth letters
]


def post_fields(fandom: str, title: str) -> dict[str, Any]:
    return {
        "title": title, "fandoms": fandom, "rating": "teen",
        "warnings": ["No Archive Warnings Apply"], "characters": fandom,
        "language": "en", "text_format": "html", "text": "<p>Words.</p>",
        "visibility": "public", "action": "post", "betas": fandom,
    }  # fmt: skip


def parsed(title: str, name: str) -> ParsedWork:
    return ParsedWork(
        title=title,
        source_format="txt",
        creators=[name],
        fandoms=[name],
        tags=[name],
        betas=[name],
        chapters=[ParsedChapter(blocks=[Block.paragraph(f"The story of {title}.")])],
    )


@pytest.mark.parametrize(("first", "later"), SPELLINGS)
def test_a_non_ascii_tag_posted_twice_is_one_tag(first: str, later: str, alice: User) -> None:
    client = Client()
    client.force_login(alice)
    for title, name in (("One", first), ("Two", later), ("Three", first)):
        response = client.post("/works/new/", post_fields(name, title))
        assert response.status_code == 302, f"posting {name!r} failed"
    assert Tag.objects.filter(kind=TagKind.FANDOM).count() == 1
    assert Tag.objects.filter(kind=TagKind.CHARACTER).count() == 1
    assert Tag.objects.get(kind=TagKind.FANDOM).name == first, "the first spelling is kept"
    assert Creator.objects.filter(user__isnull=True).count() == 1, "one beta name"


@pytest.mark.parametrize(("first", "later"), SPELLINGS)
def test_a_non_ascii_tag_imported_twice_is_one_tag(first: str, later: str) -> None:
    work_import(parsed=parsed("One", first))
    work_import(parsed=parsed("Two", later))
    work_import(parsed=parsed("Three", first))
    assert Work.objects.count() == 3
    assert Tag.objects.filter(kind=TagKind.FANDOM).count() == 1
    assert Tag.objects.filter(kind=TagKind.FREEFORM).count() == 1
    assert Creator.objects.count() == 1, "the imported author and beta name is one creator"


def test_reimporting_a_story_by_a_non_ascii_author_updates_it() -> None:
    first = work_import(parsed=parsed("Lune", "Ōkami"))
    changed = parsed("Lune", "ŌKAMI")
    changed.chapters[0].blocks.append(Block.paragraph("A new ending."))
    again = work_import(parsed=changed)
    assert again.work.pk == first.work.pk
    assert Work.objects.count() == 1


@pytest.mark.parametrize(("first", "later"), SPELLINGS)
def test_include_and_exclude_filters_match_any_casing(first: str, later: str) -> None:
    tagged = WorkFactory(title="Tagged")
    tagged.tags.add(TagFactory(name=first, kind=TagKind.FANDOM))
    WorkFactory(title="Elsewhere")
    included = Client().get("/", {"include": later}).content.decode()
    assert "Tagged" in included
    assert "Elsewhere" not in included
    excluded = Client().get("/", {"exclude": later}).content.decode()
    assert "Tagged" not in excluded
    assert "Elsewhere" in excluded


@pytest.mark.parametrize(("first", "later"), SPELLINGS)
def test_search_tag_fields_match_any_casing(first: str, later: str) -> None:
    work_import(parsed=parsed("Tagged", first))
    work_import(parsed=parsed("Elsewhere", "Someone Else"))
    for field in ("fandom", "tag", "creator"):
        page = Client().get("/search/", {"q": f'{field}:"{later}"'}).content.decode()
        assert "Tagged" in page, field
        assert "Elsewhere" not in page, field


def test_cli_import_of_two_files_naming_one_non_ascii_tag_succeeds(tmp_path: Path) -> None:
    for title, fandom in (("Moon Road", "Ōkami"), ("Sun Road", "ŌKAMI")):
        story = f"Title: {title}\nAuthor: Amaterasu\nFandom: {fandom}\n\nThe wolf ran on.\n"
        (tmp_path / f"{title}.txt").write_text(story, encoding="utf-8")
    assert main(["import", str(tmp_path)]) == 0
    assert Work.objects.count() == 2
    assert Tag.objects.filter(kind=TagKind.FANDOM).count() == 1
