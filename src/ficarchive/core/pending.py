"""Counts and visits waiting in the shared cache for a periodic fold into the database.

Reading pages write nothing to the archive's database (DESIGN.md 16): a hit or a member's
visit is added to a buffer in the shared cache, and a clock folds the buffer in. The buffer is
split into shards by key, each one dict changed only under its own cache lock
(core.cachelock), so that no addition is lost or taken twice, while page views of different
works or members rarely wait for each other and each one rewrites a small dict. With a single
dict, every reading page in the archive waited for one lock, and rewrote every view waiting
since the last fold: with a minute's 50,000 waiting views, 41 views a second were buffered
(`make bench-buffers`).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Hashable, Mapping
from typing import Generic, TypeVar

from django.core.cache import cache

from ficarchive.core.cachelock import cache_locked

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

SHARDS = 32


class PendingBuffer(Generic[K, V]):
    """`merge(waiting, added)` combines two values of one key (a sum, the later visit...).

    `former_key` and `former_lock` name the single dict and lock of earlier versions: its
    values are taken with the rest, so none are lost across an upgrade."""

    def __init__(
        self,
        name: str,
        *,
        merge: Callable[[V, V], V],
        former_key: str = "",
        former_lock: str = "",
    ) -> None:
        self.name = name
        self.merge = merge
        self.former = (former_key, former_lock) if former_key and former_lock else None

    def _shard_of(self, key: K) -> int:
        # crc32 of the key's repr, not hash(): the same shard in every process.
        return zlib.crc32(repr(key).encode()) % SHARDS

    def _key(self, shard: int) -> str:
        return f"{self.name}:{shard}"

    def _combine(self, into: dict[K, V], values: Mapping[K, V]) -> None:
        for key, value in values.items():
            into[key] = self.merge(into[key], value) if key in into else value

    def add(self, values: Mapping[K, V]) -> None:
        """Add to the waiting values; CacheLockBusy (nothing added to that shard) when its
        lock stays taken."""
        by_shard: dict[int, dict[K, V]] = {}
        for key, value in values.items():
            by_shard.setdefault(self._shard_of(key), {})[key] = value
        for shard, shard_values in sorted(by_shard.items()):
            with cache_locked(f"{self._key(shard)}:lock"):
                waiting: dict[K, V] = cache.get(self._key(shard)) or {}
                self._combine(waiting, shard_values)
                cache.set(self._key(shard), waiting, timeout=None)

    def take(self) -> dict[K, V]:
        """Every waiting value, taken out of the cache: whoever takes them must fold them
        (or add them back)."""
        taken: dict[K, V] = {}
        places = [(self._key(shard), f"{self._key(shard)}:lock") for shard in range(SHARDS)]
        if self.former:
            places.append(self.former)
        found = cache.get_many([key for key, _ in places])  # one round trip; lock those in use
        for key, lock in places:
            if not found.get(key):
                continue
            with cache_locked(lock):
                waiting: dict[K, V] = cache.get(key) or {}
                if waiting:
                    cache.delete(key)
            self._combine(taken, waiting)
        return taken
