"""Response headers: an enforcing Content-Security-Policy every page obeys, a Permissions-Policy."""

from __future__ import annotations

import pytest
from django.test import Client
from lxml import html as lxml_html

from ficarchive.accounts.models import User
from ficarchive.works.models import Work
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db


def policy(client: Client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert "Content-Security-Policy-Report-Only" not in response.headers
    header = response.headers["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def blocked_inline_code(page: str) -> list[str]:
    """What in the page a policy without 'unsafe-inline' (and without hashes) would block."""
    problems: list[str] = []
    for element in lxml_html.document_fromstring(page).iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and not element.get("src"):
            problems.append("inline <script>")
        if element.tag == "style":
            problems.append("<style> element")
        for name in element.attrib:
            if name == "style" or name.lower().startswith("on"):
                problems.append(f"<{element.tag} {name}>")
    return problems


def test_every_page_sends_an_enforcing_policy_without_inline_code(alice: User) -> None:
    directives = policy(Client(), "/")
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


def test_policy_is_the_same_for_every_request_so_cached_pages_stay_valid() -> None:
    client = Client()
    assert (
        client.get("/").headers["Content-Security-Policy"]
        == (client.get("/search/").headers["Content-Security-Policy"])
    )
    assert "nonce-" not in client.get("/").headers["Content-Security-Policy"]


def page_urls(work: Work, user: User) -> dict[str, str]:
    return {
        "home": "/",
        "work": work.get_absolute_url(),
        "chapter": f"/works/{work.pk}/chapters/2/",
        "entire work": work.get_full_work_url(),
        "search": "/search/?q=work",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "profile": f"/users/{user.username}/",
        "bookmarks": f"/users/{user.username}/bookmarks/",
        "404": "/no/such/page/",
    }


def test_no_page_carries_inline_code_the_policy_would_block(alice: User) -> None:
    work = WorkFactory(chapters=2, expected_chapters=2)
    reader = Client()
    reader.post("/reader/preferences/", {"size": "larger", "next": "/"})
    member = Client()
    member.force_login(alice)
    pages = {
        **{f"{name} (guest)": (reader, url) for name, url in page_urls(work, alice).items()},
        **{f"{name} (member)": (member, url) for name, url in page_urls(work, alice).items()},
        "settings": (member, "/accounts/settings/"),
        "posting form": (member, "/works/new/"),
    }
    found = {
        name: problems
        for name, (client, url) in pages.items()
        if (problems := blocked_inline_code(client.get(url, follow=True).content.decode()))
    }
    assert found == {}


def test_display_settings_reach_the_first_html_as_attributes_the_stylesheet_reads() -> None:
    client = Client()
    client.post("/reader/preferences/", {"size": "larger", "next": "/"})
    client.post("/reader/preferences/", {"spacing": "looser", "next": "/"})
    root = lxml_html.document_fromstring(client.get("/").content.decode())
    assert root.get("data-size") == "11"
    assert root.get("data-spacing") == "175"
    stylesheet = client.get("/static/ficarchive/site.css")
    css = b"".join(stylesheet.streaming_content).decode()  # type: ignore[attr-defined]
    assert ':root[data-size="11"] { --reader-size: 1.1; }' in css
    assert ':root[data-spacing="175"] { --reader-leading: 1.75; }' in css


def test_powerful_browser_features_are_switched_off() -> None:
    header = Client().get("/").headers["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_a_page_from_the_guest_cache_keeps_every_security_header(alice: User) -> None:
    work = WorkFactory(chapters=2, expected_chapters=2)
    for url in ("/", work.get_absolute_url(), f"/works/{work.pk}/chapters/2/"):
        fresh = Client().get(url)
        cached = Client().get(url)
        assert cached.content == fresh.content  # the second one came from the cache
        for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options",
                     "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
                     "Content-Type", "Vary"):  # fmt: skip
            assert cached.headers[name] == fresh.headers[name], (url, name)
        assert cached.headers["X-Frame-Options"] == "DENY"
        assert not cached.cookies
