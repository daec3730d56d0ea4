"""Searching inside the database (SQLite FTS5, PostgreSQL): the text index is a subquery,
and everything else (visibility, filters, counts, facets, sorts) is the ORM's, as for any list
of works (works/filters.py)."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Collection, Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models.expressions import RawSQL

from ficarchive.accounts.models import User
from ficarchive.search.backends.base import SearchBackend, SearchOutcome
from ficarchive.search.query import ParsedQuery
from ficarchive.works.fields import BEST_MATCH
from ficarchive.works.filters import apply_conditions, apply_sort, facets, form_conditions
from ficarchive.works.models import Work, WorkQuerySet
from ficarchive.works.selectors import PagedWorks, works_in_order
from ficarchive.works.viewer import with_viewer_annotations

# Ranking every match of a common word is where full-text engines lose hundreds of
# milliseconds: "best match" ranks only this many of the matching chapters.
RANK_LIMIT = 2000


class RankedThenRest(PagedWorks):
    """Best matches first (ranked by the engine), then every other match by date."""

    def __init__(
        self, ranked_ids: list[int], works: WorkQuerySet, user: User | AnonymousUser
    ) -> None:
        rest = works.exclude(pk__in=ranked_ids).order_by("-updated", "-pk").with_blurb_data()
        super().__init__(works, with_viewer_annotations(rest, user=user))
        self.ranked_ids = ranked_ids
        self.user = user

    def page(self, start: int, stop: int) -> list[Work]:
        annotated = with_viewer_annotations(Work.objects.all(), user=self.user)
        found = works_in_order(annotated, self.ranked_ids[start:stop])
        if len(found) < stop - start:
            offset = max(0, start - len(self.ranked_ids))
            found += super().page(offset, offset + (stop - start - len(found)))
        return found


class SqlBackend(SearchBackend):
    def is_empty(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM search_work)")
            row = cursor.fetchone()
        return bool(row and row[0])

    @abstractmethod
    def matching_work_ids_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """SQL selecting the ids of works whose text matches (for a pk__in subquery)."""

    @abstractmethod
    def ranked_work_ids(
        self, query: ParsedQuery, candidate_sql: tuple[str, list[Any]]
    ) -> list[int]:
        """The best-matching works among the candidates, best first (bounded work)."""

    def _allowed_and_matching(
        self, user: User | AnonymousUser, query: ParsedQuery, filters: dict[str, Any]
    ) -> tuple[WorkQuerySet, WorkQuerySet]:
        # Everything but the text: who may see what, the fields, the list's filters.
        conditions = query.conditions() + form_conditions(filters, user=user)
        # Who may see what, less what this member muted (subqueries: no query more).
        allowed = apply_conditions(Work.objects.visible_to(user).unmuted_for(user), conditions)
        works = allowed
        if query.has_text:
            sql, params = self.matching_work_ids_sql(query)
            # The SQL is the backend's constant text; the typed words are parameters.
            works = allowed.filter(pk__in=RawSQL(sql, params))  # noqa: S611
        return allowed, works

    def matching(
        self,
        *,
        user: User | AnonymousUser,
        query: ParsedQuery,
        filters: dict[str, Any],
        work_ids: Collection[int],
    ) -> set[int]:
        _, works = self._allowed_and_matching(user, query, filters)
        return set(works.filter(pk__in=list(work_ids)).values_list("pk", flat=True))

    def search(
        self, *, user: User | AnonymousUser, query: ParsedQuery, filters: dict[str, Any], sort: str
    ) -> SearchOutcome:
        allowed, works = self._allowed_and_matching(user, query, filters)
        if sort in {BEST_MATCH, ""} and query.has_text:
            # The ranked ids already match the text: they need only `allowed`, not the match.
            candidates = allowed.order_by().values("pk").query.sql_with_params()
            ranked = self.ranked_work_ids(query, (candidates[0], list(candidates[1])))
            ordered: Sequence[Work] = RankedThenRest(ranked, works, user)
        else:
            ordered = PagedWorks(
                works, with_viewer_annotations(apply_sort(works, sort).with_blurb_data(), user=user)
            )
        return SearchOutcome(query=query, ordered=ordered, facets=lambda: facets(works))
