from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ficarchive.formats.source_ids import source_id
from ficarchive.formats.sources import iter_sources
from tests.formats.epub_builder import build_epub, xhtml


def test_zip_of_stories_yields_each_story(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("stories/one.txt", "One by A\n\nText.")
        archive.writestr("stories/two.html", "<p>Two</p>")
        archive.writestr("__MACOSX/._one.txt", "junk")
        archive.writestr("cover.jpg", b"\xff\xd8")
    (tmp_path / "bundle.zip").write_bytes(buffer.getvalue())
    sources = list(iter_sources([tmp_path]))
    assert [s.name.rsplit(":", 1)[1] for s in sources] == ["stories/one.txt", "stories/two.html"]
    assert sources[0].data == b"One by A\n\nText."


def test_an_epub_is_one_story_not_an_archive(tmp_path: Path) -> None:
    book = build_epub(chapters=[("One", xhtml("One", "<p>Text of the book.</p>"))])
    (tmp_path / "book.epub").write_bytes(book)
    [source] = iter_sources([tmp_path / "book.epub"])
    assert source.data == book


def test_unreadable_and_oversized_files_are_reported_not_raised(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    sources = list(iter_sources([big, tmp_path / "missing.txt"]))
    assert [s.error for s in sources] == [
        "larger than 20 MB",
        "cannot read: No such file or directory",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.tthfanfic.org/Story-12345",
        "https://www.tthfanfic.org/Story-12345-3/author+title.htm",
        "http://tthfanfic.org/Story-12345/Author+Story+Title.htm",
        "http://wylfa.tthfanfic.org/Story-12345-1/Author+Story+Title.htm",
        "https://www.tthfanfic.org/T-99999999/Story-12345-1/Author+Story+Title.htm",
        "http://www.tthfanfic.org/story.php?no=12345",
        "HTTPS://WWW.TTHFANFIC.ORG/Story-12345-2#top",
    ],
)
def test_every_address_of_a_tth_story_names_the_same_story(url: str) -> None:
    found = source_id(url)
    assert found is not None
    assert found.url == "https://www.tthfanfic.org/Story-12345"
    assert "http://tthfanfic.org/Story-12345/" in found.prefixes


def test_a_tth_story_is_not_a_story_with_a_longer_number() -> None:
    found = source_id("https://www.tthfanfic.org/Story-123456-2/x.htm")
    assert found is not None
    assert found.url == "https://www.tthfanfic.org/Story-123456"
    assert not any(p.endswith("Story-12345/") for p in found.prefixes)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.tthfanfic.org/AuthorStories-3449/Greywizard.htm",
        "https://tthfanfic.org.example.com/Story-12345",
        "https://www.tthfanfic.org/story.php?id=12345",
    ],
)
def test_other_tth_pages_and_lookalike_hosts_stand_for_themselves(url: str) -> None:
    found = source_id(url)
    assert found is not None
    assert found.url == url
    assert found.prefixes == ()
