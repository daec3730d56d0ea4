"""Tag wrangling from the tag's page: synonyms, merges, canonical again, fandoms of characters
and relationships; works, filters and search follow, and the audit log records each."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.moderation.models import AuditEntry
from ficarchive.search.services import search_index_work
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Creator, Work
from tests.factories import TagFactory, WorkFactory
from tests.moderation.conftest import client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(alice_creator: Creator) -> dict[str, object]:
    short = TagFactory(name="Buffy S.", kind=TagKind.CHARACTER)
    full = TagFactory(name="Buffy Summers", kind=TagKind.CHARACTER)
    fandom = TagFactory(name="Buffy the Vampire Slayer", kind=TagKind.FANDOM)
    first = WorkFactory(title="Stake Out", creators=[alice_creator])
    second = WorkFactory(title="Sunnydale Nights", creators=[alice_creator])
    first.tags.add(short, fandom)
    second.tags.add(full, fandom)
    for work in (first, second):
        search_index_work(work_id=work.pk)
    return {"short": short, "full": full, "fandom": fandom, "first": first, "second": second}


def wrangle(moderator: User, tag: Tag, **data: str) -> Client:
    client = client_of(moderator)
    response = client.post(f"/moderation/tag/{tag.pk}/wrangle/", {"reason": "Wrangling.", **data})
    assert response.status_code == 302, response.content.decode()[-3000:]
    return client


def titles(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_a_synonym_finds_the_canonical_tags_works_in_lists_filters_and_search(
    tagged: dict[str, Tag], moderator: User
) -> None:
    short, full = tagged["short"], tagged["full"]
    page = client_of(moderator).get(f"/tags/{short.pk}/works/").content.decode()
    assert f'href="/moderation/tag/{short.pk}/"' in page, "wrangled from the tag's page"
    wrangle(moderator, short, action="synonym", other="buffy summers")
    short.refresh_from_db()
    assert short.synonym_of == full
    guest = Client()
    for tag in (short, full):
        listing = guest.get(f"/tags/{tag.pk}/works/").content.decode()
        assert "Stake Out" in listing
        assert "Sunnydale Nights" in listing
    search = guest.get("/search/", {"q": 'character:"Buffy Summers"'}).content.decode()
    assert "Stake Out" in search
    assert "Sunnydale Nights" in search
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_kind, entry.target_id) == ("synonym", "tag", short.pk)
    assert "→ “Buffy Summers”" in entry.reason


def test_a_merge_moves_the_works_and_keeps_the_name_as_a_synonym(
    tagged: dict[str, object], moderator: User
) -> None:
    short, full, first = tagged["short"], tagged["full"], tagged["first"]
    assert isinstance(short, Tag)
    assert isinstance(full, Tag)
    assert isinstance(first, Work)
    wrangle(moderator, short, action="merge", other="Buffy Summers")
    assert list(first.tags.filter(kind=TagKind.CHARACTER)) == [full]
    short.refresh_from_db()
    assert short.synonym_of == full
    assert "Stake Out" in Client().get(f"/tags/{full.pk}/works/").content.decode()


def test_a_synonym_made_canonical_again_stands_alone(
    tagged: dict[str, Tag], moderator: User
) -> None:
    short = tagged["short"]
    wrangle(moderator, short, action="synonym", other="Buffy Summers")
    wrangle(moderator, short, action="canonical")
    short.refresh_from_db()
    assert short.synonym_of is None
    listing = Client().get(f"/tags/{short.pk}/works/").content.decode()
    assert "Stake Out" in listing
    assert "Sunnydale Nights" not in listing


def test_a_character_is_given_its_fandom(tagged: dict[str, Tag], moderator: User) -> None:
    full = tagged["full"]
    wrangle(moderator, full, action="fandoms", fandoms="Buffy the Vampire Slayer, Angel")
    assert sorted(full.fandoms.values_list("name", flat=True)) == [
        "Angel", "Buffy the Vampire Slayer",
    ]  # fmt: skip
    page = Client().get(f"/tags/{full.pk}/works/").content.decode()
    assert "Buffy the Vampire Slayer" in page
    assert AuditEntry.objects.get().reason.endswith(": Buffy the Vampire Slayer, Angel")


def test_wrangling_that_makes_no_sense_changes_nothing(
    tagged: dict[str, Tag], moderator: User, bob: User
) -> None:
    short, fandom = tagged["short"], tagged["fandom"]
    client = client_of(moderator)
    cases = [
        (short, {"action": "synonym", "other": "Buffy the Vampire Slayer"}),  # another kind
        (short, {"action": "synonym", "other": "Buffy S."}),  # itself
        (short, {"action": "merge", "other": "Nobody At All"}),
        (short, {"action": "canonical"}),  # it is already
        (fandom, {"action": "fandoms", "fandoms": "Angel"}),  # a fandom has no fandom
        (short, {"action": "synonym", "other": "Buffy Summers", "reason": ""}),
    ]
    for tag, data in cases:
        response = client.post(f"/moderation/tag/{tag.pk}/wrangle/", {"reason": "x", **data})
        assert response.status_code == 400, data
    assert (
        client_of(bob)
        .post(f"/moderation/tag/{short.pk}/wrangle/", {"action": "canonical", "reason": "x"})
        .status_code
        == 404
    )
    short.refresh_from_db()
    assert short.synonym_of is None
    assert not AuditEntry.objects.exists()
    assert client_of(bob).get(f"/report/tag/{short.pk}/").status_code == 404
