"""The feed links on list pages: visible beside the results, keyboard reachable, AA contrast
in light and dark skins, and the head's alternate link points at the same feed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from ficarchive.tags.models import TagKind
from ficarchive.works.models import Work
from tests.browser.conftest import settle
from tests.browser.test_reader import audit_contrast
from tests.factories import TagFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/shots/feeds")


@pytest.fixture
def tagged() -> Work:
    work = WorkFactory(title="Harbour Lamp", chapters=2)
    work.tags.add(TagFactory(name="Harbour Lights", kind=TagKind.FANDOM))
    return work


@pytest.mark.parametrize("skin", ["light", "dark"])
def test_tag_page_shows_its_feed_link(
    browser: Browser, live_server: Any, tagged: Work, skin: str
) -> None:
    tag = tagged.tags.get()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/tags/{tag.pk}/works/?rating=teen")
    page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
    link = page.locator("a.feed-link")
    assert link.get_attribute("href") == f"/tags/{tag.pk}/works/feed.atom?rating=teen"
    head = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    assert head.get_attribute("href") == link.get_attribute("href")
    for _ in range(30):  # reachable from the keyboard
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('feed-link')"):
            break
    else:
        pytest.fail("the feed link is not reachable with Tab")
    report = audit_contrast(page)
    assert report["failures"] == [], f"lowest {report['lowest']:.2f}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"tag-list-feed-link-{skin}.png"))
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.status == 200
    assert b"Harbour Lamp" in response.body()
    settle(page.context)
    page.close()
