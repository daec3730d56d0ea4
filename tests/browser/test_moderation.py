"""The moderation walk in a real browser, from the keyboard: a guest reports a comment, a
moderator hides it and suspends its writer from the queue, the comment is gone for everyone
else, the writer cannot post, and the audit log shows both actions. Every page meets WCAG AA
contrast in each skin."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import Browser, Page

from ficarchive.accounts.roles import MODERATORS_GROUP
from ficarchive.community.services import comment_post
from ficarchive.moderation.models import AuditEntry, Report
from tests.browser.conftest import (
    ARTIFACTS,
    audit_every_skin,
    settle,
    signed_in_context,
    wait_like_a_person,
)
from tests.factories import CreatorFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = ARTIFACTS / "moderation"


def _audit(page: Page, name: str) -> None:
    audit_every_skin(page, name, SHOTS)


def _submit(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_guest_report_goes_through_the_queue_to_a_hidden_comment_and_a_suspension(
    browser: Browser, live_server: Any
) -> None:
    alice = UserFactory(username="alice")
    mallory = UserFactory(username="mallory")
    work = WorkFactory(
        title="Lighthouse Keeper", creators=[CreatorFactory(name="Alice", user=alice)]
    )
    comment = comment_post(
        chapter=work.chapters.get(), user=mallory, text="Cheap pills at spam.example"
    )
    moderator = UserFactory(username="maud", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))

    guest = browser.new_context(viewport={"width": 1100, "height": 900})
    page = guest.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/")
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Report").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    loaded_at = time.monotonic()
    assert page.get_by_role("heading", name="Report to the moderators").is_visible()
    page.get_by_label("Spam").check()
    page.get_by_label("Tell the moderators more").fill("Pill adverts in the comments.")
    page.get_by_label("Your email address").fill("reader@example.org")
    _audit(page, "report-form")
    wait_like_a_person(page, loaded_at)
    _submit(page, "Send the report")
    assert page.get_by_role("heading", name="Thank you").is_visible()
    assert Report.objects.get().reporter_email == "reader@example.org"
    settle(guest)

    context = signed_in_context(browser, live_server.url, moderator)
    page = context.new_page()
    page.goto(f"{live_server.url}/moderation/")
    _audit(page, "queue")
    link = page.get_by_role("link", name="Comment by mallory on “Lighthouse Keeper”")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Cheap pills at spam.example").is_visible()
    assert page.get_by_text("Pill adverts in the comments.").is_visible()
    _audit(page, "target")
    page.get_by_label("Hide it").check()
    page.get_by_label("Why").fill("Spam links.")
    _submit(page, "Record the decision")
    assert page.get_by_text("hidden by the moderators").first.is_visible()
    page.get_by_label("Suspend the member", exact=True).check()
    page.get_by_label("Why").fill("A spam account.")
    page.get_by_label("Days (suspension)").fill("30")
    _submit(page, "Record the decision")
    page.goto(f"{live_server.url}/moderation/log/")
    entries = page.locator(".audit-entry")
    assert entries.count() == 2
    assert "Suspended" in entries.nth(0).inner_text()
    assert "Hid" in entries.nth(1).inner_text()
    _audit(page, "log")
    settle(context)

    page = guest.new_page()
    page.goto(f"{live_server.url}/works/{work.pk}/")
    assert page.get_by_text("Cheap pills").count() == 0
    settle(guest)

    writer = Client()
    assert not writer.login(username="mallory", password="correct horse battery staple")
    mallory.refresh_from_db()
    assert not mallory.may_contribute
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "hide", "suspend",
    ]  # fmt: skip


def test_wrangling_an_appeal_and_the_policy_pages_in_the_browser(
    browser: Browser, live_server: Any
) -> None:
    """A moderator wrangles a tag from its page; a member whose work was hidden appeals from
    the inbox notice; the policy pages and the data download read well in every skin."""
    from ficarchive.moderation.services import moderation_act
    from ficarchive.moderation.targets import target_for_moderator
    from ficarchive.tags.models import TagKind
    from tests.factories import TagFactory

    alice = UserFactory(username="alice")
    work = WorkFactory(title="Slayer Notes", creators=[CreatorFactory(name="Alice", user=alice)])
    short = TagFactory(name="Buffy S.", kind=TagKind.CHARACTER)
    TagFactory(name="Buffy Summers", kind=TagKind.CHARACTER)
    work.tags.add(short)
    moderator = UserFactory(username="maud", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))

    context = signed_in_context(browser, live_server.url, moderator)
    page = context.new_page()
    page.goto(f"{live_server.url}/tags/{short.pk}/works/")
    page.get_by_role("link", name="Wrangle this tag").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _audit(page, "wrangle")
    page.get_by_label("Make it a synonym of another tag").check()
    page.get_by_label("The other tag (synonym or merge)").fill("Buffy Summers")
    page.get_by_label("Why").fill("Same character.")
    _submit(page, "Wrangle the tag")
    assert page.get_by_text("A synonym of “Buffy Summers”.").is_visible()
    short.refresh_from_db()
    assert short.synonym_of is not None
    settle(context)

    moderation_act(
        moderator=moderator, target=target_for_moderator("work", work.pk), action="hide",
        reason="Wrong rating.",
    )  # fmt: skip
    author = signed_in_context(browser, live_server.url, alice)
    page = author.new_page()
    page.goto(f"{live_server.url}/users/alice/inbox/")
    page.get_by_role("link", name="The moderators hid your work: “Slayer Notes” by Alice").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _audit(page, "appeal")
    page.get_by_label("Why should the moderators change their decision?").fill("It is Teen.")
    _submit(page, "Send the appeal")
    assert Report.objects.get(reason="appeal").note == "It is Teen."
    page.goto(f"{live_server.url}/accounts/export/")
    _audit(page, "export")
    page.goto(f"{live_server.url}/terms/")
    assert page.get_by_role("heading", name="Terms of service").is_visible()
    _audit(page, "terms")
    footer = page.get_by_role("navigation", name="Policies")
    assert footer.get_by_role("link", name="Privacy").is_visible()
    settle(author)
