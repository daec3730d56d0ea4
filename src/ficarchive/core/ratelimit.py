"""The archive's one rate limiter, on Django's shared cache.

Every limit (login failures, sign-up, password reset, posting, comments, kudos) is a
`RateLimit`: at most `limit` events per `window` seconds for one key (a visitor's address,
an account name, a member). The cache is shared by every web worker, the command line and
the task worker (a database cache by default, Redis when `REDIS_URL` is set), so the
count is the archive's, not one process's.

The count is a sliding window: the times of the last `limit` events are kept, and the key
is over its limit while the oldest of them is younger than the window. So a visitor who
made five failures stays locked for the whole window after the fifth, however they were
spread. The list is changed only under the key's cache lock (core.cachelock): requests
arriving together, on any worker or app server, are each counted, and at most `limit` of them
are let through. Without the lock, two requests would read the same list and the second write
would drop the first's event, and a burst could pass a limit meant to stop guessing.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from ficarchive.core.cachelock import CacheLockBusy, cache_locked

# A limited action waits at most this long for its key's lock: the holder only reads and
# writes one small value, so a longer wait means a burst on that key, which is refused.
LOCK_WAIT_SECONDS = 1.0


@dataclass(frozen=True)
class RateLimit:
    """`limit_setting` names a setting, so a deployment can change the limit; the window is
    seconds, or the name of a setting giving them."""

    scope: str
    limit_setting: str
    window_setting: str | int

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.limit_setting))

    @property
    def window(self) -> int:
        if isinstance(self.window_setting, int):
            return self.window_setting
        return int(getattr(settings, self.window_setting))

    def _cache_key(self, key: str) -> str:
        # Hashed: cache keys have a length and character limit; names and addresses do not.
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return f"ratelimit:{self.scope}:{digest}"

    def _lock_key(self, key: str) -> str:
        return f"{self._cache_key(key)}:lock"

    def _recent(self, key: str, now: float) -> list[float]:
        stored = cache.get(self._cache_key(key), [])
        return [moment for moment in stored if moment > now - self.window]

    def exceeded(self, key: str) -> bool:
        """This key has used up its events for now."""
        return len(self._recent(key, time.time())) >= self.limit

    def _add_event(self, key: str, *, within_limit: bool) -> bool:
        now = time.time()
        recent = self._recent(key, now)
        if within_limit and len(recent) >= self.limit:
            return False
        recent = [*recent, now][-max(self.limit, 1) :]
        cache.set(self._cache_key(key), recent, timeout=self.window)
        return True

    def record(self, key: str) -> None:
        """Count one event for this key (one that happened: counted even in a burst)."""
        try:
            with cache_locked(self._lock_key(key), wait_seconds=LOCK_WAIT_SECONDS):
                self._add_event(key, within_limit=False)
        except CacheLockBusy:
            self._add_event(key, within_limit=False)  # better a count at risk than none

    def attempt(self, key: str) -> bool:
        """Count one event if the key is under its limit; False (nothing counted) if not,
        or if the key's lock stays taken (a burst on one key is refused, not let through)."""
        try:
            with cache_locked(self._lock_key(key), wait_seconds=LOCK_WAIT_SECONDS):
                return self._add_event(key, within_limit=True)
        except CacheLockBusy:
            return False

    def clear(self, key: str) -> None:
        cache.delete(self._cache_key(key))
