"""A read replica (DATABASE_REPLICA_URL): lists, search and feeds read from it; a POST, a
member's own pages, a read after a write or inside a transaction never do.

The replica here is a second alias for the same test database, with a connection of its own
as a real replica's would be, on SQLite and on PostgreSQL alike; the data is committed
(transactional tests), so both connections see it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficarchive.accounts.models import User
from ficarchive.core import events
from ficarchive.core.replica import PIN_COOKIE, REPLICA, ROUTER, reading_from_replica
from ficarchive.search.services import search_rebuild
from ficarchive.tags.models import Tag, TagKind
from ficarchive.works.models import Work
from tests.factories import CreatorFactory, TagFactory, UserFactory, WorkFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup: None) -> Iterator[None]:
    """The `replica` alias, as settings make it from DATABASE_REPLICA_URL: a connection of its
    own to the test database. For this module only: a test of other modules that opens every
    database (`databases="__all__"`) must not open it too."""
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica(settings: Any) -> Iterator[BaseDatabaseWrapper]:
    """The replica's router, as settings install it with the alias."""
    settings.DATABASE_ROUTERS = [ROUTER, *settings.DATABASE_ROUTERS]
    yield connections[REPLICA]
    connections[REPLICA].close()  # SQLite: no lock of the shared test database outlives a test


@pytest.fixture
def fandom(replica: BaseDatabaseWrapper) -> Tag:
    fandom = TagFactory(name="Harbour Lights", kind=TagKind.FANDOM)
    author = CreatorFactory(name="Ann Author", user=UserFactory(username="ann"))
    for title in ("The Lantern Keeper", "Low Tide"):
        WorkFactory(title=title, creators=[author]).tags.add(fandom)
    search_rebuild()
    return fandom


class Captured:
    """The queries each connection ran while the block ran."""

    def __init__(self) -> None:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[REPLICA])

    def __enter__(self) -> Captured:
        self._stack = ExitStack()
        self._stack.enter_context(self.primary)
        self._stack.enter_context(self.replica)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def selects_of_works(self, alias: str) -> list[str]:
        queries = self.replica if alias == REPLICA else self.primary
        return [
            q["sql"] for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT") and "works_" in q["sql"]
        ]  # fmt: skip


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("/", "Lantern Keeper"),
        ("/fandoms/", "Harbour Lights"),
        ("/tags/{fandom}/works/", "Lantern Keeper"),
        ("/search/?q=lantern", "Lantern Keeper"),
        ("/search/?q=lantern&sort=updated", "Lantern Keeper"),
        ("/works/feed.atom", "Lantern Keeper"),
        ("/tags/{fandom}/works/feed.atom", "Lantern Keeper"),
        ("/search/feed.atom?q=lantern", "Lantern Keeper"),
        ("/opds/recent/", "Lantern Keeper"),
    ],
)
def test_lists_search_and_feeds_read_from_the_replica(fandom: Tag, path: str, shows: str) -> None:
    with Captured() as queries:
        response = Client().get(path.format(fandom=fandom.pk))
    assert response.status_code == 200
    assert shows in response.content.decode()
    assert queries.selects_of_works(REPLICA)
    if connection.vendor == "postgresql":  # its ranking and passages too
        assert queries.selects_of_works("default") == []
    else:
        # SQLite's FTS5 ranking query (raw SQL in search/backends) runs on the primary (a
        # replica is PostgreSQL's): the ids it ranks are then read from the mirror.
        ranking = [sql for sql in queries.selects_of_works("default") if "search_" in sql]
        assert queries.selects_of_works("default") == ranking


def test_a_member_is_known_from_the_primary_and_their_list_read_from_the_replica(
    fandom: Tag,
) -> None:
    reader = signed_in(UserFactory(username="bea"))
    with Captured() as queries:
        assert reader.get("/").status_code == 200
    who = [
        q["sql"] for q in queries.primary.captured_queries if '"accounts_user"."id" =' in q["sql"]
    ]
    assert who  # the member, by their id, from the session
    assert queries.selects_of_works(REPLICA)
    replica = " ".join(q["sql"] for q in queries.replica.captured_queries)
    assert "django_session" not in replica
    assert '"accounts_user"."id" =' not in replica


def test_posting_a_comment_or_kudos_reads_nothing_from_the_replica(fandom: Tag) -> None:
    work = Work.objects.get(title="The Lantern Keeper")
    member = signed_in(UserFactory(username="bea"))
    with Captured() as queries:
        commented = member.post(f"/works/{work.pk}/chapters/1/comments/", {"text": "Lovely."})
        kudos = Client().post(f"/works/{work.pk}/kudos/")
    assert commented.status_code == kudos.status_code == 302
    assert work.comments.count() == 1
    assert Work.objects.get(pk=work.pk).kudos_count == 1
    assert queries.replica.captured_queries == []
    assert commented.cookies[PIN_COOKIE]["max-age"] == 10


def test_a_members_own_pages_read_the_primary(fandom: Tag) -> None:
    work = Work.objects.get(title="The Lantern Keeper")
    member = signed_in(UserFactory(username="bea"))
    with Captured() as queries:
        assert member.get(f"/works/{work.pk}/").status_code == 200
        assert member.get("/users/bea/inbox/").status_code == 200
    assert queries.replica.captured_queries == []


def test_after_writing_a_visitor_reads_the_primary_for_a_while(fandom: Tag) -> None:
    guest = Client()
    guest.cookies[PIN_COOKIE] = "1"
    with Captured() as queries:
        assert guest.get("/search/?q=lantern").status_code == 200
    assert queries.replica.captured_queries == []
    assert queries.selects_of_works("default")


def test_after_a_change_everyone_reads_the_primary_for_a_while(fandom: Tag) -> None:
    """So a page from a replica still behind is not kept in the guest page cache."""
    work = Work.objects.get(title="Low Tide")
    events.announce_works(events.WorkChange.EDITED, [work.pk])
    with Captured() as queries:
        assert Client().get("/").status_code == 200
    assert queries.replica.captured_queries == []


def test_in_a_scope_a_read_after_a_write_or_in_a_transaction_reads_the_primary(
    fandom: Tag,
) -> None:
    with Captured() as queries, reading_from_replica():
        work = Work.objects.get(title="Low Tide")
        assert work._state.db == REPLICA
        with transaction.atomic():
            assert Work.objects.get(pk=work.pk)._state.db == "default"
        work.title = "Low Tide, Again"
        work.save(update_fields=["title"])  # to the primary, though read from the replica
        assert Work.objects.get(pk=work.pk)._state.db == "default"
    assert not any(
        q["sql"].lstrip().upper().startswith("UPDATE") for q in queries.replica.captured_queries
    )
    assert Work.objects.get(pk=work.pk).title == "Low Tide, Again"


def test_without_a_replica_nothing_reads_elsewhere() -> None:
    WorkFactory(title="The Lantern Keeper")
    with reading_from_replica():
        assert Work.objects.get()._state.db == "default"
    assert Client().get("/").status_code == 200
