"""Read replicas (DATABASE_REPLICA_URL): the pages everyone reads alike (lists of works, search,
feeds) read from a replica; everything else reads and writes the primary.

Reads go to the replica only inside a read-only scope, entered explicitly by the views that
may use it (`@reads_from_replica`, or `reading_from_replica()` around a block), and only
while all of these hold:

- the request is a GET or HEAD (a POST never reads from the replica);
- no transaction is open on the primary, and nothing was written in the scope so far (a
  read after a write sees the write);
- the visitor wrote nothing in the last DATABASE_REPLICA_LAG_SECONDS (a cookie set on their
  POST's response), and no change was announced in that time (core.events): a page drawn
  from a replica that is behind is neither shown to its writer nor kept in the guest page
  cache for the next hour.

Who is asking (the session, the account, an app password) is always read on the primary,
before the scope opens: a session or password made a moment ago may not be on the replica.
Without a replica nothing here changes anything: the scope is never entered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from ficarchive.core import events
from ficarchive.core.routers import CACHE_APP_LABEL

REPLICA = "replica"
PIN_COOKIE = "ficarchive_primary"  # "this visitor just wrote": read the primary for a while
_SETTLING_KEY = "replica:settling"  # present for a while after any announced change
_SAFE_METHODS = {"GET", "HEAD"}


@dataclass
class _Scope:
    wrote: bool = False


_scope: ContextVar[_Scope | None] = ContextVar("ficarchive_replica_scope", default=None)


ROUTER = "ficarchive.core.replica.ReplicaRouter"


def replica_configured() -> bool:
    """Settings install the router with the `replica` database, and only then."""
    return ROUTER in settings.DATABASE_ROUTERS


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads in this block may go to the replica (see the module's rules)."""
    token = _scope.set(_Scope() if replica_configured() else None)
    try:
        yield
    finally:
        _scope.reset(token)


def replica_allowed(request: HttpRequest) -> bool:
    """May this request read from the replica at all? Costs one cache read, and only when a
    replica is configured."""
    return (
        replica_configured()
        and request.method in _SAFE_METHODS
        and PIN_COOKIE not in request.COOKIES
        and cache.get(_SETTLING_KEY) is None
    )


View = Callable[..., HttpResponse]


def reads_from_replica(view: View) -> View:
    """A view whose reads may go to the replica: lists, search, feeds (never a member's own
    pages). The visitor is looked up on the primary first."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not replica_allowed(request):
            return view(request, *args, **kwargs)
        request.user.is_authenticated  # noqa: B018 - loads the session and account here
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Sends reads inside an open scope to the replica, everything else to the primary.

    It answers for every model (not None) except the cache's: otherwise Django would follow
    an instance read from the replica back there, to save it or to read its relations.
    """

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if model._meta.app_label == CACHE_APP_LABEL:
            return None
        scope = _scope.get()
        if scope is None or scope.wrote or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        if model._meta.app_label == CACHE_APP_LABEL:
            return None
        scope = _scope.get()
        if scope is not None:
            scope.wrote = True  # what this request reads next must see what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        same_data = {DEFAULT_DB_ALIAS, REPLICA}
        return True if {obj1._state.db, obj2._state.db} <= same_data else None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        return False if db == REPLICA else None


def pin_to_primary_after_writes(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Middleware: a visitor who wrote (any POST, PUT, DELETE...) reads the primary for the
    next DATABASE_REPLICA_LAG_SECONDS, so they see what they wrote. Does nothing without a
    replica."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if request.method not in _SAFE_METHODS and replica_configured():
            response.set_cookie(
                PIN_COOKIE, "1", max_age=settings.DATABASE_REPLICA_LAG_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
            )  # fmt: skip
        return response

    return middleware


def _settle(**kwargs: Any) -> None:
    """After a change, every reader reads the primary until the replica has caught up: now
    (the change is not committed yet) and again from the commit."""
    if not replica_configured():
        return

    def mark() -> None:
        cache.set(_SETTLING_KEY, 1, timeout=settings.DATABASE_REPLICA_LAG_SECONDS)

    mark()
    transaction.on_commit(mark)


def settle_on_changes() -> None:
    """Connected once (core's AppConfig.ready), to the changes that clear the guest pages."""
    for signal in (
        events.work_changed, events.chapter_changed, events.tag_changed,
        events.creator_changed, events.account_deleting, events.counts_changed,
    ):  # fmt: skip
        signal.connect(_settle, weak=False, dispatch_uid=f"replica-{id(signal)}")
