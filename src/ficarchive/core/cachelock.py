"""A short lock in the shared cache, for a read-change-write of one cache value.

Every web worker, app server, the task worker and the command line share the cache (Redis, or
the database cache), and `add` is the one operation that is atomic on each backend; `incr` is
not on the database cache (it reads, then writes). So a value that several processes change
(the pending hits, the pending visits, a rate limit's recent events) is changed only while
holding its lock, taken with `add` and released by its holder alone (a random token): no
change is lost or applied twice.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache

HOLD_SECONDS = 10  # a holder that died frees the lock after this
WAIT_SECONDS = 2.0  # a request waits at most this long


class CacheLockBusy(Exception):
    """The lock stayed taken longer than the caller may wait."""


@contextmanager
def cache_locked(key: str, *, wait_seconds: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the cache lock `key` for the block; CacheLockBusy after `wait_seconds`."""
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait_seconds
    while not cache.add(key, token, timeout=HOLD_SECONDS):
        if time.monotonic() > deadline:
            raise CacheLockBusy(key)
        time.sleep(0.005)
    try:
        yield
    finally:
        if cache.get(key) == token:
            cache.delete(key)
