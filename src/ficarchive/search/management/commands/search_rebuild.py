"""Rebuild the full-text index from the works (after an upgrade or a bulk load)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ficarchive.search.services import search_rebuild


class Command(BaseCommand):
    help = "Index every work again, from scratch."

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_rebuild()
        self.stdout.write(f"indexed {count} works")
