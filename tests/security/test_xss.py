"""Stored XSS: every hostile payload, saved in every field a reader sees, stays inert.

The pages are parsed and inspected as a browser would build them: no script but our own,
no event-handler attributes, no script-capable URLs, no embedding elements. The browser
suite (tests/browser/test_xss_browser.py) also runs them in Chromium.
"""

from __future__ import annotations

import pytest
from django.test import Client
from lxml import html as lxml_html

from ficarchive.accounts.models import User
from ficarchive.works.models import Creator, Work
from ficarchive.works.posting import ChapterData, WorkData, work_create
from tests.security.payloads import PAYLOADS

pytestmark = pytest.mark.django_db
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "srcdoc",
    "xlink:href",
    "background",
}
FORBIDDEN_ELEMENTS = {
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "frame",
    "frameset",
    "applet",
}


def post_hostile_work(user: User, payload: str, index: int) -> Work:
    data = WorkData(
        title=f"{payload} {index}", fandoms=[payload], rating="teen",
        relationships=[payload], characters=[payload], freeforms=[payload],
        summary=payload, notes_begin=payload, notes_end=payload, betas=[payload[:90]],
        series_title=payload[:200],
    )  # fmt: skip
    chapter = ChapterData(title=payload[:250], notes_begin=payload, notes_end=payload, text=payload)
    return work_create(user=user, data=data, chapter=chapter, post=True)


def inert_problems(page: str) -> list[str]:
    """What in the page could run code or load a document, as the DOM would have it."""
    problems: list[str] = []
    tree = lxml_html.document_fromstring(page)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not (element.get("src") or "").startswith("/static/"):
            problems.append(f"script element: {lxml_html.tostring(element)[:80]!r}")
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"{tag} element")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            problems.append("meta refresh")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{tag}[{name}]")
            squeezed = "".join(value.split()).lower()
            if name.lower() in URL_ATTRIBUTES and squeezed.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                problems.append(f"{tag}[{name}={value[:40]}]")
            if name.lower() == "style" and tag != "html":  # the root's is the reader's own
                problems.append(f"{tag}[style] from user content: {value[:40]}")
    return problems


@pytest.fixture
def hostile_works(alice: User, alice_creator: Creator, settings: object) -> list[Work]:
    settings.FICARCHIVE_POSTS_PER_HOUR = 1000  # type: ignore[attr-defined]
    return [post_hostile_work(alice, payload, n) for n, payload in enumerate(PAYLOADS)]


def test_corpus_is_large_enough() -> None:
    assert len(PAYLOADS) >= 50


def test_every_page_showing_the_payloads_stays_inert(
    hostile_works: list[Work], alice: User
) -> None:
    reader = Client()
    author = Client()
    author.force_login(alice)
    pages = ["/", "/?page=2", "/?page=3", "/users/alice/"]
    for work in hostile_works:
        pages += [
            work.get_absolute_url(),
            f"/works/{work.pk}/chapters/1/",
            work.get_full_work_url(),
        ]
        pages.append(work.ordered_creators[0].get_absolute_url())
    checked = 0
    for client in (reader, author):
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert inert_problems(response.content.decode()) == [], url
            checked += 1
    for work in hostile_works[:10]:
        edit = author.get(f"/works/{work.pk}/edit/").content.decode()
        assert inert_problems(edit) == [], "the edit form shows stored values inertly"
    assert checked >= 2 * 3 * len(PAYLOADS)


def test_payload_text_is_shown_as_text_not_dropped(hostile_works: list[Work]) -> None:
    page = Client().get(hostile_works[0].get_absolute_url()).content.decode()
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt; 0" in page, "titles are escaped, not eaten"


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>x()</script>",
        '<img src="x" onerror="x()">',
        '<a href=" javascript:x()">l</a>',
        "<iframe></iframe>",
        '<p style="color:red">x</p>',
        '<meta http-equiv="refresh" content="0">',
    ],
)
def test_the_inspector_itself_sees_danger(dangerous: str) -> None:
    assert inert_problems(f"<html><body>{dangerous}</body></html>") != []
