"""Mutes and blocks, enforced by the server: muted works, comments and bookmarks leave the
lists in their own queries (counts and facets agree), and a block refuses comments, replies,
kudos and invitations."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.community.models import Bookmark, Comment
from ficarchive.community.services import CommunityError, comment_post, kudos_leave
from ficarchive.muting.models import Block, TagMute, UserMute
from ficarchive.muting.selectors import blocked_pairs, is_blocked_by, muted_ids
from ficarchive.muting.services import tag_mute, user_block, user_mute, user_unmute
from ficarchive.tags.models import Tag, TagKind
from ficarchive.tags.services import tag_save
from ficarchive.works.models import CoCreatorInvitation, Creator, Series, SeriesPart, Work
from ficarchive.works.posting import PostingRefused, cocreator_invite
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def carol(db: None) -> User:
    """The member who mutes and blocks."""
    return UserFactory(username="carol")


@pytest.fixture
def shelf(alice_creator: Creator, bob: User) -> dict[str, Any]:
    """Two works by Alice, one by Bob, one tagged "Gore" (and one with its synonym "Blood")."""
    fandom = TagFactory(name="Harbour", kind=TagKind.FANDOM)
    gore = TagFactory(name="Gore")
    blood = TagFactory(name="Blood", synonym_of=gore)
    bob_creator = CreatorFactory(name="Bob", user=bob)
    works = {
        "alice 1": WorkFactory(title="Lantern", creators=[alice_creator]),
        "alice 2": WorkFactory(title="Tide", creators=[alice_creator]),
        "bob": WorkFactory(title="Harpoon", creators=[bob_creator]),
        "gore": WorkFactory(title="Abattoir", creators=[CreatorFactory()]),
        "blood": WorkFactory(title="Vein", creators=[CreatorFactory()]),
    }
    for work in works.values():
        work.tags.add(fandom)
    works["gore"].tags.add(gore)
    works["blood"].tags.add(blood)
    call_command("search_rebuild", verbosity=0)  # factories write rows, not the index
    return {
        "works": works,
        "fandom": fandom,
        "gore": gore,
        "blood": blood,
        "bob_creator": bob_creator,
    }


def titles(response: Any) -> set[str]:
    return {work.title for work in response.context["page"].object_list}


def test_muted_user_and_tag_leave_the_front_page_with_counts_right(
    shelf: dict[str, Any], carol: User, bob: User
) -> None:
    client = signed_in(carol)
    assert client.get("/").context["page"].paginator.count == 5
    user_mute(member=carol, muted=bob)
    tag_mute(member=carol, tag=shelf["gore"])
    response = client.get("/")
    assert titles(response) == {"Lantern", "Tide"}
    assert response.context["page"].paginator.count == 2
    facet_counts = {
        option["label"]: option["count"]
        for facet in response.context["facets"] for option in facet.options
    }  # fmt: skip
    assert facet_counts["Harbour"] == 2, "facets count what is listed, not what was hidden"
    assert "Gore" not in facet_counts
    assert "Blood" not in facet_counts


def test_guests_and_other_members_still_see_every_work(
    shelf: dict[str, Any], carol: User, bob: User, alice: User
) -> None:
    user_mute(member=carol, muted=bob)
    assert Client().get("/").context["page"].paginator.count == 5
    assert signed_in(alice).get("/").context["page"].paginator.count == 5


def test_muted_tag_covers_its_synonyms_on_tag_pages_and_fandom_counts(
    shelf: dict[str, Any], carol: User
) -> None:
    client = signed_in(carol)
    tag_mute(member=carol, tag=shelf["blood"])  # the synonym: its canonical "Gore" goes too
    fandom_page = client.get(f"/tags/{shelf['fandom'].pk}/works/")
    assert titles(fandom_page) == {"Lantern", "Tide", "Harpoon"}
    assert fandom_page.context["page"].paginator.count == 3
    gore_page = client.get(f"/tags/{shelf['gore'].pk}/works/")
    assert gore_page.status_code == 200, "a muted tag's page still exists, and says so"
    assert gore_page.context["page"].paginator.count == 0
    assert "You muted this tag" in gore_page.content.decode()
    assert "Unmute this tag" in gore_page.content.decode()
    fandoms = client.get("/fandoms/").context["letters"]
    assert [(tag.name, tag.n) for group in fandoms for tag in group["fandoms"]] == [("Harbour", 3)]
    guest_fandoms = Client().get("/fandoms/").context["letters"]
    assert [tag.n for group in guest_fandoms for tag in group["fandoms"]] == [5]


def test_a_tag_made_a_synonym_of_a_muted_tag_is_muted_too(
    shelf: dict[str, Any], carol: User
) -> None:
    client = signed_in(carol)
    tag_mute(member=carol, tag=shelf["gore"])
    assert client.get("/").context["page"].paginator.count == 3
    harbour_of_gore = TagFactory(name="Viscera")
    shelf["works"]["alice 1"].tags.add(harbour_of_gore)
    assert muted_ids(carol).tag_ids == {shelf["gore"].pk, shelf["blood"].pk}  # cached now
    harbour_of_gore.synonym_of = shelf["gore"]
    tag_save(tag=harbour_of_gore)
    assert harbour_of_gore.pk in muted_ids(carol).tag_ids, "the change event retired the cache"
    assert titles(client.get("/")) == {"Tide", "Harpoon"}


def test_creator_page_of_a_muted_member_says_so_with_an_unmute_button(
    shelf: dict[str, Any], carol: User, bob: User
) -> None:
    url = f"/creators/{shelf['bob_creator'].pk}/"
    before = signed_in(carol).get(url).content.decode()
    assert "Harpoon" in before
    assert "/users/bob/mute/" in before
    user_mute(member=carol, muted=bob)
    after = signed_in(carol).get(url)
    assert after.context["page"].paginator.count == 0
    assert "You muted bob" in after.content.decode()
    assert "/users/bob/unmute/" in after.content.decode()
    guest = Client().get(url).content.decode()
    assert "Harpoon" in guest
    assert "/users/bob/mute/" not in guest
    own = signed_in(bob).get(url).content.decode()
    assert "/users/bob/mute/" not in own, "nobody is offered to mute themself"


def test_profile_of_a_muted_member_hides_their_works(
    shelf: dict[str, Any], carol: User, bob: User
) -> None:
    user_mute(member=carol, muted=bob)
    page = signed_in(carol).get("/users/bob/").content.decode()
    assert "Harpoon" not in page
    assert "You muted bob" in page
    assert "Harpoon" in Client().get("/users/bob/").content.decode()


@pytest.mark.parametrize("query", ["", "opens"])
def test_search_leaves_muted_works_out_of_results_totals_and_facets(
    shelf: dict[str, Any], carol: User, bob: User, query: str
) -> None:
    """Run with FICARCHIVE_SEARCH_BACKEND=tantivy too: the index excludes them itself."""
    user_mute(member=carol, muted=bob)
    tag_mute(member=carol, tag=shelf["gore"])
    url = f"/search/?q={query}&include=Harbour"
    response = signed_in(carol).get(url)
    found = {row["work"].title for row in response.context["results"]}
    assert found == {"Lantern", "Tide"}
    assert response.context["total"] == 2
    facet_counts = {
        option["label"]: option["count"]
        for facet in response.context["facets"] for option in facet.options
    }  # fmt: skip
    assert facet_counts.get("Harbour") == 2
    assert "Gore" not in facet_counts
    guest = Client().get(url)
    assert guest.context["total"] == 5


def test_bookmarks_of_a_muted_member_and_of_muted_works_leave_the_lists(
    shelf: dict[str, Any], carol: User, bob: User, alice: User
) -> None:
    works = shelf["works"]
    for work in works.values():
        Bookmark.objects.create(user=alice, work=work)
    Bookmark.objects.create(user=bob, work=works["alice 1"])
    user_mute(member=carol, muted=bob)
    tag_mute(member=carol, tag=shelf["gore"])
    client = signed_in(carol)
    alices = client.get("/users/alice/bookmarks/")
    assert alices.context["page"].paginator.count == 2
    assert {work.title for _, work in alices.context["rows"]} == {"Lantern", "Tide"}
    bobs = client.get("/users/bob/bookmarks/")
    assert bobs.context["page"].paginator.count == 0
    assert "You muted bob" in bobs.content.decode()
    assert Client().get("/users/bob/bookmarks/").context["page"].paginator.count == 1
    assert Client().get("/users/alice/bookmarks/").context["page"].paginator.count == 5


def test_a_muted_members_comments_are_not_sent_to_the_page(
    shelf: dict[str, Any], carol: User, bob: User, alice: User
) -> None:
    work = shelf["works"]["alice 1"]
    chapter = work.chapters.get()
    alone = comment_post(chapter=chapter, user=bob, text="Bob says hello.")
    answered = comment_post(chapter=chapter, user=bob, text="Bob asks a question.")
    comment_post(chapter=chapter, user=alice, text="Alice answers.", parent=answered)
    comment_post(chapter=chapter, user=alice, text="Alice thanks everyone.")
    user_mute(member=carol, muted=bob)
    page = signed_in(carol).get(work.get_absolute_url()).content.decode()
    assert "Bob says hello." not in page
    assert "Bob asks a question." not in page
    assert f'id="comment-{alone.pk}"' not in page
    assert "A comment from a member you muted" in page, "the reply keeps its place"
    assert "Alice answers." in page
    assert "Alice thanks everyone." in page
    assert "Bob says hello." in Client().get(work.get_absolute_url()).content.decode()
    user_unmute(member=carol, muted=bob)
    assert "Bob says hello." in signed_in(carol).get(work.get_absolute_url()).content.decode()


def test_comments_offer_mute_and_block_to_members_only(
    shelf: dict[str, Any], carol: User, bob: User
) -> None:
    work = shelf["works"]["alice 1"]
    comment_post(chapter=work.chapters.get(), user=bob, text="Hello.")
    assert "/users/bob/block/" in signed_in(carol).get(work.get_absolute_url()).content.decode()
    assert "/users/bob/block/" not in Client().get(work.get_absolute_url()).content.decode()
    assert "/users/bob/block/" not in signed_in(bob).get(work.get_absolute_url()).content.decode()


# Blocks -----------------------------------------------------------------------------------


def test_a_blocked_member_cannot_comment_on_the_blockers_work(
    shelf: dict[str, Any], alice: User, bob: User
) -> None:
    user_block(member=alice, blocked=bob)
    work = shelf["works"]["alice 1"]
    response = signed_in(bob).post(
        f"/works/{work.pk}/chapters/1/comments/", {"text": "Let me in."}, follow=True
    )
    assert response.status_code == 200
    assert "The creator of this work has blocked you." in response.content.decode()
    assert not Comment.objects.exists()
    # Others' works stay open to them.
    comment_post(chapter=shelf["works"]["gore"].chapters.get(), user=bob, text="Fine.")


def test_a_blocked_member_cannot_reply_to_the_blockers_comment(
    shelf: dict[str, Any], carol: User, bob: User
) -> None:
    chapter = shelf["works"]["gore"].chapters.get()
    top = comment_post(chapter=chapter, user=carol, text="Mine.")
    user_block(member=carol, blocked=bob)
    with pytest.raises(CommunityError, match="The writer of that comment has blocked you"):
        comment_post(chapter=chapter, user=bob, text="Reply.", parent=top)
    comment_post(chapter=chapter, user=bob, text="A comment of my own is fine.")


def test_a_blocked_member_cannot_leave_kudos_on_the_blockers_work(
    shelf: dict[str, Any], alice: User, bob: User
) -> None:
    user_block(member=alice, blocked=bob)
    work = shelf["works"]["alice 1"]
    response = signed_in(bob).post(f"/works/{work.pk}/kudos/", follow=True)
    assert response.status_code == 200
    assert "The creator of this work has blocked you." in response.content.decode()
    assert Work.objects.get(pk=work.pk).kudos_count == 0
    # A block works one way: Alice may still leave kudos on Bob's work.
    kudos_leave(work=shelf["works"]["bob"], user=alice, address="203.0.113.1")


def test_a_blocked_member_cannot_invite_the_blocker_to_co_create(
    shelf: dict[str, Any], alice: User, bob: User
) -> None:
    user_block(member=alice, blocked=bob)
    with pytest.raises(PostingRefused, match="alice has blocked you"):
        cocreator_invite(work=shelf["works"]["bob"], invited_by=bob, username="alice")
    assert not CoCreatorInvitation.objects.exists()


def test_blocked_pairs_and_is_blocked_by_for_other_apps(
    alice: User, bob: User, carol: User
) -> None:
    user_block(member=alice, blocked=bob)
    assert is_blocked_by(actor_id=bob.pk, by_ids=[alice.pk, carol.pk])
    assert not is_blocked_by(actor_id=alice.pk, by_ids=[bob.pk])
    assert blocked_pairs(actor_ids=[bob.pk, carol.pk], by_ids=[alice.pk]) == {(alice.pk, bob.pk)}


# The pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["muted", "blocked"])
def test_the_lists_are_the_members_own(page: str, carol: User, bob: User) -> None:
    user_mute(member=carol, muted=bob)
    user_block(member=carol, blocked=bob)
    url = f"/users/carol/{page}/"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert signed_in(bob).get(url).status_code == 404
    own = signed_in(carol).get(url)
    assert own.status_code == 200
    assert "bob" in own.content.decode()


def test_muting_through_the_confirmation_page_without_javascript(
    shelf: dict[str, Any], carol: User, bob: User
) -> None:
    client = signed_in(carol)
    confirm = client.get("/users/bob/mute/?next=/creators/1/")
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert 'method="post"' in body
    assert "csrfmiddlewaretoken" in body
    assert 'value="/creators/1/"' in body
    done = client.post("/users/bob/mute/", {"next": "/users/bob/"})
    assert done.status_code == 302
    assert done["Location"] == "/users/bob/"
    assert UserMute.objects.filter(member=carol, muted=bob).exists()
    away = client.post("/users/bob/unmute/", {"next": "https://evil.example/"})
    assert away["Location"] == "/users/carol/muted/", "never another site's address"
    assert not UserMute.objects.exists()
    assert Client().post("/users/bob/mute/").status_code == 302  # to the login page
    assert not UserMute.objects.exists()


def test_nobody_mutes_or_blocks_themself(carol: User) -> None:
    assert signed_in(carol).get("/users/carol/mute/").status_code == 404
    assert signed_in(carol).post("/users/carol/block/").status_code == 404
    assert not Block.objects.exists()


def test_blocking_and_muting_a_tag_from_their_pages(
    shelf: dict[str, Any], carol: User, bob: User
) -> None:
    client = signed_in(carol)
    assert client.get("/users/bob/block/").status_code == 200
    client.post("/users/bob/block/")
    assert Block.objects.filter(member=carol, blocked=bob).exists()
    assert "Unblock bob" in client.get("/users/bob/").content.decode()
    tag = shelf["gore"]
    assert client.get(f"/tags/{tag.pk}/mute/").status_code == 200
    client.post(f"/tags/{tag.pk}/mute/")
    assert TagMute.objects.filter(member=carol, tag=tag).exists()
    client.post(f"/tags/{shelf['blood'].pk}/unmute/")  # the synonym unmutes the family
    assert not TagMute.objects.exists()


def test_a_drafts_tag_cannot_be_named_through_the_mute_page(carol: User) -> None:
    draft = WorkFactory(visibility="draft")
    secret = TagFactory(name="Spoiler name")
    draft.tags.add(secret)
    assert signed_in(carol).get(f"/tags/{secret.pk}/mute/").status_code == 404
    assert Tag.objects.filter(pk=secret.pk).exists()


def test_series_leave_muted_parts_out_and_still_exist(
    shelf: dict[str, Any], carol: User, bob: User
) -> None:
    series = Series.objects.create(title="Harbour Saga")
    SeriesPart.objects.create(series=series, work=shelf["works"]["bob"], position=1)
    url = f"/series/{series.pk}/"
    assert "Harpoon" in signed_in(carol).get(url).content.decode()
    user_mute(member=carol, muted=bob)
    page = signed_in(carol).get(url)
    assert page.status_code == 200
    assert "Harpoon" not in page.content.decode()
    assert "Every part of this series is one you muted." in page.content.decode()
    assert "Harpoon" in Client().get(url).content.decode()
