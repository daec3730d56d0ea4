from __future__ import annotations

import pytest

from ficarchive.formats.sanitize import sanitize_html
from ficarchive.formats.text_of_html import count_words, html_to_text


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>window.__xss=1</script>",
        '<img src="https://example.org/x.png" onerror="window.__xss=1">',
        '<a href="javascript:window.__xss=1">click</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<svg onload="window.__xss=1"></svg>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<iframe src=https://example.org></iframe>",
    ],
)
def test_active_content_is_removed(hostile: str) -> None:
    cleaned = sanitize_html(hostile).lower()
    for active in ("<script", "onerror", "javascript:", "data:", "onload", "style=", "<iframe"):
        assert active not in cleaned


def test_story_formatting_survives_and_links_get_rel() -> None:
    cleaned = sanitize_html(
        '<p><em>She</em> <strong>ran</strong>.</p><hr><a href="https://example.org">x</a>'
    )
    assert "<em>She</em>" in cleaned
    assert "<hr>" in cleaned
    assert 'rel="nofollow noopener"' in cleaned


def test_images_only_over_https() -> None:
    assert "src" not in sanitize_html('<img src="http://example.org/a.png">')
    assert 'src="https://example.org/a.png"' in sanitize_html(
        '<img src="https://example.org/a.png">'
    )


def test_text_and_words_come_from_the_html() -> None:
    text = html_to_text("<p>One  two&nbsp;three.</p><hr><p>Four &amp; five</p>")
    assert text == "One two three.\nFour & five"
    assert count_words(text) == 6
