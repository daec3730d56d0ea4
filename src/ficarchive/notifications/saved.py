"""Saved searches and filtered lists: their normalized address, and whether a new work is on
them. The matching is the search's and the lists' own (search.selectors.works_matching,
works.filters.apply_filters), restricted to the new work: nothing is reimplemented here."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, QueryDict
from django.urls import Resolver404, resolve

from ficarchive.accounts.models import User
from ficarchive.search.selectors import works_matching
from ficarchive.tags.models import Tag
from ficarchive.works.filters import WorkFilterForm, apply_filters
from ficarchive.works.models import Creator, WorkQuerySet
from ficarchive.works.selectors import (
    get_tag,
    works_by_creator,
    works_recently_updated,
    works_tagged,
)

# The pages a member may subscribe to, by URL name; the parameters that don't change
# which works are listed (the page, the order) are dropped from the saved address.
SAVABLE = {"search:search", "works:home", "works:tag", "works:creator"}
IGNORED_PARAMS = {"page", "sort"}
MAX_QUERY_LENGTH = 2000


class NotSavable(ValueError):
    """The address is not a search or list of works."""


@dataclass(frozen=True)
class SavedQuery:
    path: str
    params: QueryDict

    @property
    def address(self) -> str:
        items = sorted(
            (key, value)
            for key, values in self.params.lists()
            for value in values
            if key not in IGNORED_PARAMS and value.strip()
        )
        return f"{self.path}?{urlencode(items)}" if items else self.path


def normalize(address: str) -> str:
    """A search or list page's address with only what selects its works, in a fixed order, so
    the same search saved twice is one subscription. Raises NotSavable for any other page."""
    path, _, query = address.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        raise NotSavable(address) from None
    if match.view_name not in SAVABLE:
        raise NotSavable(address)
    normalized = SavedQuery(path, QueryDict(query)).address
    if len(normalized) > MAX_QUERY_LENGTH:
        raise NotSavable(address)
    return normalized


def describe(address: str) -> str:
    """A label for the subscriptions page: the search words or the list, and its filters."""
    path, _, query = address.partition("?")
    params = QueryDict(query)
    words = params.get("q", "").strip()
    view_name, kwargs = "", {}
    try:
        match = resolve(path)
        view_name, kwargs = match.view_name, match.kwargs
    except Resolver404:
        pass
    if view_name == "works:tag":
        tag = Tag.objects.filter(pk=kwargs["tag_id"]).first()
        base = f"Works in {tag.canonical_tag.name}" if tag else "Works in a tag"
    elif view_name == "works:creator":
        creator = Creator.objects.filter(pk=kwargs["creator_id"]).first()
        base = f"Works by {creator.name}" if creator else "Works by a creator"
    elif view_name == "works:home":
        base = "Recent works"
    else:
        base = f"Search: {words}" if words else "Search"
    filters = "; ".join(
        f"{key}: {', '.join(values)}" for key, values in params.lists() if key != "q"
    )
    return (f"{base} ({filters})" if filters else base)[:255]


def _list_works(view_name: str, kwargs: dict[str, int], user: User) -> WorkQuerySet | None:
    if view_name == "works:home":
        return works_recently_updated(user=user)
    try:
        if view_name == "works:tag":
            return works_tagged(user=user, tag=get_tag(tag_id=kwargs["tag_id"]))
        if view_name == "works:creator":
            creator = Creator.objects.get(pk=kwargs["creator_id"])
            return works_by_creator(user=user, creator=creator)
    except (Http404, Creator.DoesNotExist):
        return None
    return None


def works_on_saved(*, address: str, user: User | AnonymousUser, work_ids: set[int]) -> set[int]:
    """Which of these works the saved search or list shows this user."""
    path, _, query = address.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return set()
    params = QueryDict(query)
    form = WorkFilterForm(params)
    filters = form.cleaned_data if form.is_valid() else {}
    if match.view_name == "search:search":
        return works_matching(
            user=user, raw_query=params.get("q", ""), filters=filters, work_ids=work_ids
        )
    if not isinstance(user, User):
        return set()
    works = _list_works(match.view_name, match.kwargs, user)
    if works is None:
        return set()
    found = apply_filters(works.filter(pk__in=work_ids), filters)
    return set(found.values_list("pk", flat=True))
