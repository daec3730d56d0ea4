"""Comments grown up, in a real browser: a guest comments without JavaScript from the
keyboard; a creator approves, sees frozen and edited comments and pages of threads; the
comment pages meet WCAG AA in the light and dark skins. Screenshots go to SHOTS."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ficarchive.community.models import (
    Comment,
    CommentModeration,
    WhoMayComment,
    WorkCommentSettings,
)
from ficarchive.community.selectors import COMMENT_THREADS_PER_PAGE
from ficarchive.community.services import comment_edit, comment_post
from ficarchive.works.models import Work
from tests.browser.conftest import ARTIFACTS, settle, signed_in_context, wait_like_a_person
from tests.browser.test_reader import audit_contrast
from tests.factories import ChapterFactory, CreatorFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = ARTIFACTS / "comments"


@pytest.fixture
def shots(artifacts: Path) -> Path:
    """The comment pages' screenshots, beside the other browser tests' artifacts."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def check_contrast(page: Page, label: str) -> None:
    report = audit_contrast(page)
    assert report["checked"] > 5, label
    assert report["failures"] == [], f"{label}: lowest {report['lowest']:.2f} {report['failures']}"


def a_work() -> tuple[Work, Any]:
    alice = UserFactory(username="alice")
    work = WorkFactory(
        title="Harbour Lights", creators=[CreatorFactory(name="Alice", user=alice)], chapters=0
    )
    ChapterFactory(work=work, position=1, body_html="<p>The ferry left at dawn.</p>")
    WorkCommentSettings.objects.create(
        work=work, who_may_comment=WhoMayComment.EVERYONE, moderation=CommentModeration.GUESTS
    )
    return work, alice


def test_a_guest_comments_from_the_keyboard_without_javascript(
    browser: Browser, live_server: Any, shots: Path
) -> None:
    work, _ = a_work()
    for scheme in ("light", "dark"):
        context = browser.new_context(
            java_script_enabled=False, color_scheme=scheme, viewport={"width": 1000, "height": 900}
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/works/{work.pk}/")
        page.get_by_role("link", name="Comment as a guest").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/comments/new/")
        loaded_at = time.monotonic()
        check_contrast(page, f"guest form {scheme}")
        page.screenshot(path=str(shots / f"guest-form-{scheme}.png"), full_page=True)
        page.get_by_label("Your name").fill(f"Wanderer {scheme}")
        page.get_by_label("Your email address").fill("wanderer@example.net")
        page.get_by_label("Comment:", exact=True).fill("I read it twice.")
        wait_like_a_person(page, loaded_at)
        page.get_by_role("button", name="Comment", exact=True).focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_text("once the creators approve it").is_visible()
        assert "wanderer@example.net" not in page.content()
        settle(context)
        context.close()
    assert Comment.objects.filter(is_approved=False).count() == 2


def test_the_creator_moderates_a_page_of_threads(
    browser: Browser, live_server: Any, shots: Path
) -> None:
    work, alice = a_work()
    wren = UserFactory(username="wren")
    chapter = work.chapters.get()
    Comment.objects.bulk_create(
        Comment(work=work, chapter=chapter, user=wren, body_html=f"<p>Thread {n}.</p>")
        for n in range(COMMENT_THREADS_PER_PAGE)
    )
    loud = comment_post(chapter=chapter, user=wren, text="A heated opinion about gulls.")
    comment_post(chapter=chapter, user=alice, text="Let's keep it kind.", parent=loud)
    edited = comment_post(chapter=chapter, user=wren, text="Lovley.")
    comment_edit(comment=edited, user=wren, text="Lovely, I meant.")
    Comment.objects.create(
        work=work, chapter=chapter, guest_name="Wanderer", guest_email="w@example.net",
        body_html="<p>A guest's words, waiting.</p>", is_approved=False,
    )  # fmt: skip
    for scheme in ("light", "dark"):
        context = signed_in_context(browser, live_server.url, alice)
        page = context.new_page()
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{live_server.url}/comments/{loud.pk}/")
        page.wait_for_url("**?comments_page=2#comment-*")
        thread = page.locator(f"#comment-{loud.pk}")
        if scheme == "light":  # freeze it from the keyboard; the dark round finds it frozen
            thread.get_by_role("button", name="Freeze thread", exact=True).focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
        assert page.get_by_text("This thread is frozen").is_visible()
        assert thread.get_by_role("button", name="Unfreeze thread", exact=True).is_visible()
        assert page.get_by_text("Awaiting approval").is_visible()
        assert page.get_by_text("(edited").is_visible()
        assert page.get_by_text("Comments page 2 of 2").first.is_visible()
        check_contrast(page, f"creator's comments {scheme}")
        page.locator("#comments").screenshot(path=str(shots / f"chapter-comments-{scheme}.png"))
        settle(context)
        context.close()
    held = Comment.objects.get(is_approved=False)
    context = signed_in_context(browser, live_server.url, alice)
    page = context.new_page()
    page.goto(f"{live_server.url}/comments/{held.pk}/")
    page.locator(f"#comment-{held.pk}").get_by_role("button", name="Approve").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Work.objects.get(pk=work.pk).comment_count == 4, (
        "three posted (bulk rows aside), one approved"
    )
    settle(context)
    context.close()


def test_settings_and_edit_pages_in_both_skins(
    browser: Browser, live_server: Any, shots: Path
) -> None:
    work, alice = a_work()
    wren = UserFactory(username="wren")
    mine = comment_post(chapter=work.chapters.get(), user=wren, text="Lovley.")
    for scheme in ("light", "dark"):
        context = signed_in_context(browser, live_server.url, alice)
        page = context.new_page()
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{live_server.url}/works/{work.pk}/comment-settings/")
        check_contrast(page, f"settings {scheme}")
        page.screenshot(path=str(shots / f"comment-settings-{scheme}.png"), full_page=True)
        page.get_by_label("Nobody").check()
        page.get_by_role("button", name="Save settings").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_text("turned comments off").is_visible()
        settle(context)
        context.close()
        context = signed_in_context(browser, live_server.url, wren)
        page = context.new_page()
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{live_server.url}/comments/{mine.pk}/edit/")
        check_contrast(page, f"edit {scheme}")
        page.screenshot(path=str(shots / f"comment-edit-{scheme}.png"), full_page=True)
        page.get_by_label("Your comment:", exact=True).fill(f"Lovely ({scheme}).")
        page.get_by_role("button", name="Save changes").click()
        page.wait_for_url("**#comment-*")
        assert page.get_by_text(f"Lovely ({scheme}).").is_visible()
        settle(context)
        context.close()
