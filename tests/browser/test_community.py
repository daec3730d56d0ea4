"""Kudos, a comment and a reply from the keyboard, in a real browser; contrast in every skin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from ficarchive.community.models import Comment
from ficarchive.works.models import Work
from tests.browser.conftest import settle, signed_in_context
from tests.browser.test_reader import audit_contrast
from tests.factories import ChapterFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_kudos_comment_and_reply_from_the_keyboard(
    browser: Browser, live_server: Any, artifacts: Path
) -> None:
    work = WorkFactory(title="Harbour Lights", chapters=0, expected_chapters=None)
    ChapterFactory(work=work, position=1, body_html="<p>The ferry left at dawn.</p>")
    ChapterFactory(work=work, position=2, body_html="<p>The gulls followed it out.</p>")
    context = signed_in_context(browser, live_server.url, UserFactory(username="wren"))
    page = context.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/chapters/2/")

    page.get_by_role("button", name="Kudos ♥").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#kudos")
    assert page.get_by_text("You left kudos ♥").is_visible()
    assert page.get_by_text("wren left kudos on this work!").is_visible()

    page.get_by_label("Comment:", exact=True).fill("The gulls! I could hear them.")
    page.get_by_role("button", name="Comment", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#comment-*")
    comment = Comment.objects.get()
    assert comment.chapter.position == 2
    page.locator(f"#comment-{comment.pk} summary").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Your reply").fill("Thank you for reading it closely.")
    page.get_by_role("button", name="Post reply").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    reply = page.locator(".comment--depth-1")
    assert reply.get_by_text("Thank you for reading it closely.").is_visible()
    assert Work.objects.get(pk=work.pk).comment_count == 2

    for skin in ("light", "dark", "sepia"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["checked"] > 10
        assert report["failures"] == [], f"{skin}: lowest {report['lowest']:.2f}"
        if skin != "sepia":
            page.locator("#comments").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / f"community-{skin}.png"), full_page=True)
    settle(context)
    context.close()
