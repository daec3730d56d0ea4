"""An author in the browser: sign up, post a two-chapter work, read it; XSS payloads stay inert."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page

from ficarchive.accounts.models import User
from ficarchive.works.models import Work
from tests.browser.conftest import settle, wait_like_a_person
from tests.browser.test_reader import audit_contrast
from tests.security.payloads import PAYLOADS
from tests.security.test_xss import post_hostile_work

pytestmark = pytest.mark.django_db(transaction=True)

DOM_CHECK = """() => {
    const problems = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            if (attr.name.startsWith('on')) problems.push(el.tagName + '[' + attr.name + ']');
            const v = attr.value.replace(/\\s/g, '').toLowerCase();
            const isUrl = ['href', 'src', 'action', 'formaction'].includes(attr.name);
            if (isUrl && (v.startsWith('javascript:') || v.startsWith('data:')))
                problems.push(el.tagName + ' url');
        }
        if (['IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(el.tagName)) problems.push(el.tagName);
        if (el.tagName === 'SCRIPT' && !(el.getAttribute('src') || '').startsWith('/static/'))
            problems.push('inline script');
    }
    return {problems, xss: window.__xss === undefined ? null : window.__xss};
}"""


def fill_work_form(page: Page, title: str, text: str) -> None:
    page.fill("#id_title", title)
    page.fill("#id_fandoms", "Original Work")
    page.fill("#id_characters", "Nell, Tobias")
    page.fill("#id_summary", "A lighthouse story.")
    page.fill("#id_chapter_title", "The Lamp")
    page.fill("#id_text", text)


def test_sign_up_post_two_chapters_and_read(
    browser: Browser, live_server: Any, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign up").click()
    page.wait_for_url("**/accounts/signup/")
    loaded_at = time.monotonic()
    page.fill("#id_username", "lampkeeper")
    page.fill("#id_email", "lamp@example.org")
    page.fill("#id_password1", "a-long-passphrase-9")
    page.fill("#id_password2", "a-long-passphrase-9")
    page.get_by_label("I accept the terms of service and the content policy").check()
    wait_like_a_person(page, loaded_at)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/users/lampkeeper/")
    # Posting opens once the address is confirmed: the member opens the mailed link.
    [confirmation] = mail.outbox
    link = re.search(r"http://[^/\s]+(/accounts/confirm/\S+/)", confirmation.body)
    assert link is not None
    page.goto(f"{live_server.url}{link.group(1)}")
    page.wait_for_selector("text=Your email address is confirmed.")

    page.get_by_role("link", name="Post a new work").click()
    fill_work_form(
        page, "Salt and Lamplight", "<p>The lamp had not gone out in <em>forty</em> years.</p>"
    )
    page.get_by_role("button", name="Save as draft and preview").click()
    page.wait_for_selector(".draft-banner")
    assert "forty" in page.locator("[data-chapter-text]").inner_text()
    page.screenshot(path=str(artifacts / "author-draft-preview.png"), full_page=True)

    page.get_by_role("link", name="Add chapter").click()
    page.fill("#id_chapter_title", "The Fog")
    page.check("input[name=text_format][value=markdown]")
    page.fill("#id_text", "The fog came in on the *third* night.\n\nThe bell rang.")
    page.get_by_role("button", name="Post").click()
    page.wait_for_url("**/chapters/2/")
    page.locator(".draft-banner").first.get_by_role("button", name="Publish").click()
    page.wait_for_selector("text=Published: readers can see it now.")

    work = Work.objects.get(title="Salt and Lamplight")
    reader_context = browser.new_context(viewport={"width": 1100, "height": 900})
    reader = reader_context.new_page()
    reader.goto(f"{live_server.url}/")
    reader.get_by_role("link", name="Salt and Lamplight").click()
    assert "Chapter 1: The Lamp" in reader.locator("h2.chapter__title").inner_text()
    reader.get_by_role("link", name="Next chapter →").first.click()
    reader.wait_for_url(f"**/works/{work.pk}/chapters/2/")
    assert reader.locator("[data-chapter-text] em").inner_text() == "third"
    assert reader.locator(".editor-actions").count() == 0, "readers get no edit buttons"
    for skin in ("light", "dark"):
        reader.evaluate(f"document.documentElement.dataset.skin = '{skin}'")
        assert audit_contrast(reader)["failures"] == []
    for open_context in (context, reader_context):
        settle(open_context)
        open_context.close()


def test_no_payload_runs_in_the_browser(browser: Browser, live_server: Any, settings: Any) -> None:
    from tests.factories import CreatorFactory, UserFactory

    settings.FICARCHIVE_POSTS_PER_HOUR = 1000
    author = UserFactory(username="hostile")
    CreatorFactory(name="hostile", user=author)
    works = [post_hostile_work(author, payload, n) for n, payload in enumerate(PAYLOADS)]
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    urls = ["/", "/?page=2", "/?page=3", "/users/hostile/"]
    urls += [w.get_full_work_url() for w in works]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        page.mouse.move(300, 300)
        page.keyboard.press("Tab")
        page.wait_for_load_state("networkidle")
        report = page.evaluate(DOM_CHECK)
        assert report == {"problems": [], "xss": None}, url
    settle(context)
    context.close()
    assert isinstance(author, User)
