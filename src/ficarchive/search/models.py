"""The outbox between the database and an index kept outside it (Tantivy)."""

from __future__ import annotations

from django.db import models


class PendingIndexUpdate(models.Model):
    """A work changed in a committed transaction and the outside index has not caught up.

    Written in the same transaction as the change, so a rolled-back write leaves none, and
    one that committed cannot be lost: the index re-reads the work from the database.
    """

    work_id = models.PositiveBigIntegerField()  # no foreign key: deleted works are queued too

    def __str__(self) -> str:
        return f"reindex work {self.work_id}"
