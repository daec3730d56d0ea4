"""Downloads: every format for those who may read the work, a 404 for everyone else whatever
the cache holds, each version built once and rebuilt after an edit, big works and series in
the background, file names and headers, no writes and few queries."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from ficarchive.accounts.models import User
from ficarchive.downloads.builds import work_epub
from ficarchive.downloads.models import DownloadDigest
from ficarchive.downloads.services import downloads_digests_record
from ficarchive.formats.export.epub import epub_digests
from ficarchive.works.models import Creator, Series, SeriesPart, Visibility, Work
from ficarchive.works.posting import ChapterData, chapter_create, chapter_update
from tests.factories import CreatorFactory, WorkFactory

pytestmark = pytest.mark.django_db

FORMATS = ["epub", "html", "txt", "pdf"]
CALIBRE = ["azw3", "mobi"]


def url(work: Work, fmt: str, slug: str = "a-title") -> str:
    return reverse("downloads:work", args=[work.pk, slug, fmt])


def series_url(series: Series) -> str:
    return reverse("downloads:series", args=[series.pk, "saga", "epub"])


def epub_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def epub_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith("xhtml"))


@pytest.fixture
def work(alice_creator: Creator) -> Work:
    return WorkFactory(title="Salt Roads", creators=[alice_creator], chapters=2)


@pytest.fixture
def client_for(alice: User, bob: User) -> Callable[[str], Client]:
    def make(who: str) -> Client:
        client = Client()
        if who != "guest":
            client.force_login({"owner": alice, "stranger": bob}[who])
        return client

    return make


@pytest.mark.parametrize("fmt", FORMATS)
def test_guest_downloads_a_public_work_in_every_format(work: Work, fmt: str) -> None:
    response = Client().get(url(work, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="Salt Roads - Alice.{fmt}"'
    assert "private" in response["Cache-Control"]
    body = response.content
    assert body.startswith(
        {"epub": b"PK", "pdf": b"%PDF", "html": b"<!DOCTYPE html>"}.get(fmt, b"Salt Roads")
    )


def test_file_name_in_other_scripts_uses_rfc_5987(alice_creator: Creator) -> None:
    work = WorkFactory(title='Ночной паром: "1/2"', creators=[alice_creator], chapters=1)
    disposition = Client().get(url(work, "epub", "nochnoi"))["Content-Disposition"]
    assert disposition == (
        "attachment; filename*=utf-8''%D0%9D%D0%BE%D1%87%D0%BD%D0%BE%D0%B9%20"
        "%D0%BF%D0%B0%D1%80%D0%BE%D0%BC%201%202%20-%20Alice.epub"
    )


@pytest.mark.parametrize("visibility", [Visibility.DRAFT, Visibility.HIDDEN, Visibility.REGISTERED])
@pytest.mark.parametrize("fmt", FORMATS + CALIBRE)
def test_unreadable_work_is_a_404_in_every_format(
    work: Work,
    client_for: Callable[[str], Client],
    visibility: str,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("ficarchive.downloads.builds.shutil.which", lambda name: None)
    Work.objects.filter(pk=work.pk).update(visibility=visibility)
    assert client_for("guest").get(url(work, fmt)).status_code == 404
    stranger = client_for("stranger").get(url(work, fmt)).status_code
    assert stranger == (
        404 if visibility != Visibility.REGISTERED else 200 if fmt in FORMATS else 501
    )


def test_owner_downloads_their_draft(work: Work, client_for: Callable[[str], Client]) -> None:
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.DRAFT)
    assert client_for("owner").get(url(work, "epub")).status_code == 200


def test_visibility_is_checked_before_the_cached_file(work: Work) -> None:
    assert Client().get(url(work, "epub")).status_code == 200  # built and kept
    # Hidden behind the services' back (no change event): the kept file must not leak.
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.HIDDEN)
    assert Client().get(url(work, "epub")).status_code == 404


def test_each_version_is_built_once(work: Work, monkeypatch: pytest.MonkeyPatch) -> None:
    from ficarchive.downloads import builds

    calls = []
    original = builds.build_epub
    monkeypatch.setattr(builds, "build_epub", lambda book: calls.append(1) or original(book))
    first = Client().get(url(work, "epub")).content
    second = Client().get(url(work, "epub")).content
    assert first == second
    assert len(calls) == 1


def test_an_edit_gives_a_new_version(work: Work) -> None:
    before = Client().get(url(work, "epub")).content
    chapter = work.chapters.get(position=1)
    chapter_update(
        chapter=chapter, data=ChapterData(title="Renamed", text="<p>Brand new words.</p>")
    )
    after = Client().get(url(work, "epub")).content
    assert "Brand new words." not in epub_text(before)
    assert "Brand new words." in epub_text(after)
    assert "Chapter 1: Renamed" in epub_text(after)


def test_a_new_chapter_keeps_the_other_chapters_file_names(work: Work, alice: User) -> None:
    before = set(epub_names(Client().get(url(work, "epub")).content))
    added = chapter_create(
        work=work, user=alice, chapter=ChapterData(text="<p>More.</p>"), post=True
    )
    after = set(epub_names(Client().get(url(work, "epub")).content))
    assert after - before == {f"OEBPS/chapter-{added.pk}.xhtml"}
    for chapter in work.chapters.exclude(pk=added.pk):
        assert f"OEBPS/chapter-{chapter.pk}.xhtml" in before


def test_html_download_carries_the_readers_skin(work: Work) -> None:
    light = Client().get(url(work, "html")).content.decode()
    client = Client()
    client.cookies["reader"] = "skin=dark&size=14&spacing=200&width=half&font=sans"
    dark = client.get(url(work, "html")).content.decode()
    assert "background: #fbfaf7" in light
    assert "background: #121417" in dark
    assert "font-size: 1.4em" in dark
    assert "line-height: 2.00" in dark


def test_txt_download_has_the_header_and_text(work: Work) -> None:
    text = Client().get(url(work, "txt")).content.decode()
    assert text.startswith("Salt Roads\nby Alice\n")
    assert "Chapter 2 opens here." in text


@override_settings(FICARCHIVE_DOWNLOADS_BACKGROUND_WORDS=5)
def test_a_big_work_builds_in_the_background(work: Work, run_tasks: Callable[[], int]) -> None:
    waiting = Client().get(url(work, "epub"))
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert "Your download is on its way" in page
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', page)
    assert Client().get(url(work, "epub")).status_code == 202  # queued once, still waiting
    assert run_tasks() == 1
    ready = Client().get(url(work, "epub"))
    assert ready.status_code == 200
    assert ready.content.startswith(b"PK")


def test_calibre_formats_explain_themselves_when_calibre_is_missing(
    work: Work, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ficarchive.downloads.builds.shutil.which", lambda name: None)
    for fmt in CALIBRE:
        response = Client().get(url(work, fmt))
        assert response.status_code == 501
        assert f"{fmt.upper()} downloads are not available here" in response.content.decode()


def test_calibre_formats_build_in_the_background_when_calibre_is_there(
    work: Work, monkeypatch: pytest.MonkeyPatch, run_tasks: Callable[[], int]
) -> None:
    monkeypatch.setattr("ficarchive.downloads.builds.shutil.which", lambda name: "/usr/bin/x")
    monkeypatch.setattr(
        "ficarchive.downloads.builds.convert_with_calibre",
        lambda epub, fmt: b"converted " + fmt.encode(),
    )
    assert Client().get(url(work, "azw3")).status_code == 202
    run_tasks()
    response = Client().get(url(work, "azw3"))
    assert response.status_code == 200
    assert response.content == b"converted azw3"
    assert response["Content-Type"] == "application/vnd.amazon.ebook"


@pytest.fixture
def saga(alice_creator: Creator, work: Work) -> Series:
    series = Series.objects.create(title="Saga")
    second = WorkFactory(title="Second Tide", creators=[alice_creator], chapters=1)
    hidden = WorkFactory(
        title="Secret Part", creators=[CreatorFactory()], visibility=Visibility.DRAFT
    )
    for position, part in enumerate([work, hidden, second], start=1):
        SeriesPart.objects.create(series=series, work=part, position=position)
    return series


def test_series_builds_in_the_background_as_one_epub(
    saga: Series, run_tasks: Callable[[], int]
) -> None:
    assert Client().get(series_url(saga)).status_code == 202
    run_tasks()
    response = Client().get(series_url(saga))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Saga - Alice.epub"'
    text = epub_text(response.content)
    assert "Salt Roads" in text
    assert "Second Tide" in text
    assert "Secret Part" not in text  # a draft part stays out of the guest's book


def test_series_of_unreadable_works_is_a_404(
    saga: Series, client_for: Callable[[str], Client]
) -> None:
    Work.objects.filter(series_parts__series=saga).update(visibility=Visibility.HIDDEN)
    for who in ("guest", "stranger"):
        assert client_for(who).get(series_url(saga)).status_code == 404
    # Creators see their own works whatever their state, and so their series.
    assert client_for("owner").get(series_url(saga)).status_code == 202


def test_guest_download_writes_nothing_to_the_database(work: Work) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url(work, "epub")).status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


@pytest.mark.parametrize("who", ["guest", "owner", "stranger"])
def test_download_query_count(
    work: Work, client_for: Callable[[str], Client], who: str,
    django_assert_max_num_queries: Callable[[int], DjangoAssertNumQueries],
) -> None:  # fmt: skip
    client = client_for(who)
    client.get("/")  # sessions warmed, as on a real visit
    with django_assert_max_num_queries(8):
        assert client.get(url(work, "epub")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(url(work, "txt")).status_code == 200


def test_served_epub_digests_are_kept(work: Work) -> None:
    served = Client().get(url(work, "epub")).content
    assert downloads_digests_record() == 1
    digest = DownloadDigest.objects.get(work=work)
    assert (digest.md5, digest.partial_md5) == epub_digests(served)
    built = work_epub(work_id=work.pk, site_url="http://testserver/")
    assert built.data == served
    assert built.md5 == digest.md5


def test_work_epub_leaves_access_to_its_callers_and_holds_posted_chapters_only(
    work: Work,
) -> None:
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.DRAFT)
    work.chapters.filter(position=2).update(is_posted=False, body_html="<p>Unposted draft.</p>")
    built = work_epub(work_id=work.pk, site_url="http://testserver/")
    assert built.data.startswith(b"PK")
    assert "Unposted draft." not in epub_text(built.data)


def test_an_edit_to_a_part_gives_the_series_a_new_version(
    saga: Series, work: Work, run_tasks: Callable[[], int]
) -> None:
    Client().get(series_url(saga))
    run_tasks()
    assert Client().get(series_url(saga)).status_code == 200
    chapter_update(chapter=work.chapters.get(position=1), data=ChapterData(text="<p>Changed.</p>"))
    assert Client().get(series_url(saga)).status_code == 202
    run_tasks()
    assert "Changed." in epub_text(Client().get(series_url(saga)).content)


def test_a_long_works_pdf_builds_in_the_background(
    work: Work, monkeypatch: pytest.MonkeyPatch, run_tasks: Callable[[], int]
) -> None:
    monkeypatch.setattr("ficarchive.downloads.builds.PDF_INLINE_WORDS", 5)
    assert Client().get(url(work, "pdf")).status_code == 202
    assert Client().get(url(work, "epub")).status_code == 200  # the other formats at once
    run_tasks()
    assert Client().get(url(work, "pdf")).content.startswith(b"%PDF")
