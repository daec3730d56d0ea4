"""The app-passwords page from the keyboard, without a script, in a real browser; WCAG AA
contrast in every skin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ficarchive.accounts.app_passwords import app_password_create
from tests.browser.conftest import settle, signed_in_context
from tests.browser.test_reader import audit_contrast
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/shots/kosync")


def _audit(page: Page, name: str) -> None:
    for skin in ("light", "dark", "sepia"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["failures"] == [], f"{name} {skin}: lowest {report['lowest']:.2f}"
        if skin != "sepia" and SHOTS.parent.is_dir():
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{skin}.png"), full_page=True)


def test_make_and_revoke_an_app_password_from_the_keyboard(
    browser: Browser, live_server: Any
) -> None:
    alice = UserFactory(username="alice")
    app_password_create(user=alice, name="Old phone")
    context = signed_in_context(browser, live_server.url, alice)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/app-passwords/")
    page.get_by_label("Device or app").focus()
    page.keyboard.type("Kobo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".app-password").is_visible()
    _audit(page, "app-passwords")
    page.get_by_role("button", name="Revoke the app password Old phone").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Old phone").count() == 0
    settle(context)
    context.close()
