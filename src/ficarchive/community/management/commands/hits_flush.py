"""Add the hits counted in the cache to the works' totals (for cron, beside another server)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ficarchive.community.services import hits_flush


class Command(BaseCommand):
    help = "Add the hits counted since the last flush to the works' totals."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"added {hits_flush()} hits")
