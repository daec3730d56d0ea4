"""Values waiting in the shared cache for a fold (hits, members' visits): split into shards,
none lost, none taken twice, and none left behind by the single dict of earlier versions."""

from __future__ import annotations

import operator

from django.core.cache import cache

from ficarchive.core.pending import SHARDS, PendingBuffer


def _buffer() -> PendingBuffer[int, int]:
    return PendingBuffer[int, int](
        "test:pending", merge=operator.add, former_key="test:old", former_lock="test:old-lock"
    )


def test_every_added_value_is_taken_once_and_merged_by_key() -> None:
    counts = _buffer()
    counts.add(dict.fromkeys(range(1, 201), 1))  # more keys than shards
    counts.add({7: 2, 300: 5})
    taken = counts.take()
    assert len(taken) == 201
    assert (taken[7], taken[8], taken[300]) == (3, 1, 5)
    assert counts.take() == {}


def test_the_values_are_spread_over_the_shards() -> None:
    counts = _buffer()
    counts.add(dict.fromkeys(range(1, 201), 1))
    stored = cache.get_many([f"test:pending:{shard}" for shard in range(SHARDS)])
    assert len(stored) > SHARDS // 2, "a page view rewrites its shard, not every waiting view"
    assert sum(len(shard) for shard in stored.values()) == 200


def test_values_waiting_in_the_single_dict_of_before_an_upgrade_are_taken_too() -> None:
    cache.set("test:old", {7: 4, 9: 1}, timeout=None)
    counts = _buffer()
    counts.add({7: 1})
    assert counts.take() == {7: 5, 9: 1}
    assert cache.get("test:old") is None
