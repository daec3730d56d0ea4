"""The inbox, subscriptions and email settings pages in a real browser: reached and used from
the keyboard, readable (WCAG AA contrast) in every skin; screenshots in light and dark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from ficarchive.community.services import comment_post
from ficarchive.notifications.models import InboxItem, NoticeKind
from ficarchive.notifications.services import notify, subscription_add
from ficarchive.works.models import Creator
from tests.browser.conftest import ARTIFACTS, settle, signed_in_context
from tests.browser.test_reader import audit_contrast
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = ARTIFACTS / "notify"


def test_inbox_subscriptions_and_settings_from_the_keyboard(
    browser: Browser, live_server: Any, artifacts: Path
) -> None:
    wren = UserFactory(username="wren")
    author = CreatorFactory(name="Moth", user=UserFactory(username="moth"))
    work = WorkFactory(title="Salt Roads", creators=[author], chapters=2)
    mine = WorkFactory(title="Lanterns", creators=[Creator.objects.create(name="wren", user=wren)])
    tag = TagFactory(name="Found Family")
    subscription_add(user=wren, kind="work", target_id=work.pk)
    subscription_add(user=wren, kind="creator", target_id=author.pk)
    subscription_add(user=wren, kind="tag", target_id=tag.pk)
    subscription_add(user=wren, kind="search", address="/search/?q=lighthouse&rating=teen")
    notify(user=wren, kind=NoticeKind.NEW_CHAPTER, subject="New chapter of Salt Roads: Chapter 2",
           url=work.chapters.get(position=2).get_absolute_url(), work=work)  # fmt: skip
    comment = comment_post(chapter=mine.chapters.get(), user=author.user, text="This made my day.")
    notify(user=wren, kind=NoticeKind.MODERATION, subject="Your report was handled. Thank you.")
    InboxItem.objects.create(
        user=wren, kind=NoticeKind.COMMENT, work=mine, comment=comment, chapter=comment.chapter,
        subject="moth commented on Lanterns", body="This made my day.",
        url=comment.chapter.get_absolute_url(),
    )  # fmt: skip

    context = signed_in_context(browser, live_server.url, wren)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/")
    inbox_link = page.get_by_role("link", name="Inbox, 3 unread")
    inbox_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/users/wren/inbox/")
    for skin in ("light", "dark", "sepia"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["failures"] == [], f"inbox {skin}: {report['failures'][:3]}"
        if skin != "sepia":
            page.screenshot(path=str(SHOTS / f"inbox-{skin}.png"), full_page=True)

    # Reply from the inbox with the keyboard: open the details, type, submit.
    page.evaluate("document.documentElement.dataset.skin = 'light'")
    page.locator("summary", has_text="Reply").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Thank you!")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Reply posted." in page.content()
    assert comment.replies.get().user == wren

    for path, name in (("subscriptions", "subscriptions"), ("inbox/settings", "settings")):
        page.goto(f"{live_server.url}/users/wren/{path}/")
        for skin in ("light", "dark", "sepia"):
            page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
            report = audit_contrast(page)
            assert report["failures"] == [], f"{name} {skin}: {report['failures'][:3]}"
            if skin != "sepia":
                page.screenshot(path=str(SHOTS / f"{name}-{skin}.png"), full_page=True)

    # Unsubscribe in one step, from the keyboard.
    page.goto(f"{live_server.url}/users/wren/subscriptions/")
    page.get_by_role("button", name="Unsubscribe from Salt Roads").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Unsubscribed." in page.content()
    assert "Salt Roads" not in page.locator(".subscription-list").inner_text()

    page.goto(f"{live_server.url}/works/{work.pk}/")
    page.screenshot(path=str(SHOTS / "work-subscribe-button-light.png"))
    settle(context)
    context.close()
    del artifacts
