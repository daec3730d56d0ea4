"""Mutes cost no query: they are subqueries of the lists' own statements, and the ids a page
shows notices by come from a per-member cache. The rich archive of tests/core/test_query_counts
is reused, with a member who muted an author and a tag and blocked a reader."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficarchive.accounts.models import User
from ficarchive.core.pagecache import guest_pages_invalidate
from ficarchive.muting.services import tag_mute, user_block, user_mute
from ficarchive.works.models import Work
from tests.core.test_query_counts import MAX_QUERIES, archive  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db

PAGES = [
    "home", "chapter", "work", "entire work", "search", "tag", "fandom index", "creator",
    "series", "bookmarks", "profile",
]  # fmt: skip


def _count(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # the first visit warms the cache
    guest_pages_invalidate()
    with CaptureQueriesContext(connections["default"]) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _mutes(member: User) -> None:
    user_mute(member=member, muted=User.objects.get(username="author3"))
    fourth = Work.objects.get(authorships__creator__user__username="author4")
    tag_mute(member=member, tag=fourth.tags.exclude(kind="fandom").first())  # type: ignore[arg-type]
    user_block(member=member, blocked=User.objects.get(username="reader2"))
    user_mute(member=member, muted=User.objects.get(username="reader2"))  # their comments go


@pytest.mark.parametrize("page", PAGES)
def test_mutes_add_no_query_to_any_page(archive: dict[str, str], page: str) -> None:  # noqa: F811
    member = User.objects.get(username="reader1")
    client = Client()
    client.force_login(member)
    without = _count(client, archive[page])
    _mutes(member)
    with_mutes = _count(client, archive[page])
    assert with_mutes <= MAX_QUERIES
    assert with_mutes == without, f"{page}: {without} queries before the mutes, {with_mutes} after"


def test_the_lists_counted_leave_the_muted_works_out(archive: dict[str, str]) -> None:  # noqa: F811
    member = User.objects.get(username="reader1")
    _mutes(member)
    client = Client()
    client.force_login(member)
    assert client.get(archive["home"]).context["page"].paginator.count == 3
    assert client.get(archive["search"]).context["total"] == 3


@pytest.mark.parametrize(("page", "expected"), [("muted", 3), ("blocked", 2)])
def test_the_members_lists_are_pinned(archive: dict[str, str], page: str, expected: int) -> None:  # noqa: F811
    """The account, then one statement per list (mutes of members, of tags; blocks)."""
    member = User.objects.get(username="reader1")
    _mutes(member)
    client = Client()
    client.force_login(member)
    assert _count(client, f"/users/reader1/{page}/") == expected
