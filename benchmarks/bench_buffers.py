"""make bench-buffers: members' page views buffered in the shared cache by several processes.

Every member's reading page buffers its visit in the shared cache (readings.services
`visit_buffer`), for the clock to fold into histories each minute. Four processes (as four
web workers, on one app server or several) buffer views of distinct members at once while a
minute's views already wait, on Redis (`--redis`, a scratch database) and on the default
profile's database cache (a SQLite file). Prints views buffered per second, the time one
call takes (p50 / p99), and how many calls gave up waiting (their view went unrecorded).

    python -m benchmarks.bench_buffers [--views 2000] [--pending 0,10000,50000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from rich.console import Console
from rich.table import Table

console = Console(width=120)
PROCESSES = 4


def _setup(data_dir: str, redis_url: str) -> None:
    os.environ.update(FICARCHIVE_DATA_DIR=data_dir, DEBUG="false", LOG_LEVEL="WARNING")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.settings")
    import django

    django.setup()


def worker(data_dir: str, redis_url: str, index: int, views: int) -> None:
    """One process: `views` page views of distinct members; prints the call times (ms)."""
    _setup(data_dir, redis_url)
    from django.utils import timezone

    from ficarchive.accounts.models import User
    from ficarchive.readings.services import visit_buffer

    times, unrecorded = [], 0
    began = time.time()
    for view in range(views):
        member = User(pk=1_000_000 + index * views + view)
        started = time.perf_counter()
        recorded = visit_buffer(user=member, work_id=7, chapter_position=1, at=timezone.now())
        times.append((time.perf_counter() - started) * 1000)
        unrecorded += not recorded
    ended = time.time()
    print(json.dumps({"times": times, "unrecorded": unrecorded, "began": began, "ended": ended}))


def measure(data_dir: str, redis_url: str, pending: int, views: int) -> dict[str, float]:
    """Fill the buffer with `pending` views, then run the processes at once."""
    from django.core.cache import cache

    from ficarchive.readings.services import VISITS

    cache.clear()
    VISITS.add({(user, 1): (1, time.time(), 1) for user in range(1, pending + 1)})
    command = [sys.executable, "-m", "benchmarks.bench_buffers", "--worker", data_dir, redis_url]
    processes = [
        subprocess.Popen([*command, str(index), str(views)], stdout=subprocess.PIPE, text=True)
        for index in range(PROCESSES)
    ]
    results = [json.loads(process.communicate()[0]) for process in processes]
    # From the first process's first view to the last one's last: not their start-up.
    elapsed = max(r["ended"] for r in results) - min(r["began"] for r in results)
    times = sorted(t for result in results for t in result["times"])
    taken = VISITS.take()
    return {
        "views/s": len(times) / elapsed,
        "p50": statistics.median(times),
        "p99": times[int(len(times) * 0.99) - 1],
        "unrecorded": sum(result["unrecorded"] for result in results),
        "kept": sum(1 for user, _ in taken if user >= 1_000_000),
    }


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=1000, help="views per process")
    parser.add_argument("--pending", default="0,10000,50000", help="views already waiting")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/10")
    args = parser.parse_args()
    table = Table(title=f"Page views buffered by {PROCESSES} processes at once")
    for column in ("cache", "waiting", "views/s", "p50 ms", "p99 ms", "unrecorded", "kept"):
        table.add_column(column, justify="right")
    for cache_name, redis_url in (("Redis", args.redis), ("database cache", "")):
        with tempfile.TemporaryDirectory(prefix="ficarchive-bench-buffers-") as data_dir:
            script = (
                "import sys; from benchmarks.bench_buffers import _setup; "
                "_setup(sys.argv[1], sys.argv[2]); "
                "from django.core.management import call_command; "
                "call_command('migrate', verbosity=0)"
            )
            subprocess.run([sys.executable, "-c", script, data_dir, redis_url], check=True)
            for pending in (int(p) for p in args.pending.split(",")):
                code = (
                    "import sys, json; from benchmarks.bench_buffers import _setup, measure; "
                    "_setup(sys.argv[1], sys.argv[2]); "
                    "print(json.dumps(measure(sys.argv[1], sys.argv[2], int(sys.argv[3]), "
                    "int(sys.argv[4]))))"
                )
                done = subprocess.run(
                    [sys.executable, "-c", code, data_dir, redis_url, str(pending),
                     str(args.views)],
                    check=True, capture_output=True, text=True,
                )  # fmt: skip
                row = json.loads(done.stdout.strip().splitlines()[-1])
                table.add_row(
                    cache_name, f"{pending:,}", f"{row['views/s']:,.0f}", f"{row['p50']:.2f}",
                    f"{row['p99']:.2f}", f"{row['unrecorded']:,}",
                    f"{row['kept']:,} of {PROCESSES * args.views:,}",
                )  # fmt: skip
                console.print(f"{cache_name}, {pending:,} waiting: done")
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
