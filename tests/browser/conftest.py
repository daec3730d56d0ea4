"""Real headless Chromium (Debian's package), driven by Playwright, against the live server."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail("Chromium is not installed: apt-get install chromium (.ci/run does this)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


# Whether the page ran readings.js (not fetched at all without JavaScript), and whether its
# first send of the member's place has been answered.
PLACE_STATE = """() => {
  const entries = performance.getEntriesByType("resource").map(entry => entry.name);
  return [entries.some(name => name.includes("/readings/readings")),
          entries.some(name => name.endsWith("/readings/progress/"))];
}"""


def settle(context: BrowserContext) -> None:
    """Let the pages' last requests finish, so no server thread outlives its test.

    A member's reading page sends their place a second after it loads (readings.js), after
    the network went idle: wait for that answer too. Once sent, closing the page sends
    nothing more unless the place changed.
    """
    for page in context.pages:
        page.wait_for_load_state("networkidle")
        if not page.locator("[data-reading-progress]").count():
            continue
        for _ in range(50):
            script_ran, sent = page.evaluate(PLACE_STATE)
            if sent or not script_ran:
                break
            page.wait_for_timeout(200)
        page.wait_for_load_state("networkidle")


def audit_every_skin(page: Page, name: str, shots: Path) -> None:
    """WCAG AA contrast of the page in the light, dark and sepia skins, with screenshots of
    the first two in `shots` (under the ignored artifacts folder)."""
    from tests.browser.test_reader import audit_contrast

    for skin in ("light", "dark", "sepia"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["failures"] == [], f"{name} {skin}: lowest {report['lowest']:.2f}"
        if skin != "sepia":
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"{name}-{skin}.png"), full_page=True)


def wait_like_a_person(page: Page, loaded_at: float) -> None:
    """A guest form sent back sooner than FICARCHIVE_FORM_MIN_SECONDS after its page was made
    is a robot's (core/humans.py): let that long pass since the page loaded (`loaded_at`, a
    `time.monotonic()`), as it would for anyone typing. Works without JavaScript too."""
    from django.conf import settings

    left = settings.FICARCHIVE_FORM_MIN_SECONDS + 0.3 - (time.monotonic() - loaded_at)
    if left > 0:
        page.wait_for_timeout(left * 1000)


def signed_in_context(browser: Browser, server_url: str, user: Any) -> BrowserContext:
    """A browser window already signed in as this user (the session cookie of a test login)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server_url}]
    )
    return context
