"""The terms, privacy and content policy pages: linked from every page's footer, written by
admins (sanitized), and accepted at sign-up."""

from __future__ import annotations

import pytest
from django.test import Client

from ficarchive.accounts.models import User
from ficarchive.privacy.models import PolicyPage
from tests.humans import as_a_person

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "newbie", "email": "newbie@example.org",
    "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9",
}  # fmt: skip


def test_every_page_links_the_policies_from_its_footer(alice: User) -> None:
    for url in ("/", "/fandoms/", "/accounts/login/", "/search/?q=x"):
        page = Client().get(url).content.decode()
        footer = page[page.index('<footer class="site-footer">') :]
        for link in ('href="/terms/"', 'href="/privacy/"', 'href="/content-policy/"'):
            assert link in footer, (url, link)


def test_the_archive_starts_with_its_three_pages() -> None:
    for url, title in (
        ("/terms/", "Terms of service"),
        ("/privacy/", "Privacy policy"),
        ("/content-policy/", "Content policy"),
    ):
        response = Client().get(url)
        assert response.status_code == 200
        assert f'<h1 id="policy-heading">{title}</h1>' in response.content.decode()


def test_an_admin_edits_a_page_in_markdown_and_it_is_sanitized() -> None:
    admin = User.objects.create_superuser("root", "root@example.org", "a-long-passphrase-9")
    client = Client()
    client.force_login(admin)
    page = PolicyPage.objects.get(slug="terms")
    response = client.post(
        f"/admin/privacy/policypage/{page.pk}/change/",
        {"slug": "terms", "title": "Our terms",
         "body": "**Be kind.**\n\n<script>alert(1)</script><a href=\"javascript:x()\">x</a>"},
    )  # fmt: skip
    assert response.status_code == 302
    html = Client().get("/terms/").content.decode()
    assert "<strong>Be kind.</strong>" in html
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html


def test_sign_up_asks_to_accept_the_terms_and_keeps_when() -> None:
    form = Client().get("/accounts/signup/").content.decode()
    assert 'name="accept_terms"' in form
    assert 'href="/terms/"' in form
    refused = Client().post("/accounts/signup/", {**SIGNUP, **as_a_person()})
    assert refused.status_code == 400
    assert "accept the terms" in refused.content.decode()
    assert not User.objects.filter(username="newbie").exists()
    accepted = Client().post("/accounts/signup/", {**SIGNUP, **as_a_person(), "accept_terms": "on"})
    assert accepted.status_code == 302
    assert User.objects.get(username="newbie").terms_accepted_at is not None


def test_a_robot_filling_the_sign_up_at_once_is_refused() -> None:
    for extra in (as_a_person(seconds_ago=0.2), {**as_a_person(), "website": "x"}):
        response = Client().post("/accounts/signup/", {**SIGNUP, **extra, "accept_terms": "on"})
        assert response.status_code == 400
    assert not User.objects.filter(username="newbie").exists()


def test_a_deleted_page_falls_back_to_the_archives_first_text() -> None:
    PolicyPage.objects.filter(slug="privacy").delete()
    response = Client().get("/privacy/")
    assert response.status_code == 200
    assert "keeps what it needs to run" in response.content.decode()
