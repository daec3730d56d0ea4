"""What other apps add to every list of works for the member looking at it, without the works
app knowing them (DESIGN.md 12: the app owning the rows never imports the apps that follow
them). An app registers in its `AppConfig.ready()`:

- an annotation: a function adding this member's state to a list's query (a blurb's "continue
  reading", "marked for later"), as Exists/Subquery columns, never a query per work;
- a set of works by name ("read"): the ids, as a subquery, of this member's works of that kind,
  which a declared filter (works/fields.py, Kind.MINE) can hide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from ficarchive.accounts.models import User
from ficarchive.works.models import WorkQuerySet

Annotation = Callable[..., WorkQuerySet]  # (works, *, user) → works
WorkIds = Callable[..., QuerySet[Any, int]]  # (*, user) → the work ids

_annotations: list[Annotation] = []
_work_sets: dict[str, WorkIds] = {}


def register_annotation(annotate: Annotation) -> None:
    if annotate not in _annotations:
        _annotations.append(annotate)


def register_works(name: str, work_ids: WorkIds) -> None:
    _work_sets[name] = work_ids


def with_viewer_annotations(works: WorkQuerySet, *, user: User | AnonymousUser) -> WorkQuerySet:
    """The works with every registered per-member annotation (none for a guest)."""
    if not user.is_authenticated:
        return works
    for annotate in _annotations:
        works = annotate(works, user=user)
    return works


def viewer_work_ids(name: str, *, user: User | AnonymousUser) -> QuerySet[Any, int] | None:
    """The ids of this member's works of that kind; None for a guest or an unknown name."""
    work_ids = _work_sets.get(name)
    if work_ids is None or not user.is_authenticated:
        return None
    return work_ids(user=user)
