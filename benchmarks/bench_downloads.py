"""make bench-downloads: EPUB builds beside Calibre's `ebook-convert` on the same HTML.

Builds, in one run, the EPUB of a generated 100,000-word, 30-chapter work and of a 10-work
series (formats/export/epub.py, the code the download view runs once per version), the
median of several runs each with the peak memory the build allocates; then has Calibre's
`ebook-convert` turn the same books, as one HTML file each, into EPUB (how AO3 builds its
downloads: one process per file), the median of its runs too.

    python -m benchmarks.bench_downloads [--runs 5] [--calibre-runs 3] [--words 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficarchive.formats.export import Book, BookChapter, Omnibus  # noqa: E402
from ficarchive.formats.export.epub import build_epub  # noqa: E402
from ficarchive.formats.export.html import build_html  # noqa: E402

console = Console(width=120)
WORDS = (
    "the sea lantern harbour tide rope salt night ferry island keeper light stone gull "
    "wind she he they said quietly across under before after again never always small "
    "bright cold warm old new boat mark river road house door window letter voice hand"
).split()


def generated_book(key: int, words: int, chapters: int, rng: random.Random) -> Book:
    per_chapter = words // chapters
    built = []
    for number in range(1, chapters + 1):
        paragraphs, count = [], 0
        while count < per_chapter:
            length = min(rng.randint(20, 90), per_chapter - count)
            words_here = [rng.choice(WORDS) for _ in range(length)]
            if length > 4 and rng.random() < 0.2:  # some emphasis, as stories have
                words_here[1] = f"<em>{words_here[1]}"
                words_here[3] = f"{words_here[3]}</em>"
            text = " ".join(words_here)
            paragraphs.append(f"<p>{text}.</p>")
            count += length
            if rng.random() < 0.02:
                paragraphs.append("<hr>")
        built.append(
            BookChapter(
                key=str(key * 1000 + number),
                number=number,
                title=f"Chapter {number}",
                body_html="".join(paragraphs),
                notes_begin="<p>A note.</p>",
            )
        )
    return Book(
        key=f"work-{key}", identifier=f"urn:uuid:00000000-0000-4000-8000-{key:012d}",
        title=f"Generated Work {key}", creators=["Bench Author"],
        url=f"https://archive.example/works/{key}/", language="en",
        published=dt.date(2024, 1, 1), updated=dt.date(2024, 6, 1),
        modified=dt.datetime(2024, 6, 1, tzinfo=dt.UTC), words=words,
        chapter_progress=f"{chapters}/{chapters}", complete=True, chapters=built,
        summary_html="<p>A generated work.</p>", rating="General Audiences",
        fandoms=["Harbour Lights"], freeforms=["Benchmark"],
    )  # fmt: skip


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def calibre_seconds(html: bytes, runs: int, folder: Path) -> float | None:
    if shutil.which("ebook-convert") is None:
        return None
    source = folder / "book.html"
    source.write_bytes(html)
    times = []
    for run in range(runs):
        target = folder / f"book-{run}.epub"
        started = time.perf_counter()
        subprocess.run(["ebook-convert", str(source), str(target)], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calibre-runs", type=int, default=3)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--chapters", type=int, default=30)
    parser.add_argument("--series-works", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    work = generated_book(1, args.words, args.chapters, rng)
    books = [
        generated_book(n, args.words // args.series_works, 10, rng)
        for n in range(2, 2 + args.series_works)
    ]
    series = Omnibus(
        key="series-1", identifier="urn:uuid:00000000-0000-4000-8000-999999999999",
        title="Generated Series", url="https://archive.example/series/1/",
        modified=work.modified, books=books,
    )  # fmt: skip
    # Calibre gets the same books as one HTML file each (the series: its works one after another).
    series_html = b"".join(build_html(book) for book in books)
    cases = [
        (f"work: {args.words:,} words, {args.chapters} chapters", work, build_html(work)),
        (f"series: {args.series_works} works, {args.words:,} words", series, series_html),
    ]
    table = Table(title="EPUB builds (median)")
    for column in ("book", "runs", "Ficarchive", "peak alloc", "EPUB size",
                   "ebook-convert", "speed-up"):  # fmt: skip
        table.add_column(column, justify="right" if column != "book" else "left")
    with tempfile.TemporaryDirectory(prefix="bench-downloads-") as folder:
        for label, book, html in cases:
            ours = median_seconds(lambda book=book: build_epub(book), args.runs)
            memory = peak_mb(lambda book=book: build_epub(book))
            size = len(build_epub(book)) / 1024
            theirs = calibre_seconds(html, args.calibre_runs, Path(folder))
            table.add_row(
                label, str(args.runs), f"{ours * 1000:.1f} ms", f"{memory:.1f} MB",
                f"{size:.0f} KiB",
                "not installed" if theirs is None else f"{theirs * 1000:.0f} ms",
                "-" if theirs is None else f"{theirs / ours:.0f}×",
            )  # fmt: skip
    console.print(table)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(f"peak RSS of this process (Python, the generated books, lxml): {rss:.0f} MB")
    if shutil.which("ebook-convert") is None:
        console.print("ebook-convert is not on PATH: `make bench-downloads` installs Calibre.")


if __name__ == "__main__":
    main()
