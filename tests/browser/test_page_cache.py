"""Cached guest pages in a real browser: display settings and kudos, with and without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page

from ficarchive.community.models import Kudos
from ficarchive.works.models import Work
from tests.browser.conftest import settle
from tests.browser.test_reader import LONG_TEXT, audit_contrast
from tests.factories import ChapterFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def work() -> Work:
    work = WorkFactory(title="The Long Tram", chapters=0, expected_chapters=None)
    for position in (1, 2, 3):
        ChapterFactory(work=work, position=position, body_html=LONG_TEXT)
    work.refresh_word_count()
    return work


def cache_for_guests(*urls: str) -> None:
    """Another guest came first: these pages now come from the guest cache."""
    for url in urls:
        assert Client().get(url).status_code == 200


def tab_to(page: Page, text: str) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    pytest.fail(f"{text!r} is not reachable with Tab")


def check_contrast(page: Page) -> None:
    for skin in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["failures"] == [], f"{skin} {page.url}: lowest {report['lowest']:.2f}"


def test_settings_changed_on_a_cached_page_reach_the_next_page_first_html(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    chapter = f"/works/{work.pk}/chapters/2/"
    cache_for_guests(chapter, f"/works/{work.pk}/chapters/3/")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.goto(f"{live_server.url}{chapter}")
    page.get_by_role("button", name="Dark").click()
    page.wait_for_function("() => document.documentElement.dataset.skin === 'dark'")
    page.get_by_role("button", name="1/2").click()
    page.wait_for_function("() => document.documentElement.dataset.width === 'half'")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Next chapter").first.click()
    response = navigation.value
    assert response is not None
    first_html = response.text()
    assert 'data-skin="dark" data-width="half"' in first_html  # before any script runs
    page.screenshot(path=str(artifacts / "pagecache-next-chapter-dark-half.png"), full_page=True)
    settle(context)
    context.close()


def test_guest_leaves_kudos_from_a_cached_page_with_the_keyboard(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    chapter = f"/works/{work.pk}/chapters/1/"
    cache_for_guests(chapter)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.goto(f"{live_server.url}{chapter}")
    kudos = page.locator("#kudos").get_by_role("button", name="Kudos ♥")
    kudos.wait_for()  # the script fetched the token and put the form in place of the link
    check_contrast(page)
    page.evaluate("document.documentElement.dataset.skin = 'light'")
    tab_to(page, "Kudos ♥")
    page.keyboard.press("Enter")
    page.get_by_text("Thank you for leaving kudos!").wait_for()
    assert page.locator("#kudos").get_by_text("1 guest left kudos on this work!").is_visible()
    assert page.evaluate("document.activeElement.textContent") == "You left kudos ♥"
    assert Kudos.objects.filter(work=work).count() == 1
    page.locator("#kudos").screenshot(path=str(artifacts / "pagecache-kudos-js-light.png"))
    check_contrast(page)
    page.locator("#kudos").screenshot(path=str(artifacts / "pagecache-kudos-js-dark.png"))

    page.reload()  # the cached page again: the state arrives after load
    page.locator("#kudos").get_by_text("You left kudos ♥").wait_for()
    assert page.locator("#kudos").get_by_role("button", name="Kudos ♥").count() == 0
    settle(context)
    context.close()


def test_guest_leaves_kudos_without_javascript_through_the_confirmation_page(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    chapter = f"/works/{work.pk}/chapters/2/"
    cache_for_guests(chapter)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}, color_scheme="dark"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{chapter}")
    tab_to(page, "Kudos ♥")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/works/{work.pk}/kudos/\?next="))
    assert page.get_by_role("heading", name="Kudos for The Long Tram").is_visible()
    check_contrast(page)
    page.evaluate("document.documentElement.dataset.skin = 'dark'")
    page.screenshot(path=str(artifacts / "pagecache-kudos-confirm-dark.png"), full_page=True)
    tab_to(page, "Kudos ♥")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{chapter}#kudos")
    assert page.get_by_text("Thank you for leaving kudos!").is_visible()
    assert page.locator("#kudos").get_by_text("1 guest left kudos on this work!").is_visible()
    check_contrast(page)
    page.screenshot(path=str(artifacts / "pagecache-kudos-nojs-back.png"))
    settle(context)
    context.close()
