"""The app-passwords page from the keyboard, without a script, in a real browser; WCAG AA
contrast in every skin."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ficarchive.accounts.app_passwords import app_password_create
from tests.browser.conftest import ARTIFACTS, audit_every_skin, settle, signed_in_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = ARTIFACTS / "kosync"


def _audit(page: Page, name: str) -> None:
    audit_every_skin(page, name, SHOTS)


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
