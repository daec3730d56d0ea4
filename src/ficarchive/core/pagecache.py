"""The guest page cache: reading pages answered from the shared cache before the heavy middleware.

A guest (no session cookie, no pending messages) asking for a page marked `@cache_for_guests`
gets the bytes and headers stored from an earlier guest's response, keyed by the URL and the
reader's display settings: no session, no CSRF, no template, no database query. Members and
guests with messages always get a fresh page, and their responses are never stored.

A stored page must belong to no one: it is stored only when the response sets no cookie. That
one rule keeps out CSRF tokens (rendering `{% csrf_token %}` always sets the CSRF cookie),
messages (showing or keeping them sets the messages cookie) and anything else personal.

Every entry carries the generation it was rendered in; `guest_pages_invalidate()` starts a new
generation, so each older entry becomes a miss at once, on every worker.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from ficarchive.core import events
from ficarchive.reader.preferences import COOKIE_NAME, ReaderPreferences

logger = logging.getLogger(__name__)
GENERATION_KEY = "pagecache:generation"
PAGES = "pages"  # the cache alias guest pages live in (settings.CACHES)
PAGE_SECONDS = 60 * 60  # a page no change touched is rendered again within the hour
_MARK = "ficarchive.cache_for_guests"  # request.META flag set by the decorator
_DEFAULTS = ReaderPreferences().to_cookie()

View = Callable[..., HttpResponse]
# generation, status, headers, body, and the work whose reading page it is (to count the hit)
Entry = tuple[str, int, list[tuple[str, str]], bytes, int | None]


def cache_for_guests(view: View) -> View:
    """Let the guest page cache keep this view's guest responses."""

    @wraps(view)
    def marked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.META[_MARK] = True
        return view(request, *args, **kwargs)

    return marked


def _new_generation() -> None:
    caches[PAGES].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def guest_pages_invalidate(**kwargs: Any) -> None:
    """Forget every cached guest page (a new generation); takes any event's arguments.

    Once now and once more when the transaction commits: a guest page rendered in between
    still read the data from before the change, and must not outlive it.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _is_guest(request: HttpRequest) -> bool:
    """Decided from the cookies alone, with no query: no session, no messages waiting."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _page_key(request: HttpRequest) -> str:
    """The URL as asked for (query string included) and the display settings it is drawn in."""
    cookie = request.COOKIES.get(COOKIE_NAME)
    # Normalised, so an invalid or partial cookie shares the variant its values amount to.
    preferences = ReaderPreferences.from_cookie(cookie).to_cookie() if cookie else _DEFAULTS
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{url}\n{preferences}".encode()).hexdigest()
    return f"pagecache:page:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    return (
        request.META.get(_MARK) is True
        and response.status_code == 200
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and "private" not in response.get("Cache-Control", "")
    )


def _count_hit(request: HttpRequest, work_id: int) -> None:
    """A reading page served from the cache still counts as a visit: in the shared cache
    (community's buffered hits), so this costs no database query either. Imported here, not
    at the top: core stays free of domain apps at import time."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from ficarchive.community.services import hit_record
    from ficarchive.core.requests import client_ip
    from ficarchive.works.models import Work

    hit_record(
        work=Work(pk=work_id), user=AnonymousUser(), address=client_ip(request),
        today=timezone.localdate(),
    )  # fmt: skip


def _replay(request: HttpRequest, entry: Entry) -> HttpResponse:
    _, status, headers, body, work_id = entry
    head = request.method == "HEAD"
    if work_id is not None and not head:
        _count_hit(request, work_id)
    response = HttpResponse(b"" if head else body, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


class GuestPageCacheMiddleware:
    """Answers guests' GET and HEAD from the cache; stores guests' cacheable GET responses.

    Sits right under SecurityMiddleware and WhiteNoise: a hit skips sessions, CSRF, auth,
    messages and the view. The headers the middlewares below add (CSP, X-Frame-Options,
    Permissions-Policy, Vary...) are stored with the body; those above are added to hits too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in {"GET", "HEAD"} or not _is_guest(request):
            return self.get_response(request)
        key = _page_key(request)
        cache = caches[PAGES]
        try:
            found = cache.get_many([GENERATION_KEY, key])  # one round trip to the cache
            generation: str | None = found.get(GENERATION_KEY)
            stored: Entry | None = found.get(key)
            if request.method != "HEAD" and generation is None:
                cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
                generation = cache.get(GENERATION_KEY)
        except Exception as error:  # Redis or the cache's database down: no cache, no crash
            return self._uncached(request, error)
        if stored is not None and generation is not None and stored[0] == generation:
            return _replay(request, stored)
        if request.method == "HEAD":
            return self.get_response(request)
        # The generation is read before rendering: a change made while the page renders
        # makes this entry stale at once, rather than keeping a page from before the change.
        response = self.get_response(request)
        # Not a streamed response nor a file: those are not pages.
        if isinstance(response, HttpResponse) and generation and _storable(request, response):
            headers = list(response.headers.items())
            match = request.resolver_match
            work_id = match.kwargs.get("work_id") if match is not None else None
            entry: Entry = (generation, response.status_code, headers, response.content, work_id)
            try:
                cache.set(key, entry, PAGE_SECONDS)
            except Exception as error:
                logger.warning("guest page cache: not stored (%s)", error)
        return response

    def _uncached(self, request: HttpRequest, error: Exception) -> HttpResponseBase:
        """The view answers as if nothing were cached: /healthz can then say the cache is
        failing (a 503 for the load balancer) instead of this middleware's 500."""
        logger.warning("guest page cache: unavailable (%s)", error)
        return self.get_response(request)


def invalidate_on_changes() -> None:
    """Every announced change (core.events) clears the guest pages: works, chapters, tags,
    creators, accounts going, and the counts pages show (kudos, comments, bookmarks, hits at
    each flush). Connected here, in one place, so the apps that announce never learn of the
    cache."""
    for signal in (
        events.work_changed, events.chapter_changed, events.tag_changed,
        events.creator_changed, events.account_deleting, events.counts_changed,
    ):  # fmt: skip
        signal.connect(guest_pages_invalidate, weak=False, dispatch_uid=f"pagecache-{id(signal)}")
