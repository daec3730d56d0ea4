"""The Tantivy backend's promise: the index follows the database's transactions.

These tests choose Tantivy themselves, so they run on every `make test` pass (SQLite and
PostgreSQL); tests/search/test_search.py runs against it in the extra Tantivy pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tantivy as tantivy_module
from django.db import transaction
from django.test import Client, override_settings

from ficarchive.search.backends.tantivy_index import TantivyBackend, tantivy_backend
from ficarchive.search.documents import work_texts
from ficarchive.search.models import PendingIndexUpdate
from ficarchive.search.services import search_deferred, search_index_work
from ficarchive.works.models import Visibility, Work
from tests.factories import ChapterFactory, WorkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tantivy(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "search-index"
    with override_settings(SEARCH_BACKEND="tantivy", SEARCH_INDEX_DIR=directory):
        yield directory


def post(title: str, text: str, **kwargs: object) -> Work:
    work = WorkFactory(title=title, chapters=0, **kwargs)
    ChapterFactory(work=work, position=1, body_html=f"<p>{text}</p>")
    search_index_work(work_id=work.pk)
    return work


def titles(query: str) -> list[str]:
    response = Client().get("/search/", {"q": query})
    assert response.status_code == 200
    return [result["work"].title for result in response.context["results"]]


def test_a_committed_change_is_in_the_index_once_it_commits(
    tantivy: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post("Ferry", "The ferry left at dawn.")
    assert not PendingIndexUpdate.objects.exists()  # caught up after the commit, not later
    assert tantivy_backend(tantivy).index.searcher().num_docs == 1
    assert titles("ferry") == ["Ferry"]


def test_a_rolled_back_change_never_reaches_the_index() -> None:
    post("Kept", "A lantern in the window.")

    @transaction.atomic
    def failing_import() -> None:
        post("Lost", "A lantern on the pier.")
        raise RuntimeError("the import failed half-way")

    with pytest.raises(RuntimeError):
        failing_import()
    assert titles("lantern") == ["Kept"]
    assert not PendingIndexUpdate.objects.exists()


def test_a_missed_catch_up_is_made_before_the_next_search() -> None:
    # Tests never run on_commit callbacks: this is the process dying right after COMMIT.
    post("Orchard", "Apples in the orchard.")
    assert PendingIndexUpdate.objects.count() == 1
    assert titles("orchard") == ["Orchard"]
    assert not PendingIndexUpdate.objects.exists()


def test_a_stale_document_cannot_show_a_hidden_work() -> None:
    work = post("Harbour", "Gulls over the harbour.")
    assert titles("harbour") == ["Harbour"]
    # A change that went around the services (a raw UPDATE) leaves the document stale…
    Work.objects.filter(pk=work.pk).update(visibility=Visibility.DRAFT)
    # …but every page is re-read through visible_to.
    assert titles("harbour") == []


def test_another_worker_sees_what_one_worker_wrote(tantivy: Path) -> None:
    first, second = TantivyBackend(tantivy), TantivyBackend(tantivy)
    assert first.is_empty()
    assert second.is_empty()
    work = WorkFactory(title="Lighthouse", chapters=1)
    first.replace_work(work_texts([work.pk])[0], [])
    first.catch_up()
    assert not second.is_empty()  # reloaded when the other process committed


def test_a_bulk_import_catches_up_once_at_the_end(tantivy: Path) -> None:
    with search_deferred():
        for n in range(3):
            post(f"Bulk {n}", "Snow on the rails.")
        assert PendingIndexUpdate.objects.count() == 3
    assert not PendingIndexUpdate.objects.exists()
    assert tantivy_backend(tantivy).index.searcher().num_docs == 3
    assert sorted(titles("snow")) == ["Bulk 0", "Bulk 1", "Bulk 2"]


def test_an_index_from_another_version_is_started_again(tantivy: Path) -> None:
    builder = tantivy_module.SchemaBuilder()
    builder.add_text_field("old_field")
    tantivy.mkdir(parents=True)
    old = tantivy_module.Index(builder.build(), path=str(tantivy))
    writer = old.writer(15_000_000, 1)
    writer.add_document(tantivy_module.Document(old_field="x"))
    writer.commit()
    del writer, old
    engine = TantivyBackend(tantivy)
    assert engine.is_empty()  # so `ficarchive serve` rebuilds it
    post("Tide", "The tide came in.")
    assert titles("tide") == ["Tide"]
