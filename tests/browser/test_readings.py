"""Resume where you stopped, across browsers; the history page from the keyboard, in every
skin."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ficarchive.accounts.models import User
from ficarchive.readings import views as readings_views
from ficarchive.readings.models import MarkedForLater, Reading
from ficarchive.readings.services import later_set
from ficarchive.works.models import Work
from tests.browser.conftest import settle, signed_in_context
from tests.browser.test_reader import audit_contrast
from tests.factories import ChapterFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)
PARAGRAPHS = 120
BODY = "".join(
    f"<p>Paragraph {n}: the ferry crossed the grey water, and the gulls followed it out "
    f"past the harbour wall, calling over the wake.</p>"
    for n in range(1, PARAGRAPHS + 1)
)


@pytest.fixture
def work() -> Work:
    made = WorkFactory(title="Harbour Lights", chapters=0, expected_chapters=3)
    for position in (1, 2, 3):
        ChapterFactory(work=made, position=position, body_html=BODY)
    made.refresh_word_count()
    return made


def place_sends(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What became of each place the reader's script sent, as the server finishes writing it:
    "saved", or the error. (Watched in the server: Chromium does not tell Playwright of a
    beacon sent while a page is left.)"""
    outcomes: list[str] = []
    record = readings_views.progress_record

    def recording(**kwargs: Any) -> Any:
        try:
            result = record(**kwargs)
        except Exception as error:
            outcomes.append(repr(error))
            raise
        outcomes.append("saved")
        return result

    monkeypatch.setattr(readings_views, "progress_record", recording)
    return outcomes


def wait_for_place(
    user: User, work: Work, *, at_least: int, page: Page, sends: list[str],
    after: datetime | None = None,
) -> Reading:  # fmt: skip
    """The place the page's script sent, once it is past `at_least` (and sent after `after`).

    The database is read only once the server has written a place: the test server's SQLite database
    is in memory, shared by its threads, and a read beside the server's write would make that
    write fail at once ("table is locked"). It waits through the page (not time.sleep):
    Playwright delivers the browser's events only while its client is listening.
    """
    deadline = time.monotonic() + 15
    answered = 0
    reading = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        if len(sends) == answered:
            continue
        answered = len(sends)
        if failed := [outcome for outcome in sends if outcome != "saved"]:
            pytest.fail(f"the server could not keep a place the reader's script sent: {failed}")
        reading = Reading.objects.filter(user=user, work=work).first()
        if (
            reading is not None
            and reading.paragraph >= at_least
            and (after is None or reading.position_at > after)
        ):
            return reading
    found = (reading.chapter_position, reading.paragraph) if reading else None
    pytest.fail(f"the reader's script sent no place at or past {at_least}: {found}")


def instant_scrolling(page: Page) -> None:
    page.evaluate("document.documentElement.style.scrollBehavior = 'auto'")


def wait_for_top_paragraph(page: Page, number: int) -> None:
    """The window settles (smooth scrolling) with this paragraph first."""
    deadline = time.monotonic() + 5
    while top_paragraph(page) != number and time.monotonic() < deadline:
        time.sleep(0.1)
    assert top_paragraph(page) == number


def top_paragraph(page: Page) -> int:
    """The number of the first paragraph still in the window."""
    number: int = page.evaluate(
        """() => {
          const all = [...document.querySelectorAll('[data-chapter-text] p')];
          return all.findIndex(p => p.getBoundingClientRect().bottom > 1) + 1;
        }"""
    )
    return number


