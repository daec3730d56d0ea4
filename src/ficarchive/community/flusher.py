"""The thread that folds buffered hits into the works (`community.services.hits_flush`).

Every web worker runs one (`gunicorn_conf.post_worker_init`, so `ficarchive serve` too). They
share a claim in the cache that lasts one interval: whichever worker takes it flushes, so the
archive sees one write per `FICARCHIVE_HITS_FLUSH_SECONDS` however many workers there are, and
hits reach the totals within about an interval even when the worker that flushed last is gone.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from ficarchive.community.services import hits_flush

FLUSH_CLAIM = "hits:flush-claim"
logger = logging.getLogger(__name__)
_started: HitsFlusher | None = None
_starting = threading.Lock()


def hits_flush_if_due() -> int | None:
    """Flush unless some process already has in this interval (None: not this one's turn)."""
    interval = settings.FICARCHIVE_HITS_FLUSH_SECONDS
    if cache.get(FLUSH_CLAIM) is not None or not cache.add(FLUSH_CLAIM, True, timeout=interval):
        return None
    return hits_flush()


class HitsFlusher(threading.Thread):
    def __init__(self) -> None:
        super().__init__(name="hits-flusher", daemon=True)
        self._stopping = threading.Event()

    def run(self) -> None:
        # Looks more often than it flushes, so the claim is taken soon after it lapses.
        pause = min(5.0, settings.FICARCHIVE_HITS_FLUSH_SECONDS / 4)
        while not self._stopping.wait(pause):
            try:
                hits_flush_if_due()
            except Exception:  # a database or cache outage: the hits wait for the next turn
                logger.exception("hits flush failed")
            finally:
                connections.close_all()  # this thread's own; no request cycle closes them

    def stop(self) -> None:
        self._stopping.set()


def hits_flusher_start() -> HitsFlusher:
    """Start this process's flusher, once."""
    global _started
    with _starting:
        if _started is None or not _started.is_alive():
            _started = HitsFlusher()
            _started.start()
        return _started
