"""The one rate limiter: a sliding window per key, counted in the shared cache."""

from __future__ import annotations

import pytest

from ficarchive.core import ratelimit
from ficarchive.core.ratelimit import RateLimit

LIMIT = RateLimit("test", "FICARCHIVE_LOGIN_FAILURES", 60)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    return now


def test_a_key_is_refused_after_its_limit_and_others_are_not(clock: list[float]) -> None:
    assert [LIMIT.attempt("a") for _ in range(6)] == [True] * 5 + [False]
    assert LIMIT.exceeded("a")
    assert LIMIT.attempt("b")


def test_the_lock_lasts_a_window_after_the_last_counted_event(clock: list[float]) -> None:
    for _ in range(5):
        LIMIT.record("a")
        clock[0] += 10  # five events spread over 50 s
    assert LIMIT.exceeded("a")
    clock[0] += 60 - 50 - 1  # the first event is 59 s old
    assert LIMIT.exceeded("a")
    clock[0] += 2  # the first is past the window: one event free again
    assert LIMIT.attempt("a")
    assert not LIMIT.attempt("a")


def test_refused_attempts_do_not_extend_the_lock(clock: list[float]) -> None:
    for _ in range(5):
        LIMIT.record("a")
    for _ in range(30):
        clock[0] += 1
        assert not LIMIT.attempt("a")
    clock[0] += 31
    assert LIMIT.attempt("a")


def test_clear_frees_only_its_key(clock: list[float]) -> None:
    for key in ("a", "b"):
        for _ in range(5):
            LIMIT.record(key)
    LIMIT.clear("a")
    assert not LIMIT.exceeded("a")
    assert LIMIT.exceeded("b")


def test_the_limit_follows_the_setting(clock: list[float], settings: object) -> None:
    settings.FICARCHIVE_LOGIN_FAILURES = 2  # type: ignore[attr-defined]
    assert [LIMIT.attempt("a") for _ in range(3)] == [True, True, False]


def test_any_key_text_is_a_valid_cache_key(clock: list[float]) -> None:
    for key in ("名前 with spaces\n", "x" * 5000, "\ud800", ""):
        assert LIMIT.attempt(key)
