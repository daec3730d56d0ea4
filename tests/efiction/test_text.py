"""eFiction's text as clean HTML, whatever it was written in (pure functions: no MariaDB)."""

from __future__ import annotations

import codecs

import pytest

from ficarchive.efiction.reader import Connection, numbers, when
from ficarchive.efiction.taxonomy import archive_warning
from ficarchive.efiction.text import decode, plain_title, story_html
from ficarchive.tags.models import ArchiveWarning


@pytest.mark.parametrize(
    "data",
    [
        "Zoë’s café".encode(),
        codecs.BOM_UTF8 + "Zoë’s café".encode(),
        "Zoë’s café".encode("cp1252"),
        # UTF-8 read as Latin-1 and stored again as UTF-8 (a converted table).
        "Zoë’s café".encode().decode("cp1252").encode(),
    ],
)
def test_every_encoding_archives_hold_decodes(data: bytes) -> None:
    assert decode(data) == "Zoë’s café"


def test_plain_text_becomes_paragraphs() -> None:
    assert story_html("One line.\nTwo & <i>three</i>.\n") == (
        "<p>One line.</p>\n<p>Two &amp; <i>three</i>.</p>"
    )
    assert story_html("A\nB\n\nC") == "<p>A<br>B</p>\n<p>C</p>"


def test_word_markup_spacers_and_scripts_go() -> None:
    html = (
        "<!--[if gte mso 9]><xml><w:WordDocument>Normal</w:WordDocument></xml><![endif]-->"
        '<p class="MsoNormal" style="x">A&nbsp;&nbsp;b<o:p></o:p></p><p>&nbsp;</p>'
        '<script>alert(1)</script><p onclick="x()">C</p>'
    )
    assert story_html(html) == "<p>A b</p><p>C</p>"


def test_titles_lose_tags_and_entities() -> None:
    assert plain_title("  <b>Once</b> More, With &quot;Feeling&quot;&nbsp;") == (
        'Once More, With "Feeling"'
    )


def test_comma_lists_dates_and_addresses() -> None:
    assert numbers("3, 5,,x,3, 9,") == [3, 5, 9]
    assert when(b"0000-00-00 00:00:00") is None
    assert when(b"2004-03-01") is not None
    assert Connection.from_url("mysql://me:p%40ss@db.example:3307/archive") == Connection(
        host="db.example", port=3307, user="me", password="p@ss", database="archive"
    )


def test_warning_classes_map_onto_archive_warnings() -> None:
    assert archive_warning("Rape/Non-Con") is ArchiveWarning.RAPE
    assert archive_warning("non-con") is ArchiveWarning.RAPE
    assert archive_warning("Graphic Violence") is ArchiveWarning.VIOLENCE
    assert archive_warning("Language") is None
