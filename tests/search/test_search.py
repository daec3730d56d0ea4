"""Search on the real database (SQLite FTS5 or PostgreSQL) and, with
FICARCHIVE_SEARCH_BACKEND=tantivy (`make test` runs this folder again so), on Tantivy:
the same tests pass on all three."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.search.services import search_index_work
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Creator, Rating, Visibility, Work
from ficarchive.works.posting import ChapterData, chapter_update
from ficarchive.works.services import work_delete
from tests.factories import ChapterFactory, WorkFactory

pytestmark = pytest.mark.django_db


def make_work(title: str, text: str, **kwargs: object) -> Work:
    work = WorkFactory(title=title, chapters=0, **kwargs)
    ChapterFactory(work=work, position=1, title="Arrival", body_html=f"<p>{text}</p>")
    work.refresh_word_count()
    search_index_work(work_id=work.pk)
    return work


def found(query: str, user: User | None = None, **params: str) -> list[str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [r["work"].title for r in response.context["results"]]


@pytest.fixture
def library(alice_creator: Creator) -> dict[str, Work]:
    return {
        "station": make_work("Last Tram", "The rain stopped at the bus station and she waited."),
        "storm": make_work("Storm Wall", "A storm broke over the bus depot; the station flooded."),
        "lamp": make_work("Lamplighter", "She lit every lighthouse lamp on the coast.",
                          rating=Rating.MATURE),
        "draft": make_work("Secret Draft", "The rain stopped at the bus station, secretly.",
                           visibility=Visibility.DRAFT, creators=[alice_creator]),
    }  # fmt: skip


def test_words_inside_chapters_are_found(library: dict[str, Work]) -> None:
    assert found("rain station") == ["Last Tram"]
    assert set(found("station")) == {"Last Tram", "Storm Wall"}


def test_phrase_exclusion_and_or(library: dict[str, Work]) -> None:
    assert found('"bus station"') == ["Last Tram"]
    assert found("station -storm") == ["Last Tram"]
    assert set(found("lighthouse OR depot")) == {"Lamplighter", "Storm Wall"}


def test_stemming_finds_other_forms(library: dict[str, Work]) -> None:
    assert found("lighthouses") == ["Lamplighter"]


def test_snippet_shows_the_passage_and_links_to_the_chapter(library: dict[str, Work]) -> None:
    response = Client().get("/search/", {"q": '"bus station"'})
    [result] = response.context["results"]
    assert "<mark>" in result["snippet"].html
    page = response.content.decode()
    link = f"/works/{library['station'].pk}/chapters/1/?highlight=bus%20station#match"
    assert link in page
    chapter = Client().get(link.split("#")[0]).content.decode()
    assert '<mark id="match">bus</mark>' in chapter


def test_drafts_never_appear_for_others_nor_in_counts(
    library: dict[str, Work], alice: User, bob: User
) -> None:
    assert "Secret Draft" not in found("secretly")
    assert "Secret Draft" not in found("secretly", bob)
    response = Client().get("/search/", {"q": "rain"})
    assert response.context["total"] == 1
    assert "Secret Draft" in found("secretly", alice)


def test_registered_only_work_needs_an_account(alice_creator: Creator, bob: User) -> None:
    make_work("Members", "Only for members: quicksilver.", visibility=Visibility.REGISTERED)
    assert found("quicksilver") == []
    assert found("quicksilver", bob) == ["Members"]


def test_edited_chapter_is_found_by_its_new_text_only(library: dict[str, Work]) -> None:
    chapter = library["lamp"].chapters.get()
    chapter_update(chapter=chapter, data=ChapterData(text="<p>Now about a windmill.</p>"))
    assert found("windmill") == ["Lamplighter"]
    assert found("lighthouse") == []


def test_deleted_work_leaves_the_index(library: dict[str, Work]) -> None:
    work_delete(work=library["storm"])
    assert found("depot") == []


def test_unposted_chapter_text_is_not_searchable(library: dict[str, Work], bob: User) -> None:
    ChapterFactory(
        work=library["station"], position=2, body_html="<p>xylophone</p>", is_posted=False
    )
    search_index_work(work_id=library["station"].pk)
    assert found("xylophone", bob) == []


def test_field_filters_work_with_text(alice_creator: Creator, library: dict[str, Work]) -> None:
    library["station"].tags.add(Tag.objects.create(kind=TagKind.FANDOM, name="Harbour Lights"))
    synonym_target = Tag.objects.create(kind=TagKind.CHARACTER, name="Buffy Summers")
    Tag.objects.create(kind=TagKind.CHARACTER, name="Buffy S.", synonym_of=synonym_target)
    library["storm"].tags.add(synonym_target)
    assert found("station fandom:harbour") == ["Last Tram"]
    assert found('character:"Buffy"') == ["Storm Wall"]
    assert found("title:tram") == ["Last Tram"]
    assert found("rating:mature") == ["Lamplighter"]
    creator = library["lamp"].ordered_creators[0].name
    assert found(f"creator:{creator}") == ["Lamplighter"]


def test_words_and_date_filters(library: dict[str, Work]) -> None:
    Work.objects.filter(pk=library["storm"].pk).update(
        published=dt.date(2001, 1, 1), updated=dt.date(2001, 1, 1)
    )
    assert "Storm Wall" not in found("station updated<2w")
    assert found("station words>5000") == []


@pytest.mark.parametrize(
    "bad",
    ['"unbalanced', "colour:blue", "(" * 3000, "the and of", "AND OR NOT", "*", "^", "-", '""',
     "NEAR(a b)", "title:", "words>abc", "updated<soon", "\x00\x01", "💥" * 500],
)  # fmt: skip
def test_bad_queries_get_a_page_not_an_error(library: dict[str, Work], bad: str) -> None:
    response = Client().get("/search/", {"q": bad})
    assert response.status_code == 200


def test_sorts_and_facets(library: dict[str, Work]) -> None:
    response = Client().get("/search/", {"q": "station", "sort": "title"})
    assert [r["work"].title for r in response.context["results"]] == ["Last Tram", "Storm Wall"]
    facets = {facet.label: facet.options for facet in response.context["facets"]}
    assert facets["Rating"] == [
        {"value": "teen", "label": "Teen And Up Audiences", "count": 2,
         "href": "?q=station&sort=title&rating=teen"},
    ]  # fmt: skip


def test_best_match_puts_the_phrase_first(alice_creator: Creator) -> None:
    make_work("Passing", "station " + "filler words here " * 200)
    make_work("Dense", "station station station station, the station again.")
    assert found("station")[0] == "Dense"


def test_help_page() -> None:
    page = Client().get("/search/help/").content.decode()
    assert "words&gt;5000" in page
    assert "&quot;the rain stopped&quot;" in page or '"the rain stopped"' in page


def test_rebuild_indexes_everything_again(library: dict[str, Work]) -> None:
    from ficarchive.search.backends import backend
    from ficarchive.search.services import search_index_is_empty, search_rebuild

    backend().clear()
    assert search_index_is_empty()
    assert found("lighthouse") == []
    assert search_rebuild(batch_size=2) == 4
    assert found("lighthouse") == ["Lamplighter"]
    assert found('"bus station"') == ["Last Tram"]


def test_an_imported_story_is_findable_at_once() -> None:
    from ficarchive.formats import parse
    from ficarchive.works.services import work_import

    story = (
        b"Quiet Harbour by Wren Ashby\n\nThe gulls were quarrelling over a herring.\n\n"
        b"The end came."
    )
    work_import(parsed=parse(story, name="harbour.txt"))
    assert found("herring") == ["Quiet Harbour"]
    updated = story.replace(b"herring", b"mackerel")
    work_import(parsed=parse(updated, name="harbour.txt"))
    assert Work.objects.count() == 1, "the changed story updates the work it was"
    assert found("mackerel") == ["Quiet Harbour"]
    assert found("herring") == [], "the old text left the index"


def test_counts_are_exact_below_the_cap_and_capped_above(
    library: dict[str, Work], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ficarchive.search import views
    from ficarchive.works import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    monkeypatch.setattr(views, "COUNT_CAP", 1)
    page = Client().get("/search/", {"q": "station"}).content.decode()
    assert "More than 1 works found" in page
    assert "Last Tram" in page, "the results themselves are not capped"


def test_snippets_escape_the_text_they_quote(alice_creator: Creator) -> None:
    make_work("Markup", "She typed &lt;script&gt;alert(1)&lt;/script&gt; into the kettle form.")
    response = Client().get("/search/", {"q": "kettle"})
    [result] = response.context["results"]
    # Escaped, or (PostgreSQL's ts_headline reads it as a tag) left out; never markup.
    assert "alert(1)" in result["snippet"].html
    assert "<script" not in result["snippet"].html
    assert "<script>" not in response.content.decode()
    assert "<mark>kettle</mark>" in result["snippet"].html


def test_filters_and_field_filters_narrow_the_text_matches(
    alice_creator: Creator, library: dict[str, Work]
) -> None:
    fandom = Tag.objects.create(kind=TagKind.FANDOM, name="Harbour Lights")
    library["storm"].tags.add(fandom)
    search_index_work(work_id=library["storm"].pk)
    assert found("station", include="Harbour Lights") == ["Storm Wall"]
    assert found("station", exclude="Harbour Lights") == ["Last Tram"]
    assert found('station fandom:"harbour"') == ["Storm Wall"]
    assert found("station", rating="mature") == []
    assert found("lamp", rating="mature") == ["Lamplighter"]
    unfinished = make_work("Unfinished", "A station, no last chapter.", expected_chapters=None)
    assert found("station", complete="no") == ["Unfinished"]
    assert set(found("station", complete="yes")) == {"Last Tram", "Storm Wall"}
    assert found("station complete:no") == ["Unfinished"]
    words = str(unfinished.word_count)
    assert found("station", words_from=words, words_to=words) == ["Unfinished"]


def test_moderators_changes_in_the_admin_reach_the_index(library: dict[str, Work]) -> None:
    moderator = User.objects.create_superuser("mod", "mod@example.org", "pw-long-enough-1")
    client = Client()
    client.force_login(moderator)
    assert found("depot") == ["Storm Wall"]
    response = client.post(
        "/admin/works/work/",
        {"action": "delete_selected", "_selected_action": [library["storm"].pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert found("depot") == []
    assert Client().get("/search/", {"q": "depot"}).context["total"] == 0, "nor in the count"


def test_an_approved_claim_lets_the_member_find_their_drafts(bob: User) -> None:
    from ficarchive.accounts.models import CreatorClaim
    from ficarchive.accounts.services import creator_claim_decide
    from tests.factories import CreatorFactory

    imported = CreatorFactory(name="OldPenName")
    make_work("Old Draft", "A cormorant on the pier.", visibility=Visibility.DRAFT,
              creators=[imported])  # fmt: skip
    assert found("cormorant", bob) == []
    claim = CreatorClaim.objects.create(user=bob, creator=imported)
    creator_claim_decide(claim=claim, approve=True)
    assert found("cormorant", bob) == ["Old Draft"]


def test_kudos_and_the_other_counts_sort_and_filter_searches(
    library: dict[str, Work], bob: User
) -> None:
    from ficarchive.community.services import bookmark_save, kudos_leave

    kudos_leave(work=library["storm"], user=bob, address="")
    bookmark_save(user=bob, work=library["storm"], notes="", is_private=False)
    assert found("station", sort="kudos") == ["Storm Wall", "Last Tram"]
    assert found("station", sort="bookmarks") == ["Storm Wall", "Last Tram"]
    assert found("station kudos>0") == ["Storm Wall"]
    assert found("station kudos:0-0") == ["Last Tram"]
    assert found("station bookmarks>=1 comments<1") == ["Storm Wall"]
