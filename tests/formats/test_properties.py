"""Property tests: every parser returns a work or raises the one FormatError, whatever it is fed."""

from __future__ import annotations

import contextlib
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficarchive.formats import FormatError, parse
from ficarchive.formats.registry import PARSERS
from tests.formats.epub_builder import build_epub

PROSE = st.sampled_from([
    "The rain stopped at the bus station.", "“Wait,” she said.", "He did not answer.",
    "Nobody had ever asked to come back.", "It was, it turned out, enough.",
])  # fmt: skip
CHROME = st.sampled_from([
    "full 3/4 1/2 skin light dark", "+ Font Size - Font Size Full 3/4 1/2 Expand Tighten",
    "Follow/Fav", "< Prev", "Next Chapter", "Review", "Post Review As Guest",
    "Please drop by the Archive and comment to let the creator know if you enjoyed their work!",
])  # fmt: skip
NOTES = st.sampled_from([
    "A/N: Thanks to Someone for betaing!", "Author's Note: Written for a fest.",
    "{AN: braces}", "Disclaimer: not mine.", "Beta'd by Ollie.", "AN:", "A/N",
])  # fmt: skip
BREAKS = st.sampled_from(["*****", "* * *", "x-X-x", "~~~", "-oOo-", "###", "____", "xXx"])
HEADINGS = st.sampled_from(
    ["Chapter 1", "Chapter Three – The Sea", "Part One", "Epilogue", "3. Title"]
)
PIECES = st.lists(
    st.one_of(PROSE, CHROME, NOTES, BREAKS, HEADINGS, st.text(max_size=40)), max_size=30
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_work_or_format_error(kind: str, data: bytes) -> None:
    try:
        work = PARSERS[kind].parse(data, fallback_title="fallback")
    except FormatError as error:
        message = str(error)
        assert message, "a refusal always says why"
        return
    assert work.title
    assert work.chapters
    for chapter in work.chapters:
        for block in chapter.blocks:
            assert block.type in {"paragraph", "scene_break"}
            assert "\ue000" not in block.text


@FAST
@given(st.binary(max_size=3000))
def test_text_parser_on_any_bytes(data: bytes) -> None:
    assert_work_or_format_error("text", data)


@FAST
@given(st.binary(max_size=3000))
def test_html_parser_on_any_bytes(data: bytes) -> None:
    assert_work_or_format_error("html", b"<html><body>" + data)


@FAST
@given(st.binary(max_size=3000))
def test_epub_parser_on_any_bytes(data: bytes) -> None:
    assert_work_or_format_error("epub", b"PK\x03\x04" + data)


@FAST
@given(PIECES, st.sampled_from(["\n\n", "\n", "\r\n\r\n"]))
def test_text_mixtures_of_chrome_notes_breaks_and_prose(pieces: list[str], sep: str) -> None:
    assert_work_or_format_error("text", sep.join(pieces).encode())


@FAST
@given(PIECES, st.sampled_from(["p", "div", "br", "hr"]))
def test_html_mixtures(pieces: list[str], wrapper: str) -> None:
    if wrapper in {"br", "hr"}:
        body = f"<{wrapper}>".join(pieces)
    else:
        body = "".join(f"<{wrapper}>{piece}</{wrapper}>" for piece in pieces)
    assert_work_or_format_error("html", f"<html><body>{body}</body></html>".encode())


@FAST
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["META-INF/container.xml", "content.opf", "a.xhtml", "toc.ncx", "mimetype"]
            ),
            st.binary(max_size=300),
        ),
        max_size=5,
    )
)
def test_epub_with_arbitrary_members(members: list[tuple[str, bytes]]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in dict(members).items():
            archive.writestr(name, content)
    assert_work_or_format_error("epub", buffer.getvalue())


@FAST
@given(st.binary(max_size=2000), st.text(max_size=60), st.sampled_from(["2.0", "3.0"]))
def test_valid_epub_with_arbitrary_chapter_and_title(
    chapter: bytes, title: str, version: str
) -> None:
    data = build_epub(title=title.replace("<", ""), chapters=[(title, chapter)], version=version)
    assert_work_or_format_error("epub", data)


@FAST
@given(st.binary(max_size=500))
def test_public_parse_never_raises_anything_else(data: bytes) -> None:
    with contextlib.suppress(FormatError):
        parse(data, name="x.txt")
