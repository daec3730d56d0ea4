"""Count the hits of reading pages nginx served from its micro-cache (deploy/nginx/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ficarchive.community.nginx_hits import hits_from_nginx_log


class Command(BaseCommand):
    help = (
        "Record the hits of reading pages nginx answered from its micro-cache, from the lines "
        "its hits log gained since the last run (ficarchive-nginx-hits.timer runs it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("log", help="nginx's hits log (log_format ficarchive_hits)")
        parser.add_argument(
            "--state",
            help="where the position read up to is kept "
            "(default: FICARCHIVE_DATA_DIR/nginx-hits-position.json)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        state = Path(options["state"] or Path(settings.DATA_DIR) / "nginx-hits-position.json")
        counted = hits_from_nginx_log(log=Path(options["log"]), state=state)
        self.stdout.write(f"counted {counted} hits")
