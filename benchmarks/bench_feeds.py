"""make bench-feeds: OPDS acquisition-feed pages and Atom feeds, requests a second and queries
each, on a fresh SQLite archive of generated works (in-process, through Django's test client:
the figure is the application's own work, without a web server in front).

    python -m benchmarks.bench_feeds [--works 2000] [--seconds 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
console = Console(width=120)


def build_archive(works: int, rng: random.Random) -> dict[str, str]:
    """`works` public works of three chapters each, two creators and five tags apiece."""
    from django.core.management import call_command

    from ficarchive.tags.models import Tag, TagKind
    from ficarchive.works.models import Authorship, Chapter, Creator, Series, SeriesPart, Work

    call_command("migrate", verbosity=0)
    fandoms = [Tag.objects.create(name=f"Fandom {n}", kind=TagKind.FANDOM) for n in range(20)]
    freeforms = [Tag.objects.create(name=f"Trope {n}", kind=TagKind.FREEFORM) for n in range(200)]
    creators = Creator.objects.bulk_create([Creator(name=f"Author {n}") for n in range(500)])
    day = dt.date(2020, 1, 1)
    made = Work.objects.bulk_create(
        [
            Work(
                title=f"Work {n}", summary="<p>A harbour story.</p>", rating="teen",
                visibility="public", published=day + dt.timedelta(days=n % 1500),
                updated=day + dt.timedelta(days=n % 1500 + 3), expected_chapters=3,
            )
            for n in range(works)
        ],
        batch_size=500,
    )  # fmt: skip
    chapters = []
    for work in made:
        for position in (1, 2, 3):
            chapter = Chapter(
                work=work, position=position, title=f"Part {position}",
                body_html="<p>The tide opens here.</p>" * 20,
                published=work.published + dt.timedelta(days=position),
            )  # fmt: skip
            chapter.fill_derived()
            chapters.append(chapter)
    Chapter.objects.bulk_create(chapters, batch_size=1000)
    Authorship.objects.bulk_create(
        [
            Authorship(work=work, creator=creator, position=position)
            for work in made
            for position, creator in enumerate(rng.sample(creators, 2))
        ],
        batch_size=1000,
    )
    through = Work.tags.through
    through.objects.bulk_create(
        [
            through(work_id=work.pk, tag_id=tag.pk)
            for work in made
            for tag in [rng.choice(fandoms), *rng.sample(freeforms, 4)]
        ],
        batch_size=1000,
    )
    series = Series.objects.create(title="Saga")
    SeriesPart.objects.bulk_create(
        [SeriesPart(series=series, work=work, position=n) for n, work in enumerate(made[:30], 1)]
    )
    call_command("search_rebuild", verbosity=0)
    fandom = fandoms[0].pk
    return {
        "OPDS acquisition: recent, page 1": "/opds/recent/",
        "OPDS acquisition: recent, page 50": "/opds/recent/?page=50",
        "OPDS acquisition: a fandom, complete": f"/opds/tags/{fandom}/?complete=yes",
        "OPDS acquisition: search": "/opds/search/?q=harbour",
        "OPDS navigation: tags": "/opds/tags/",
        "Atom: recent works and chapters": "/works/feed.atom",
        "Atom: a fandom's works and chapters": f"/tags/{fandom}/works/feed.atom",
        "Atom: a filtered list": "/works/feed.atom?rating=teen&sort=words",
        "Atom: a search": "/search/feed.atom?q=harbour",
    }


def measure(urls: dict[str, str], seconds: float) -> list[tuple[str, float, int, int]]:
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows = []
    for name, url in urls.items():
        first = client.get(url, secure=True)
        assert first.status_code == 200, (url, first.status_code)
        with CaptureQueriesContext(connections["default"]) as queries:
            client.get(url, secure=True)
        count = len(queries)  # now: every request starts by clearing the connection's log
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            client.get(url, secure=True)
            done += 1
        rate = done / (time.perf_counter() - started)
        rows.append((name, rate, count, len(first.content)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="keep the database here")
    args = parser.parse_args()
    work_dir = args.keep or Path(tempfile.mkdtemp(prefix="ficarchive-feeds-"))
    data_dir = work_dir / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    os.environ.update(
        FICARCHIVE_DATA_DIR=str(data_dir), DATABASE_URL="", REDIS_URL="",
        DJANGO_SETTINGS_MODULE="ficarchive.settings",
    )  # fmt: skip
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    console.print(f"Building {args.works:,} works…")
    urls = build_archive(args.works, random.Random(args.seed))
    rows = measure(urls, args.seconds)
    table = Table(title=f"Feeds on {args.works:,} works (SQLite, in-process, guest)")
    table.add_column("feed")
    table.add_column("req/s", justify="right")
    table.add_column("queries", justify="right")
    table.add_column("KiB", justify="right")
    for name, rate, queries, size in rows:
        table.add_row(name, f"{rate:,.0f}", str(queries), f"{size / 1024:,.0f}")
    console.print(table)
    if args.keep is None:
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
