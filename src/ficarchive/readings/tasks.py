"""The clock folds buffered page views into the members' histories (services.visits_flush)."""

from __future__ import annotations

from ficarchive.core.tasks import background_task, periodic
from ficarchive.readings.services import visits_flush

FLUSH_SECONDS = 60


@periodic(FLUSH_SECONDS)
@background_task(attempts=1)
def readings_flush() -> int:
    return visits_flush()
