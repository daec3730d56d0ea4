"""Issue 16, part 7: AO3 Category, languages by name, `lang` on the story, the beta credited
once, the snippet and bookmark notes inside their cards, readable password rules, the 404."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from lxml import html as lxml_html

from ficarchive.accounts.models import User
from ficarchive.community.services import bookmark_save
from ficarchive.core.languages import language_name
from ficarchive.formats.model import ParsedChapter, ParsedWork
from ficarchive.search.services import search_index_work
from ficarchive.works.models import Category, Creator, Visibility, Work
from ficarchive.works.services import work_import
from tests.factories import ChapterFactory, CreatorFactory, WorkFactory
from tests.works.test_posting import client_for, work_fields

pytestmark = pytest.mark.django_db


def page(response: Any) -> Any:
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


# AO3 Category -----------------------------------------------------------------------------


def test_work_keeps_categories_once_each_in_ao3s_order() -> None:
    work = WorkFactory(categories="other,ff,other,nonsense,mm")
    work.refresh_from_db()
    assert work.categories == "ff,mm,other"
    assert work.category_labels == ["F/F", "M/M", "Other"]


def test_posting_form_takes_several_categories_and_the_edit_form_shows_them(alice: User) -> None:
    client = client_for(alice)
    form = page(client.get("/works/new/"))
    offered = [box.get("value") for box in form.cssselect("input[name=categories]")]
    assert offered == Category.values
    response = client.post("/works/new/", work_fields(categories=["mm", "ff"]))
    assert response.status_code == 302
    work = Work.objects.get(title="The Night Ferry")
    assert work.categories == "ff,mm"
    edit = page(client.get(f"/works/{work.pk}/edit/"))
    checked = [box.get("value") for box in edit.cssselect("input[name=categories][checked]")]
    assert checked == ["ff", "mm"]


def test_categories_show_on_the_blurb_and_the_work_page(alice_creator: Creator) -> None:
    work = WorkFactory(
        title="Two Lamps", categories="fm,multi", creators=[alice_creator],
        visibility=Visibility.PUBLIC,
    )  # fmt: skip
    blurb = page(Client().get("/")).cssselect(".blurb")[0]
    assert "F/M, Multi" in blurb.text_content()
    meta = page(Client().get(work.get_absolute_url())).cssselect("dl.work-meta")[0]
    assert "Category" in meta.text_content()
    assert "F/M, Multi" in meta.text_content()


def test_lists_filter_by_category_and_count_each_one(alice_creator: Creator) -> None:
    for title, categories in (("Both", "ff,mm"), ("Gen one", "gen"), ("Unsaid", "")):
        work = WorkFactory(title=title, categories=categories, visibility=Visibility.PUBLIC)
        search_index_work(work_id=work.pk)
    response = Client().get("/", {"category": ["mm"]})
    assert [w.title for w in response.context["page"].object_list] == ["Both"]
    response = Client().get("/", {"category": ["ff", "gen"]})
    assert sorted(w.title for w in response.context["page"].object_list) == ["Both", "Gen one"]
    counted = {f.label: f.options for f in Client().get("/").context["facets"]}["Category"]
    assert [(o["label"], o["count"]) for o in counted] == [("F/F", 1), ("Gen", 1), ("M/M", 1)]
    searched = Client().get("/search/", {"q": "category:F/F"})
    assert [r["work"].title for r in searched.context["results"]] == ["Both"]


def test_import_maps_the_sources_category_words() -> None:
    parsed = ParsedWork(
        title="Imported", source_format="html", categories=["F/M", "Gen", "Romance"],
        chapters=[ParsedChapter(title=None)],
    )  # fmt: skip
    work = work_import(parsed=parsed).work
    assert work.categories == "fm,gen", "unknown words are left out"


# Languages ----------------------------------------------------------------------------------


def test_language_is_chosen_from_a_list_of_names(alice: User) -> None:
    form = page(client_for(alice).get("/works/new/"))
    options = {
        o.get("value"): o.text_content() for o in form.cssselect("select[name=language] option")
    }
    assert options["en"] == "English"
    assert options["fr"] == "Français"
    assert form.cssselect("select[name=language] option[selected]")[0].get("value") == "en"
    response = client_for(alice).post("/works/new/", work_fields(language="klingon"))
    assert response.status_code == 400, "a code outside the list is refused"
    assert not Work.objects.exists()


def test_editing_an_imported_works_language_outside_the_list_keeps_it(
    alice: User, alice_creator: Creator
) -> None:
    work = WorkFactory(creators=[alice_creator], language="pt-BR")
    edit = page(client_for(alice).get(f"/works/{work.pk}/edit/"))
    chosen = edit.cssselect("select[name=language] option[selected]")[0]
    assert (chosen.get("value"), chosen.text_content()) == ("pt-BR", "Português (pt-BR)")


def test_language_shows_by_name_and_the_story_text_is_marked_with_it() -> None:
    work = WorkFactory(title="La Marée", language="fr", visibility=Visibility.PUBLIC, chapters=0)
    ChapterFactory(work=work, position=1, body_html="<p>La mer montait.</p>")
    reading = page(Client().get(work.get_absolute_url()))
    assert reading.cssselect("[data-chapter-text]")[0].get("lang") == "fr"
    language = reading.xpath("//dt[.='Language']/following-sibling::dd[1]")[0]
    assert (language.text_content(), language.get("lang")) == ("Français", "fr")
    blurb = page(Client().get("/")).xpath(
        "//dl[@class='stats']/dt[.='Language']/following-sibling::dd[1]"
    )[0]
    assert blurb.text_content() == "Français"


def test_language_names_fall_back_to_the_language_then_the_code() -> None:
    assert language_name("en") == "English"
    assert language_name("en-GB") == "English"
    assert language_name("x-elvish") == "x-elvish"


# The beta, credited once ----------------------------------------------------------------------


def test_beta_thanked_in_the_notes_is_not_credited_again() -> None:
    work = WorkFactory(
        visibility=Visibility.PUBLIC, notes_begin="<p>Thanks to slaymesoftly for betaing!</p>"
    )
    work.betas.set([CreatorFactory(name="slaymesoftly"), CreatorFactory(name="Perrin")])
    text = Client().get(work.get_absolute_url()).content.decode()
    assert text.count("slaymesoftly") == 1
    assert "Beta read by Perrin" in text


# Cards: search snippets and bookmarks -------------------------------------------------------


def test_search_snippet_sits_inside_its_result_card() -> None:
    work = WorkFactory(title="Harbour", visibility=Visibility.PUBLIC, chapters=0)
    ChapterFactory(work=work, position=1, body_html="<p>The lighthouse keeper slept.</p>")
    search_index_work(work_id=work.pk)
    results = page(Client().get("/search/", {"q": "lighthouse"}))
    card = results.cssselect("ol.work-list > li")
    assert len(card) == 1, "one card per result, nothing between cards"
    assert card[0].cssselect(".snippet mark")[0].text_content() == "lighthouse"


@pytest.fixture
def bookmarked(bob: User) -> Work:
    work = WorkFactory(title="Kept", visibility=Visibility.PUBLIC)
    bookmark_save(user=bob, work=work, notes="Reread in winter.", is_private=False)
    return work


def test_bookmark_date_and_notes_sit_in_the_card_with_edit_and_remove_for_the_owner(
    bob: User, bookmarked: Work
) -> None:
    url = "/users/bob/bookmarks/"
    cards = page(client_for(bob).get(url)).cssselect("ol.bookmark-list > li")
    assert len(cards) == 1
    card = cards[0]
    assert "Reread in winter." in card.text_content()
    assert card.cssselect("time")[-1].get("datetime")
    assert card.cssselect(f"a[href='{bookmarked.get_absolute_url()}#bookmark']")
    form = card.cssselect(f"form[action='/works/{bookmarked.pk}/bookmark/delete/']")[0]
    assert form.cssselect("input[name=csrfmiddlewaretoken]")
    removed = client_for(bob).post(f"/works/{bookmarked.pk}/bookmark/delete/", {"next": url})
    assert (removed.status_code, removed["Location"]) == (302, url), "back to the list"
    assert "Kept" not in client_for(bob).get(url).content.decode()


@pytest.mark.parametrize("viewer", ["anonymous", "alice"])
def test_others_see_public_bookmarks_without_edit_or_remove(
    viewer: str, alice: User, bookmarked: Work
) -> None:
    client = client_for(alice if viewer == "alice" else None)
    card = page(client.get("/users/bob/bookmarks/")).cssselect("ol.bookmark-list > li")[0]
    assert "Reread in winter." in card.text_content()
    assert not card.cssselect("form"), "no Remove"
    assert "#bookmark" not in lxml_html.tostring(card).decode(), "no Edit"


def test_remove_never_redirects_to_another_members_list(bob: User, bookmarked: Work) -> None:
    removed = client_for(bob).post(
        f"/works/{bookmarked.pk}/bookmark/delete/", {"next": "/users/alice/bookmarks/"}
    )
    assert removed["Location"] == f"{bookmarked.get_absolute_url()}#bookmark"


# Sign-up and the 404 page --------------------------------------------------------------------


def test_password_rules_are_a_list_the_field_is_described_by() -> None:
    text = Client().get("/accounts/signup/").content.decode()
    assert not re.search(r"<p[^>]*>\s*<ul", text), "no list inside a paragraph"
    signup = page(Client().get("/accounts/signup/"))
    field = signup.cssselect("input[name=password1]")[0]
    described = signup.get_element_by_id(field.get("aria-describedby"))
    assert described.tag == "div"
    assert len(described.cssselect("li")) >= 2


def test_404_page_uses_a_curly_apostrophe() -> None:
    text = Client().get("/works/999999/").content.decode()
    assert "couldn’t" in text
    assert "couldn't" not in text


def test_imports_map_a_language_named_in_its_own_words_to_its_code() -> None:
    from ficarchive.formats.fields import language_code

    assert language_code("Italiano") == "it"
    assert language_code("Français") == "fr"
    assert language_code("French") == "fr"


def test_lists_filter_by_a_language_chosen_by_name() -> None:
    WorkFactory(title="La Marée", language="fr", visibility=Visibility.PUBLIC)
    WorkFactory(title="The Tide", language="en", visibility=Visibility.PUBLIC)
    listing = page(Client().get("/"))
    menu = listing.cssselect("select[name=language] option")
    assert (menu[0].get("value"), menu[0].text_content()) == ("", "Any language")
    assert ("fr", "Français") in [(o.get("value"), o.text_content()) for o in menu]
    response = Client().get("/", {"language": "fr"})
    assert [w.title for w in response.context["page"].object_list] == ["La Marée"]


def test_seed_story_credits_its_beta_once(corpus_dir: Any) -> None:
    seed = corpus_dir / "ffn-escape.txt"
    from ficarchive.formats import parse

    work = work_import(parsed=parse(seed.read_bytes(), name=seed.name)).work
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.PUBLIC)
    text = Client().get(work.get_absolute_url()).content.decode()
    assert text.count("slaymesoftly") == 1
