"""Load the original demo works, so a first visit shows a living archive."""

from __future__ import annotations

from importlib import resources
from typing import Any

from django.core.management.base import BaseCommand

from ficarchive.formats import parse
from ficarchive.works.models import Work
from ficarchive.works.services import work_import


class Command(BaseCommand):
    help = "Import the demo works shipped with Ficarchive."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="only when the archive has no works yet"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Work.objects.exists():
            return
        demo = resources.files("ficarchive.works") / "demo"
        for entry in sorted(demo.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".txt"):
                result = work_import(parsed=parse(entry.read_bytes(), name=entry.name))
                self.stdout.write(f"{result.outcome.value}: {result.work.title}")
