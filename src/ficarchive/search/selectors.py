"""Running a search: the parsed query and the list filters, over the works this user may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ficarchive.accounts.models import User
from ficarchive.search.backends import backend
from ficarchive.search.backends.base import SearchOutcome, Snippet
from ficarchive.search.query import ParsedQuery, parse_query
from ficarchive.works.models import Work


def works_search(
    *, user: User | AnonymousUser, raw_query: str, filters: dict[str, Any], sort: str, today: date
) -> SearchOutcome:
    query = parse_query(raw_query, today=today)
    return backend().search(user=user, query=query, filters=filters, sort=sort)


def snippets_for(query: ParsedQuery, works: list[Work]) -> dict[int, Snippet]:
    return backend().snippets(query, [work.pk for work in works])


def works_matching(
    *, user: User | AnonymousUser, raw_query: str, filters: dict[str, Any], work_ids: set[int]
) -> set[int]:
    """Which of these works a search (the words and the filters) finds for this user."""
    query = parse_query(raw_query, today=timezone.localdate())
    return backend().matching(user=user, query=query, filters=filters, work_ids=work_ids)
