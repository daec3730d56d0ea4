"""The archive's one rate limiter, on Django's shared cache.

Every limit (login failures, sign-up, password reset, posting, comments, kudos) is a
`RateLimit`: at most `limit` events per `window` seconds for one key (a visitor's address,
an account name, a member). The cache is shared by every web worker, the command line and
the task worker (a database cache by default, Redis when `REDIS_URL` is set), so the
count is the archive's, not one process's.

The count is a sliding window: the times of the last `limit` events are kept, and the key
is over its limit while the oldest of them is younger than the window. So a visitor who
made five failures stays locked for the whole window after the fifth, however they were
spread. Two requests at the same instant may both be let through (get, then set): a limiter
tolerates that; it is not a lock.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


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

    def _recent(self, key: str, now: float) -> list[float]:
        stored = cache.get(self._cache_key(key), [])
        return [moment for moment in stored if moment > now - self.window]

    def exceeded(self, key: str) -> bool:
        """This key has used up its events for now."""
        return len(self._recent(key, time.time())) >= self.limit

    def record(self, key: str) -> None:
        """Count one event for this key."""
        now = time.time()
        recent = [*self._recent(key, now), now][-max(self.limit, 1) :]
        cache.set(self._cache_key(key), recent, timeout=self.window)

    def attempt(self, key: str) -> bool:
        """Count one event if the key is under its limit; False (nothing counted) if not."""
        if self.exceeded(key):
            return False
        self.record(key)
        return True

    def clear(self, key: str) -> None:
        cache.delete(self._cache_key(key))
