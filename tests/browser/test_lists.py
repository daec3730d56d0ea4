"""Lists on every screen (issue 16, part 5): on a phone the results come first and the filters
open from one "Sort and filter" control; on a desktop they sit beside the results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ficarchive.search.services import search_index_work
from ficarchive.works.models import Rating, Visibility, Work
from tests.browser.conftest import settle, signed_in_context
from tests.browser.test_reader import audit_contrast
from tests.factories import ChapterFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SUMMARY = (
    "<p>The tide came in over the causeway while the lighthouse keeper slept, and by morning "
    "the island had become two islands, each with half a village and a grudge.</p>"
)


@pytest.fixture
def library() -> list[Work]:
    works = []
    for n, (rating, categories) in enumerate(
        [(Rating.TEEN, "ff"), (Rating.GENERAL, "gen"), (Rating.MATURE, "fm,mm")] * 3
    ):
        work = WorkFactory(
            title=f"Harbour Lamp {n}", rating=rating, categories=categories, chapters=0,
            summary=SUMMARY, visibility=Visibility.PUBLIC, language="fr" if n == 1 else "en",
        )  # fmt: skip
        ChapterFactory(work=work, position=1, body_html="<p>The lighthouse lamp burned.</p>")
        work.refresh_word_count()
        search_index_work(work_id=work.pk)
        works.append(work)
    return works


def box(page: Page, selector: str) -> dict[str, float]:
    found: dict[str, float] = page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"
    )
    return found


@pytest.mark.parametrize("url", ["/", "/search/?q=lighthouse"])
def test_on_a_phone_the_first_result_is_on_the_first_screen(
    browser: Browser, live_server: Any, library: list[Work], artifacts: Path, url: str
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{url}")
    first = box(page, ".work-list > .blurb")
    assert first["top"] < PHONE["height"] - 100, f"first result at {first['top']}px"
    assert not page.locator("select[name=sort]").is_visible(), "filters folded"
    toggle = page.get_by_text("Sort and filter", exact=True).first
    assert (
        box(page, ".filters-panel__toggle")["bottom"] - box(page, ".filters-panel__toggle")["top"]
        >= 44
    ), "a 44 px touch target"
    name = "home" if url == "/" else "search"
    page.screenshot(path=str(artifacts / f"lists-{name}-phone.png"))
    toggle.click()
    assert page.locator("select[name=sort]").is_visible(), "the control opens the filters"
    assert box(page, ".filters")["top"] < box(page, ".work-list > .blurb")["top"]
    page.screenshot(path=str(artifacts / f"lists-{name}-phone-filters.png"))
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    settle(context)
    context.close()


@pytest.mark.parametrize("url", ["/", "/search/?q=lighthouse"])
def test_on_a_desktop_the_filters_sit_beside_the_results(
    browser: Browser, live_server: Any, library: list[Work], artifacts: Path, url: str
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}{url}")
    filters, results = box(page, ".filters"), box(page, ".listing__results")
    assert filters["right"] <= results["left"], "a sidebar"
    assert abs(filters["top"] - results["top"]) < 60, "side by side, results not pushed down"
    assert box(page, ".work-list > .blurb")["top"] < filters["bottom"]
    assert not page.locator(".filters-panel__toggle").is_visible(), "no toggle needed"
    assert page.locator("details.filters-panel").evaluate("d => d.open"), "state as shown"
    page.locator("select[name=sort]").focus()
    assert page.evaluate("document.activeElement.name") == "sort"
    page.screenshot(path=str(artifacts / f"lists-{'home' if url == '/' else 'search'}-desktop.png"))
    page.get_by_label("General Audiences").check()
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url("**rating=general**")
    assert page.locator(".work-list > .blurb").count() == 3
    settle(context)
    context.close()


def test_phone_filters_open_and_filter_without_javascript(
    browser: Browser, live_server: Any, library: list[Work]
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.locator(".filters-panel__toggle").focus()
    page.keyboard.press("Enter")
    assert page.locator("select[name=sort]").is_visible()
    page.locator("input[name=category][value=mm]").check()
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url("**category=mm**")
    titles = page.locator(".blurb__title").all_inner_texts()
    assert sorted(titles) == ["Harbour Lamp 2", "Harbour Lamp 5", "Harbour Lamp 8"]
    settle(context)
    context.close()


@pytest.mark.parametrize("skin", ["light", "dark"])
def test_lists_meet_contrast_with_the_filters_open(
    browser: Browser, live_server: Any, library: list[Work], skin: str, artifacts: Path
) -> None:
    reader = UserFactory(username="reader")
    from ficarchive.community.services import bookmark_save

    bookmark_save(user=reader, work=library[0], notes="Again in winter.", is_private=False)
    context = signed_in_context(browser, live_server.url, reader)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    for url in ("/", "/search/?q=lighthouse", "/users/reader/bookmarks/"):
        page.goto(f"{live_server.url}{url}")
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        toggle = page.locator(".filters-panel__toggle")
        if toggle.count():
            toggle.click()
        report = audit_contrast(page)
        assert report["failures"] == [], f"{skin} {url}: lowest {report['lowest']:.2f}"
    page.screenshot(path=str(artifacts / f"lists-bookmarks-phone-{skin}.png"), full_page=True)
    settle(context)
    context.close()


def test_author_picks_categories_and_a_language_by_name(
    browser: Browser, live_server: Any, artifacts: Path
) -> None:
    author = UserFactory(username="writer")
    context = signed_in_context(browser, live_server.url, author)
    page = context.new_page()
    page.goto(f"{live_server.url}/works/new/")
    page.fill("input[name=title]", "La Marée")
    page.fill("input[name=fandoms]", "Original Work")
    page.get_by_label("F/F").check()
    page.get_by_label("Multi").check()
    page.select_option("select[name=language]", label="Français")
    page.fill("textarea[name=text]", "<p>La mer montait sur la digue.</p>")
    page.locator(".form-section").first.screenshot(path=str(artifacts / "posting-category.png"))
    page.get_by_role("button", name="Post", exact=True).click()
    page.wait_for_selector("[data-chapter-text]")
    assert page.locator("[data-chapter-text]").get_attribute("lang") == "fr"
    meta = page.locator("dl.work-meta").inner_text()
    assert "F/F, Multi" in meta
    assert "Français" in meta
    page.screenshot(path=str(artifacts / "work-category-language.png"))
    settle(context)
    context.close()


def test_desktop_filters_show_beside_the_results_without_javascript(
    browser: Browser, live_server: Any, library: list[Work]
) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.locator("select[name=sort]").is_visible()
    assert box(page, ".filters")["right"] <= box(page, ".listing__results")["left"]
    page.select_option("select[name=sort]", "title")
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url("**sort=title**")
    assert page.locator(".blurb__title").first.inner_text() == "Harbour Lamp 0"
    settle(context)
    context.close()
