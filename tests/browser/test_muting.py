"""Muting and blocking from the keyboard, without a script needed, in a real browser; the
pages meet WCAG AA contrast in every skin."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ficarchive.community.services import comment_post
from ficarchive.muting.models import Block, UserMute
from ficarchive.tags.models import TagKind
from tests.browser.conftest import ARTIFACTS, audit_every_skin, settle, signed_in_context
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = ARTIFACTS / "muting"


def _audit(page: Page, name: str) -> None:
    audit_every_skin(page, name, SHOTS)


def _press(page: Page, name: str, *, role: str = "button") -> None:
    page.get_by_role(role, name=name, exact=True).focus()  # type: ignore[arg-type]
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_mute_and_block_from_the_keyboard_then_the_lists(
    browser: Browser, live_server: Any
) -> None:
    bob = UserFactory(username="bob")
    carol = UserFactory(username="carol")
    work = WorkFactory(title="Harpoon", creators=[CreatorFactory(name="Bob", user=bob)])
    fandom = TagFactory(name="Harbour Lights", kind=TagKind.FANDOM)
    work.tags.add(fandom)
    other = WorkFactory(title="Lantern")
    other.tags.add(fandom)
    top = comment_post(chapter=other.chapters.get(), user=bob, text="Bob was here.")
    comment_post(chapter=other.chapters.get(), user=carol, text="Carol answers.", parent=top)

    context = signed_in_context(browser, live_server.url, carol)
    page = context.new_page()
    page.goto(f"{live_server.url}/users/bob/")
    _press(page, "Mute bob", role="link")
    assert page.get_by_role("heading", name="Mute bob?").is_visible()
    _audit(page, "confirm-mute")
    _press(page, "Mute bob")
    assert page.url.endswith("/users/bob/")
    assert page.get_by_text("You muted bob:", exact=False).first.is_visible()
    assert UserMute.objects.filter(member=carol, muted=bob).exists()
    _audit(page, "profile-muted")

    _press(page, "Block bob", role="link")
    _press(page, "Block bob")
    assert Block.objects.filter(member=carol, blocked=bob).exists()

    page.goto(f"{live_server.url}/tags/{fandom.pk}/works/")
    assert page.get_by_role("link", name="Lantern", exact=True).is_visible()
    assert page.get_by_text("Harpoon").count() == 0
    _press(page, "Mute this tag", role="link")
    _press(page, "Mute this tag")
    assert page.get_by_text("You muted this tag").is_visible()
    _audit(page, "tag-muted")

    page.goto(f"{live_server.url}/works/{other.pk}/")
    assert page.get_by_text("Bob was here.").count() == 0
    assert page.get_by_text("A comment from a member you muted").is_visible()

    page.goto(f"{live_server.url}/users/carol/muted/")
    assert page.get_by_role("link", name="bob").is_visible()
    _audit(page, "muted-list")
    page.goto(f"{live_server.url}/users/carol/blocked/")
    _audit(page, "blocked-list")
    _press(page, "Unblock bob")
    assert not Block.objects.exists()
    assert page.get_by_text("You have blocked nobody.").is_visible()
    settle(context)
    context.close()