def test_b_stops_halfway_down_chapter_2_on_one_browser_and_resumes_there_on_another(
    browser: Browser,
    live_server: Any,
    work: Work,
    artifacts: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    b = UserFactory(username="b")
    laptop = signed_in_context(browser, live_server.url, b)
    laptop_sends = place_sends(monkeypatch)
    page = laptop.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/chapters/2/")
    instant_scrolling(page)
    page.locator("#p-60").evaluate("p => p.scrollIntoView({block: 'start'})")  # halfway
    page.wait_for_timeout(300)
    stopped = top_paragraph(page)
    assert 58 <= stopped <= 61
    # Leaving the page sends the place at once (pagehide), whatever the throttle. (For a page
    # that reads no database: a request beside the beacon could find the test server's
    # in-memory SQLite database locked.)
    page.goto(f"{live_server.url}/static/ficarchive/favicon.svg")
    reading = wait_for_place(b, work, at_least=stopped, page=page, sends=laptop_sends)
    assert (reading.chapter_position, reading.paragraph) == (2, stopped)
    settle(laptop)
    laptop.close()

    phone = signed_in_context(browser, live_server.url, b)
    other = phone.new_page()
    other.goto(f"{live_server.url}/works/{work.pk}/")
    link = other.get_by_role("link", name=f"Continue at chapter 2, paragraph {stopped}")
    link.focus()
    other.keyboard.press("Enter")
    other.wait_for_url(f"**/works/{work.pk}/chapters/2/#p-{stopped}")
    wait_for_top_paragraph(other, stopped)
    wait_for_place(
        b, work, at_least=stopped, page=other, sends=laptop_sends, after=reading.position_at
    )
    other.screenshot(path=str(artifacts / "readings-resumed.png"))
    settle(phone)
    phone.close()


def test_without_javascript_the_continue_link_opens_at_the_paragraph(
    browser: Browser, live_server: Any, work: Work
) -> None:
    b = UserFactory(username="b")
    Reading.objects.create(
        user=b, work=work, chapter_position=2, paragraph=41,
        position_at="2026-01-01T00:00Z", last_visit="2026-01-01T00:00Z",
    )  # fmt: skip
    context = signed_in_context(browser, live_server.url, b)
    context.close()
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1100, "height": 900}
    )
    context.add_cookies(signed_in_context(browser, live_server.url, b).cookies())
    page = context.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/")
    page.get_by_role("link", name="Continue at chapter 2, paragraph 41").click()
    page.wait_for_url("**/chapters/2/#p-41")
    wait_for_top_paragraph(page, 41)
    settle(context)


def test_a_guests_place_stays_in_their_browser(
    browser: Browser, live_server: Any, work: Work
) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/chapters/3/")
    instant_scrolling(page)
    page.locator("#p-40").evaluate("p => p.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    stopped = top_paragraph(page)
    page.goto(f"{live_server.url}/works/{work.pk}/")
    link = page.get_by_role("link", name=f"Continue at chapter 3, paragraph {stopped}")
    assert link.is_visible()
    assert link.get_attribute("href") == f"/works/{work.pk}/chapters/3/#p-{stopped}"
    assert not Reading.objects.exists()
    settle(context)


def test_history_and_later_from_the_keyboard_in_every_skin(
    browser: Browser, live_server: Any, work: Work, artifacts: Path
) -> None:
    b = UserFactory(username="b")
    other = WorkFactory(title="Tide Tables")
    for read, chapter, paragraph in ((work, 2, 14), (other, 1, 3)):
        Reading.objects.create(
            user=b, work=read, chapter_position=chapter, paragraph=paragraph,
            position_at="2026-01-01T00:00Z", last_visit="2026-01-01T00:00Z",
        )  # fmt: skip
    later_set(user=b, work=work, marked=True)
    context = signed_in_context(browser, live_server.url, b)
    page = context.new_page()
    page.goto(f"{live_server.url}/users/b/readings/")
    for skin in ("light", "dark", "sepia"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["checked"] > 10
        assert report["failures"] == [], f"{skin}: lowest {report['lowest']:.2f}"
        page.screenshot(path=str(artifacts / f"readings-history-{skin}.png"), full_page=True)
    page.evaluate("document.documentElement.dataset.skin = 'light'")

    remove = page.get_by_role("button", name="Remove Tide Tables from history")
    remove.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not Reading.objects.filter(work=other).exists()

    page.goto(f"{live_server.url}/")
    blurb = page.locator(".blurb", has_text="Harbour Lights")
    assert blurb.get_by_role("link", name="Continue at chapter 2, paragraph 14").is_visible()
    page.screenshot(path=str(artifacts / "readings-blurbs.png"), full_page=True)
    unmark = blurb.get_by_role("link", name="Unmark Harbour Lights for later")
    unmark.focus()
    page.keyboard.press("Enter")  # in place, with JavaScript
    blurb.get_by_role("link", name="Mark for later").wait_for()
    assert blurb.get_by_text("No longer marked").is_visible()
    assert not MarkedForLater.objects.exists()

    page.goto(f"{live_server.url}/works/{work.pk}/")
    for skin in ("light", "dark", "sepia"):
        page.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        report = audit_contrast(page)
        assert report["failures"] == [], f"{skin}: lowest {report['lowest']:.2f}"
        if skin != "sepia":
            page.screenshot(path=str(artifacts / f"readings-work-{skin}.png"))
    later_set(user=b, work=other, marked=True)
    page.goto(f"{live_server.url}/users/b/readings/later/")
    assert page.get_by_role("link", name="Tide Tables", exact=True).is_visible()
    assert audit_contrast(page)["failures"] == []
    page.screenshot(path=str(artifacts / "readings-later.png"), full_page=True)
    settle(context)
