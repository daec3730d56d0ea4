"""The "come back" walk, end to end in a real browser: member B follows a work and a tag
search; author A posts a chapter and B is told, in the inbox and by email, once the worker has
run; B answers a reply from the inbox and A is told; B mutes a tag and its works leave B's
lists with the counts right; B stops halfway down chapter 2 on one browser and resumes there
on another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page

from ficarchive.community.models import Comment
from ficarchive.community.services import comment_post
from ficarchive.tags.models import TagKind
from ficarchive.works.models import Work
from tests.browser.conftest import settle, signed_in_context
from tests.browser.test_readings import (
    BODY,
    instant_scrolling,
    place_sends,
    top_paragraph,
    wait_for_place,
    wait_for_top_paragraph,
)
from tests.conftest import run_queued_tasks
from tests.factories import ChapterFactory, CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    """`ficarchive worker --batch`, as the worker beside the web server would run it."""
    run_queued_tasks()


def press(page: Page, name: str) -> None:
    """Reach a button by its name and press it from the keyboard."""
    button = page.get_by_role("button", name=name, exact=True).first
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_b_follows_is_told_answers_mutes_and_resumes(
    browser: Browser, live_server: Any, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = UserFactory(username="ayla"), UserFactory(username="bram")
    author = CreatorFactory(name="ayla", user=a)
    angst = TagFactory(name="Angst", kind=TagKind.FREEFORM)
    work = WorkFactory(title="Harbour Lights", creators=[author], chapters=0, expected_chapters=4)
    for position in (1, 2):
        ChapterFactory(work=work, position=position, body_html=BODY)
    work.refresh_word_count()
    others = [WorkFactory(title=f"Storm Glass {n}") for n in range(3)]
    for other in others[:2]:
        other.tags.add(angst)
    call_command("search_rebuild", verbosity=0)

    # B follows the work, and a search of the tag.
    laptop = signed_in_context(browser, live_server.url, b)
    laptop_sends = place_sends(monkeypatch)
    page = laptop.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/")
    press(page, "Subscribe to this work")
    assert page.get_by_role("button", name="Unsubscribe from this work").count() == 1
    page.goto(f"{live_server.url}/search/?q=lighthouse+OR+harbour")
    press(page, "Subscribe to this search")
    page.goto(f"{live_server.url}/users/bram/subscriptions/")
    assert "Harbour Lights" in page.content()
    assert "harbour" in page.content()

    # B comments on chapter 1; A answers it (so B has a reply in the inbox to answer).
    chapter_one = work.chapters.get(position=1)
    b_comment = comment_post(chapter=chapter_one, user=b, text="The lighthouse scene!")
    comment_post(chapter=chapter_one, user=a, text="Thank you, B.", parent=b_comment)

    # A posts chapter 3 from the posting form.
    author_window = signed_in_context(browser, live_server.url, a)
    posting = author_window.new_page()
    posting.goto(f"{live_server.url}/works/{work.pk}/chapters/new/")
    posting.get_by_label("Chapter title").fill("The Crossing")
    posting.get_by_label("Chapter text").fill("<p>The ferry left at dawn.</p>")
    press(posting, "Post")
    assert work.chapters.filter(position=3, is_posted=True).exists()

    # Nothing is told until the worker has run: the post only queued it.
    mail.outbox.clear()
    page.goto(f"{live_server.url}/users/bram/inbox/")
    assert "The Crossing" not in page.content()
    run_worker()
    run_worker()  # the emails the fan-out queued
    page.goto(f"{live_server.url}/users/bram/inbox/")
    inbox = page.content()
    assert "The Crossing" in inbox, "told of the new chapter"
    assert "ayla replied to your comment" in inbox
    told_by_mail = [m for m in mail.outbox if "bram@example.org" in m.to]
    assert told_by_mail, "and by email"
    assert any(m.extra_headers.get("List-Unsubscribe-Post") for m in told_by_mail)
    page.screenshot(path=str(artifacts / "come-back-inbox.png"), full_page=True)

    # B answers A's reply from the inbox; A is told.
    reply = page.locator(".inbox-item", has_text="ayla replied to your comment")
    reply.locator("summary").first.click()
    reply.get_by_label("Your reply").fill("I read it twice.")
    with page.expect_navigation():
        reply.get_by_role("button", name="Post reply").click()
    assert Comment.objects.filter(user=b, body_html__contains="I read it twice.").exists()
    run_worker()
    posting.goto(f"{live_server.url}/users/ayla/inbox/")
    assert "bram replied to your comment" in posting.content()

    # B mutes the tag: its works leave B's list, and the count says so.
    page.goto(f"{live_server.url}/")
    before = page.locator(".listing__count").inner_text()
    listed_before = page.locator("ol.work-list > li").count()
    page.goto(f"{live_server.url}/tags/{angst.pk}/mute/")
    press(page, "Mute this tag")
    page.goto(f"{live_server.url}/")
    after = page.locator(".listing__count").inner_text()
    listed_after = page.locator("ol.work-list > li").count()
    assert listed_after == listed_before - 2
    assert int(before.split()[0]) - 2 == int(after.split()[0]), (before, after)
    assert "Storm Glass 0" not in page.content()
    assert "Storm Glass 2" in page.content()

    # B stops halfway down chapter 2 on the laptop...
    page.goto(f"{live_server.url}/works/{work.pk}/chapters/2/")
    instant_scrolling(page)
    page.locator("#p-60").evaluate("p => p.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    stopped = top_paragraph(page)
    # the reader's script sends the place a moment after scrolling
    left = wait_for_place(
        b, Work.objects.get(pk=work.pk), at_least=stopped, page=page, sends=laptop_sends
    )
    close(laptop, author_window)

    # ...and resumes there on the phone.
    phone = signed_in_context(browser, live_server.url, b)
    other = phone.new_page()
    other.set_viewport_size({"width": 390, "height": 844})
    other.goto(f"{live_server.url}/works/{work.pk}/")
    other.get_by_role("link", name=f"Continue at chapter 2, paragraph {stopped}").click()
    other.wait_for_url(f"**/works/{work.pk}/chapters/2/#p-{stopped}")
    wait_for_top_paragraph(other, stopped)
    wait_for_place(
        b, left.work, at_least=stopped, page=other, sends=laptop_sends, after=left.position_at
    )
    other.screenshot(path=str(artifacts / "come-back-resumed-phone.png"))
    close(phone)


def close(*contexts: BrowserContext) -> None:
    for context in contexts:
        settle(context)
        context.close()
