"""PostgreSQL's own index (RUM when the server has it, GIN otherwise): both give the same
matches and a sensible order, and a passage is found however deep in a long chapter it is."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from ficarchive.search.backends.postgres import PostgresBackend
from ficarchive.search.backends.postgres_schema import uses_rum
from ficarchive.search.query import parse_query
from ficarchive.works.models import Work
from tests.factories import ChapterFactory, WorkFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own index"),
]
FILLER = "The tide went out and the gulls argued over the harbour wall. " * 2500  # 160 kB


def make_work(title: str, *bodies: str) -> Work:
    work = WorkFactory(title=title, chapters=0)
    for position, body in enumerate(bodies, start=1):
        ChapterFactory(work=work, position=position, title=f"Part {position}", body_html=body)
    work.refresh_word_count()
    # Into PostgreSQL's index whichever backend the archive is set to (the suite's Tantivy
    # pass runs these too).
    PostgresBackend().reindex_works([work.pk])
    return work


def titles(backend: PostgresBackend, words: str) -> list[str]:
    outcome = backend.search(
        user=AnonymousUser(), query=parse_query(words, today=date(2026, 12, 4)), filters={},
        sort="",
    )  # fmt: skip
    return [work.title for work in outcome.ordered[:20]]


def rum_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


@pytest.mark.parametrize("rum", [True, False], ids=["rum", "gin"])
def test_best_match_puts_the_title_first_then_the_text_that_says_it_most(rum: bool) -> None:
    if rum and not uses_rum(connection):
        pytest.skip("this PostgreSQL has no RUM extension (Debian: postgresql-15-rum)")
    make_work("Harbour Days", "<p>A lighthouse, once, far off.</p>")
    make_work("Lighthouse", "<p>She came back to the coast.</p>")
    make_work("Keeper", "<p>The lighthouse, the lighthouse lamp, the lighthouse stairs.</p>")
    make_work("Inland", "<p>No sea here at all.</p>")
    order = titles(PostgresBackend(rum=rum), "lighthouse")
    assert order == ["Lighthouse", "Keeper", "Harbour Days"]
    assert titles(PostgresBackend(rum=rum), '"lighthouse lamp"') == ["Keeper"]


def test_a_passage_deep_in_a_long_chapter_is_found_and_marked() -> None:
    make_work("Long Haul", f"<p>{FILLER}</p><p>Then the signal rating changed at dawn.</p>")
    backend = PostgresBackend()
    for words in ("signal", "rate", "dawn signal"):
        query = parse_query(words, today=date(2026, 12, 4))
        [work] = backend.search(user=AnonymousUser(), query=query, filters={}, sort="").ordered
        [snippet] = backend.snippets(query, [work.pk]).values()
        assert "<mark>" in snippet.html, words
        assert "the signal rating changed" in snippet.html.replace("<mark>", "").replace(
            "</mark>", ""
        )


def test_a_false_start_far_from_the_match_falls_back_to_the_whole_chapter() -> None:
    # "rate" is stemmed "rate": its loose start "rat" first finds "rather", whose window does
    # not reach the match; the exact start finds no word at all; the chapter is short enough
    # (under 100,000 characters) to be read whole, so the passage is still the match's.
    filler = "The tide went out and the gulls argued over the harbour wall. " * 800  # 50 kB
    make_work("False Start", f"<p>She would rather wait.</p><p>{filler}</p><p>The rating fell.</p>")
    query = parse_query("rate", today=date(2026, 12, 4))
    backend = PostgresBackend()
    [work] = backend.search(user=AnonymousUser(), query=query, filters={}, sort="").ordered
    [snippet] = backend.snippets(query, [work.pk]).values()
    assert "<mark>rating</mark> fell" in snippet.html


def test_the_first_matching_chapter_gives_the_passage() -> None:
    work = make_work("Three", "<p>Nothing yet.</p>", "<p>The comet rose.</p>", "<p>comet</p>")
    query = parse_query("comet", today=date(2026, 12, 4))
    [snippet] = PostgresBackend().snippets(query, [work.pk]).values()
    assert snippet.chapter_position == 2
    assert snippet.html == "The <mark>comet</mark> rose."


def test_rebuild_indexes_with_rum_when_the_server_has_it() -> None:
    make_work("Tidal", "<p>A lighthouse.</p>")
    PostgresBackend().rebuild(batch_size=500)
    assert uses_rum(connection) == rum_available()
    assert titles(PostgresBackend(), "lighthouse") == ["Tidal"]


def test_a_word_in_most_chapters_ranks_by_the_works_own_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not uses_rum(connection):
        pytest.skip("this PostgreSQL has no RUM extension (Debian: postgresql-15-rum)")
    from ficarchive.search.backends import postgres

    make_work("Harbour Days", "<p>A lighthouse, once, far off.</p>")
    make_work("Lighthouse", "<p>She came back to the coast.</p>")
    make_work("Keeper", "<p>The lighthouse, the lighthouse lamp, the lighthouse stairs.</p>")
    Work.objects.filter(title="Harbour Days").update(updated=date(2026, 11, 30))
    Work.objects.filter(title="Keeper").update(updated=date(2026, 1, 1))
    assert titles(PostgresBackend(), "lighthouse") == ["Lighthouse", "Keeper", "Harbour Days"]
    monkeypatch.setattr(postgres, "COMMON_MATCHES", 0)
    # The title first, then the newest: how often the text says it no longer counts.
    assert titles(PostgresBackend(), "lighthouse") == ["Lighthouse", "Harbour Days", "Keeper"]


def test_a_search_without_a_phrase_matches_the_whole_work() -> None:
    make_work("Two Parts", "<p>The ferry left early.</p>", "<p>A gull followed it.</p>")
    make_work("One Part", "<p>The ferry and the gull.</p>")
    assert sorted(titles(PostgresBackend(), "ferry gull")) == ["One Part", "Two Parts"]
    assert titles(PostgresBackend(), "ferry -gull") == []
