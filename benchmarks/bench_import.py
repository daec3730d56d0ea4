"""make bench-import: import a generated archive into a fresh SQLite database and measure.

Prints, per format, works/s and MB/s, the parse/store split and the peak RSS, and beside
them, measured in the same run: (a) the same rows inserted with plain sqlite3
executemany in one transaction (the storage floor) and (b) Calibre's `calibredb add` on
the EPUB subset into an empty library.

    python -m benchmarks.bench_import [--count 5000] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
console = Console(width=130)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_all(corpus: Path) -> tuple[dict[str, dict[str, float]], float]:
    """The real import path, file by file, timing parse and store separately."""
    import django

    django.setup()
    from django.core.management import call_command

    from ficarchive.formats import FormatError, parse
    from ficarchive.formats.registry import sniff_format
    from ficarchive.works.services import work_import

    call_command("migrate", verbosity=0)
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    failures = 0
    started = time.perf_counter()
    for path in sorted(corpus.iterdir()):
        data = path.read_bytes()
        kind = sniff_format(data)
        row = stats[kind]
        t0 = time.perf_counter()
        try:
            parsed = parse(data, name=path.name)
        except FormatError as error:
            failures += 1
            console.print(f"[red]failed[/red] {path.name}: {error}")
            continue
        t1 = time.perf_counter()
        work_import(parsed=parsed)
        t2 = time.perf_counter()
        row["works"] += 1
        row["bytes"] += len(data)
        row["parse"] += t1 - t0
        row["store"] += t2 - t1
        row["chapters"] += len(parsed.chapters)
    stats["all"]["wall"] = time.perf_counter() - started
    stats["all"]["failures"] = failures
    return stats, peak_rss_mb()


def storage_floor(database: Path) -> tuple[float, int]:
    """Copy every row the import wrote (works, chapters, tags, links and the full-text index)
    into an empty copy of the schema with plain executemany, in one transaction."""
    search_schema = importlib.import_module("ficarchive.search.migrations.0001_search_index")
    source = sqlite3.connect(database)
    target_path = database.with_name("floor.sqlite3")
    target_path.unlink(missing_ok=True)
    target = sqlite3.connect(target_path)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=NORMAL")
    tables = [
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type='table' "
            "AND (name LIKE 'works_%' OR name LIKE 'tags_%')"
        )
    ]
    for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL "
        "AND (tbl_name LIKE 'works_%' OR tbl_name LIKE 'tags_%')"
    ):
        target.execute(sql)
    for statement in search_schema.SQLITE:
        target.execute(statement)
    rows = {table: source.execute(f'SELECT * FROM "{table}"').fetchall() for table in tables}
    rows["search_work"] = source.execute(
        "SELECT rowid, title, creators, tags, summary, notes FROM search_work"
    ).fetchall()
    rows["search_chapter"] = source.execute(
        "SELECT rowid, work_id, body FROM search_chapter"
    ).fetchall()
    rows["search_chapter_work"] = source.execute("SELECT * FROM search_chapter_work").fetchall()
    columns = {"search_work": "(rowid, title, creators, tags, summary, notes)",
               "search_chapter": "(rowid, work_id, body)"}  # fmt: skip
    total = sum(len(r) for r in rows.values())
    started = time.perf_counter()
    with target:
        for table, table_rows in rows.items():
            if table_rows:
                marks = ",".join("?" * len(table_rows[0]))
                target.executemany(
                    f'INSERT INTO "{table}" {columns.get(table, "")} VALUES ({marks})', table_rows
                )
    elapsed = time.perf_counter() - started
    return elapsed, total


def calibre_add(epubs: list[Path]) -> float | None:
    calibredb = shutil.which("calibredb")
    if calibredb is None or not epubs:
        return None
    library = Path(tempfile.mkdtemp(prefix="calibre-library-"))
    started = time.perf_counter()
    for start in range(0, len(epubs), 100):
        subprocess.run(
            [calibredb, "add", "--with-library", str(library), "--duplicates",
             *map(str, epubs[start : start + 100])],
            check=True, capture_output=True,
        )  # fmt: skip
    elapsed = time.perf_counter() - started
    shutil.rmtree(library, ignore_errors=True)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and database here")
    args = parser.parse_args()
    work_dir = args.keep or Path(tempfile.mkdtemp(prefix="ficarchive-bench-"))
    corpus = work_dir / "corpus"
    if not corpus.exists():
        # A separate process, so generating the corpus does not count in our peak RSS.
        subprocess.run(
            [sys.executable, "-m", "benchmarks.corpus", str(corpus), "--count", str(args.count),
             "--seed", str(args.seed)], check=True, cwd=ROOT,
        )  # fmt: skip
    data_dir = work_dir / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    os.environ.update(
        FICARCHIVE_DATA_DIR=str(data_dir),
        DATABASE_URL="",
        DJANGO_SETTINGS_MODULE="ficarchive.settings",
    )
    console.print(
        f"Importing {args.count} generated stories from {corpus} into a fresh SQLite database"
    )
    stats, rss = import_all(corpus)
    floor_seconds, floor_rows = storage_floor(data_dir / "ficarchive.sqlite3")
    epubs = sorted(corpus.glob("*.epub"))
    calibre_seconds = calibre_add(epubs)

    table = Table(title=f"Import benchmark: {args.count} stories (seed {args.seed})")
    for column in (
        "format",
        "works",
        "MB",
        "works/s",
        "MB/s",
        "parse s",
        "store s",
        "parse %",
        "chapters",
    ):
        table.add_column(column, justify="right")
    total_store = 0.0
    for kind in ("text", "html", "epub"):
        row = stats.get(kind)
        if not row or not row["works"]:
            continue
        seconds = row["parse"] + row["store"]
        total_store += row["store"]
        table.add_row(
            kind, f"{row['works']:.0f}", f"{row['bytes'] / 1e6:.1f}", f"{row['works'] / seconds:.0f}",
            f"{row['bytes'] / 1e6 / seconds:.2f}", f"{row['parse']:.1f}", f"{row['store']:.1f}",
            f"{100 * row['parse'] / seconds:.0f}%", f"{row['chapters']:.0f}",
        )  # fmt: skip
    console.print(table)
    console.print(
        f"wall time {stats['all']['wall']:.1f} s, failures {stats['all']['failures']:.0f}"
    )
    console.print(f"peak RSS during import: {rss:.0f} MB (target < 300 MB)")
    ratio = total_store / floor_seconds
    console.print(
        f"storage floor: {floor_rows} rows by executemany in one transaction: {floor_seconds:.2f} s; "
        f"our storing phase {total_store:.1f} s = {ratio:.1f}x the floor (target <= 5x)"
    )
    epub = stats.get("epub")
    if calibre_seconds is None:
        console.print(
            "calibredb not found: apt-get install calibre to compare (make bench-import does)"
        )
    elif epub:
        ours = epub["parse"] + epub["store"]
        console.print(
            f"calibredb add, {len(epubs)} EPUBs into an empty library: {calibre_seconds:.1f} s; "
            f"ours (with every chapter's text) {ours:.1f} s = {calibre_seconds / ours:.1f}x faster "
            "(target >= 5x)"
        )
    if args.keep is None:
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
