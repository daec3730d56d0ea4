"""make bench-search: a synthetic archive, a fixed mix of queries, latencies beside Tantivy.

Builds archives of --small (10,000) and --works (100,000) works with realistic word-count,
chapter and tag distributions (chapter text totalling --gigabytes at the large size), then
runs the same seeded mix of --queries queries on each: single words (common and rare),
phrases, OR and exclusions, field filters, facet counts and sorts, through the same code the
search page uses (visibility, filters, ranking, first page, snippets). Prints p50/p95/p99
and index size, and beside them Tantivy indexing the same chapter text and answering the
same text queries.

    python -m benchmarks.bench_search [--works 100000] [--small 10000] [--gigabytes 1.07]

With DATABASE_URL=postgres://… each size gets a fresh database (ficarchive_bench_<works>) on
that server, and "database" means PostgreSQL's full-text search.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console(width=140)
COMMON = (
    "the a and of to in she he was it her his that had with as for at on but they said not "
    "be from all this were would there could one them like so what when out into back "
    "looked eyes hand door night light rain station time way something".split()
)


@dataclass
class Corpus:
    vocabulary: list[str]
    cumulative: list[float]
    phrases: list[str]
    fandoms: list[str]
    characters: list[str]


def make_vocabulary(rng: random.Random, size: int = 30_000) -> Corpus:
    syllables = "ka lo mi ne ra su te vo wi ya el an or is un ber dor fen gal hol".split()
    words = list(dict.fromkeys(COMMON))
    while len(words) < size:
        words.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]  # Zipf, like prose
    cumulative = list(itertools.accumulate(weights))
    fandoms = [f"Fandom {rng.choice(syllables).title()}{n}" for n in range(2000)]
    characters = [
        f"{rng.choice(syllables).title()}{rng.choice(syllables)} {n}" for n in range(10000)
    ]
    return Corpus(words, cumulative, [], fandoms, characters)


def zipf_pick(rng: random.Random, items: list[str], exponent: float = 1.1) -> str:
    index = min(int(rng.paretovariate(exponent)) - 1, len(items) - 1)
    return items[index]


def build_archive(works: int, gigabytes: float, seed: int, corpus: Corpus) -> dict[str, float]:
    """Bulk-create works, chapters and tags through the ORM, then index them."""
    from django.db import connection, transaction

    from ficarchive.core.services import database_statistics_refresh
    from ficarchive.search.services import search_rebuild
    from ficarchive.tags.models import Tag, TagKind, name_key
    from ficarchive.works.models import Authorship, Chapter, Creator, Rating, Visibility, Work

    rng = random.Random(seed)
    target_words = gigabytes * 1e9 / 6.2 / works  # average word length with its space
    ratings = [
        Rating.GENERAL,
        Rating.TEEN,
        Rating.TEEN,
        Rating.MATURE,
        Rating.EXPLICIT,
        Rating.NOT_RATED,
    ]
    started = time.perf_counter()
    fandom_tags = Tag.objects.bulk_create(
        [Tag(kind=TagKind.FANDOM, name=n, name_key=name_key(n)) for n in corpus.fandoms]
    )
    character_tags = Tag.objects.bulk_create(
        [Tag(kind=TagKind.CHARACTER, name=n, name_key=name_key(n)) for n in corpus.characters]
    )
    creators = Creator.objects.bulk_create(
        [Creator(name=f"author{n}", name_key=f"author{n}") for n in range(works // 5 + 1)]
    )
    tag_link = Work.tags.through
    total_bytes = 0
    today = date(2026, 11, 27)
    for start in range(0, works, 1000):
        with transaction.atomic():
            batch = []
            for _ in range(min(1000, works - start)):
                published = today - timedelta(days=rng.randint(0, 5000))
                updated = min(today, published + timedelta(days=rng.randint(0, 400)))
                chapters = 1 if rng.random() < 0.6 else rng.choice([2, 3, 4, 5, 8, 12, 20, 30])
                batch.append((Work(
                    title=" ".join(rng.choices(corpus.vocabulary[40:3000], k=rng.randint(1, 4))).title(),
                    summary="", rating=rng.choice(ratings), language="en",
                    expected_chapters=chapters if rng.random() < 0.6 else None,
                    published=published, updated=updated, visibility=Visibility.PUBLIC,
                ), chapters))  # fmt: skip
            created = Work.objects.bulk_create([w for w, _ in batch])
            rows, links, authors = [], [], []
            for work, (_, chapters) in zip(created, batch, strict=True):
                words = int(
                    min(max(rng.lognormvariate(0, 1.0) * target_words / 1.65, 100), 400_000)
                )
                for position in range(1, chapters + 1):
                    count = max(20, words // chapters)
                    picked = rng.choices(corpus.vocabulary, cum_weights=corpus.cumulative, k=count)
                    text = " ".join(picked)
                    total_bytes += len(text)
                    rows.append(Chapter(work=work, position=position, body_text=text,
                                        word_count=count, is_posted=True, published=work.published))  # fmt: skip
                links.append(
                    tag_link(work=work, tag=fandom_tags[min(int(rng.paretovariate(1.1)) - 1, 1999)])
                )
                for character in {zipf_pick(rng, character_tags) for _ in range(rng.randint(1, 4))}:  # type: ignore[arg-type]
                    links.append(tag_link(work=work, tag=character))
                authors.append(Authorship(work=work, creator=rng.choice(creators), position=0))
            Chapter.objects.bulk_create(rows, batch_size=500)
            tag_link.objects.bulk_create(links, batch_size=2000)
            Authorship.objects.bulk_create(authors, batch_size=2000)
        if start % 20000 == 0:
            console.print(
                f"  {start + len(batch)} works, {total_bytes / 1e6:.0f} MB of text so far"
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE works_work SET word_count = (SELECT COALESCE(SUM(word_count), 0) "
            "FROM works_chapter WHERE works_chapter.work_id = works_work.id)"
        )
    generated = time.perf_counter() - started
    size_before = _database_bytes()
    started = time.perf_counter()
    search_rebuild(batch_size=1000)
    indexed = time.perf_counter() - started
    database_statistics_refresh()  # as `ficarchive serve` and `ficarchive import` do
    return {
        "text_bytes": total_bytes, "generate_s": generated, "index_s": indexed,
        "index_bytes": max(_database_bytes() - size_before, 0),
    }  # fmt: skip


def sample_phrases(seed: int, corpus: Corpus, count: int = 300) -> None:
    """Phrases readers would quote: two or three words in a row from stored chapters."""
    from django.db.models import Max

    from ficarchive.works.models import Chapter

    rng = random.Random(seed)
    top = Chapter.objects.aggregate(top=Max("pk"))["top"] or 0
    ids = sorted({rng.randint(1, top) for _ in range(count)}) if top else []
    bodies = Chapter.objects.filter(pk__in=ids).order_by("pk").values_list("body_text", flat=True)
    for body in bodies:
        words = body.split()
        if len(words) > 4:
            offset = rng.randrange(0, len(words) - 3)
            corpus.phrases.append(" ".join(words[offset : offset + rng.choice([2, 3])]))


def reused_archive(works: int) -> dict[str, float] | None:
    """The archive a previous run built in this database (--reuse), re-indexed; else None."""
    from django.db import connection

    from ficarchive.core.services import database_statistics_refresh
    from ficarchive.search.services import search_rebuild
    from ficarchive.works.models import Work

    if Work.objects.count() != works:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(length(body_text)) FROM works_chapter")
        row = cursor.fetchone()
    console.print(f"  reusing the {works} works built before; indexing them again")
    started = time.perf_counter()
    search_rebuild(batch_size=1000)
    indexed = time.perf_counter() - started
    database_statistics_refresh()
    return {"text_bytes": float(row[0] or 0) if row else 0.0, "generate_s": 0.0,
            "index_s": indexed, "index_bytes": _database_bytes()}  # fmt: skip


def _database_bytes() -> int:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Path(connection.settings_dict["NAME"]).stat().st_size
    from ficarchive.search.backends import backend

    return backend().size_bytes()


def make_queries(rng: random.Random, corpus: Corpus, count: int) -> list[dict[str, object]]:
    """The fixed mix: what readers type, in the proportions they type it."""
    from ficarchive.search.query import STOP_WORDS

    # Common words readers would search for (stop words are not searched on their own).
    common = [w for w in corpus.vocabulary[:60] if w not in STOP_WORDS][:25]
    middle = corpus.vocabulary[200:3000]
    rare = corpus.vocabulary[3000:20000]
    queries: list[dict[str, object]] = []
    for _ in range(count):
        kind = rng.choices(
            ["common", "word", "rare", "two", "phrase", "or", "not", "field", "facets", "sort"],
            weights=[10, 15, 10, 15, 15, 5, 5, 10, 10, 5],
        )[0]
        if kind == "common":
            q = rng.choice(common)
        elif kind == "word":
            q = rng.choice(middle)
        elif kind == "rare":
            q = rng.choice(rare)
        elif kind == "two":
            q = f"{rng.choice(middle)} {rng.choice(middle)}"
        elif kind == "phrase":
            q = f'"{rng.choice(corpus.phrases)}"'
        elif kind == "or":
            q = f"{rng.choice(middle)} OR {rng.choice(rare)}"
        elif kind == "not":
            q = f"{rng.choice(middle)} -{rng.choice(common)}"
        elif kind == "field":
            q = rng.choice([
                f'fandom:"{zipf_pick(rng, corpus.fandoms)}" {rng.choice(middle)}',
                f"rating:teen {rng.choice(middle)}",
                f"words>5000 {rng.choice(middle)}",
                f"complete:yes {rng.choice(common)}",
            ])  # fmt: skip
        else:
            q = rng.choice(middle + common[:5])
        queries.append({"kind": kind, "q": q, "sort": "words" if kind == "sort" else "",
                        "facets": kind == "facets", "text": kind not in {"field", "facets", "sort"}})  # fmt: skip
    return queries


def run_queries(queries: list[dict[str, object]]) -> list[float]:
    from django.contrib.auth.models import AnonymousUser

    from ficarchive.search.selectors import snippets_for, works_search

    timings: list[float] = []
    for query in queries:
        started = time.perf_counter()
        outcome = works_search(
            user=AnonymousUser(), raw_query=str(query["q"]), filters={}, sort=str(query["sort"]),
            today=date(2026, 11, 27),
        )  # fmt: skip
        len(outcome.ordered)  # the count the page shows
        snippets_for(outcome.query, list(outcome.ordered[:20]))
        if query["facets"]:
            outcome.facets()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def tantivy_run(
    queries: list[dict[str, object]], directory: Path
) -> tuple[list[float], float, int]:
    import tantivy
    from django.db import connection

    schema_builder = tantivy.SchemaBuilder()
    schema_builder.add_integer_field("work_id", stored=True, indexed=True)
    schema_builder.add_text_field("body", stored=False, tokenizer_name="en_stem")
    schema = schema_builder.build()
    directory.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(directory))
    writer = index.writer(heap_size=256_000_000)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT work_id, body_text FROM works_chapter")
        while rows := cursor.fetchmany(2000):
            for work_id, body in rows:
                writer.add_document(tantivy.Document(work_id=work_id, body=body))
    writer.commit()
    writer.wait_merging_threads()
    indexed = time.perf_counter() - started
    index.reload()
    searcher = index.searcher()
    timings = []
    for query in queries:
        if not query["text"]:
            continue
        text = str(query["q"]).replace(" OR ", " OR ")
        text = " ".join(f"-{w[1:]}" if w.startswith("-") else w for w in text.split())
        started = time.perf_counter()
        parsed = index.parse_query(text, ["body"], conjunction_by_default=True)
        searcher.search(parsed, 20, count=True)
        timings.append((time.perf_counter() - started) * 1000)
    size = sum(f.stat().st_size for f in directory.rglob("*") if f.is_file())
    return timings, indexed, size


def percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]

    return statistics.median(ordered), at(0.95), at(0.99)


def run_size(
    works: int, gigabytes: float, args: argparse.Namespace, root: Path
) -> dict[str, object]:
    """One archive size in a fresh database (a child process keeps sizes apart)."""
    from django.test import override_settings

    rng = random.Random(args.seed)
    corpus = make_vocabulary(rng)
    stats = (args.reuse and reused_archive(works)) or build_archive(
        works, gigabytes, args.seed, corpus
    )
    sample_phrases(args.seed + 2, corpus)
    queries = make_queries(random.Random(args.seed + 1), corpus, args.queries)
    result: dict[str, object] = {"works": works, "text_bytes": stats["text_bytes"],
                                 "generate_s": stats["generate_s"], "backends": {}}  # fmt: skip
    for name in args.backends.split(","):
        with override_settings(SEARCH_BACKEND=name, SEARCH_INDEX_DIR=root / f"index-{works}"):
            if name == "database":
                index_s, index_bytes = stats["index_s"], stats["index_bytes"]
            else:
                from ficarchive.search.backends import backend
                from ficarchive.search.services import search_rebuild

                started = time.perf_counter()
                search_rebuild(batch_size=1000)
                index_s, index_bytes = time.perf_counter() - started, backend().size_bytes()
            run_queries(queries[:20])  # warm the page cache, as a running server would be
            ours = run_queries(queries)
        by_kind: dict[str, list[float]] = {}
        for timing, query in zip(ours, queries, strict=True):
            by_kind.setdefault(str(query["kind"]), []).append(timing)
        text_only = [t for t, q in zip(ours, queries, strict=True) if q["text"]]
        result["backends"][name] = {  # type: ignore[index]
            "index_s": index_s, "index_bytes": index_bytes, "all": percentiles(ours),
            "text": percentiles(text_only),
            "kinds": {kind: percentiles(values) for kind, values in by_kind.items()},
        }  # fmt: skip
    if not args.no_tantivy:
        tantivy_times, tantivy_index_s, tantivy_bytes = tantivy_run(
            queries, root / f"tantivy-{works}"
        )
        result.update(tantivy=percentiles(tantivy_times), tantivy_index_s=tantivy_index_s,
                      tantivy_bytes=tantivy_bytes)  # fmt: skip
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    # 1.07 requested gives a little over 1 GB of chapter text (937 MB came out of 1.0).
    parser.add_argument("--gigabytes", type=float, default=1.07, help="chapter text at --works")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--backends", default="database,tantivy",
        help="search backends to measure, comma-separated (database = FTS5 or PostgreSQL)",
    )  # fmt: skip
    parser.add_argument("--no-tantivy", action="store_true", help="skip plain Tantivy")
    parser.add_argument(
        "--reuse", action="store_true",
        help="PostgreSQL: keep an archive an earlier run built (index it again, skip generating)",
    )  # fmt: skip
    parser.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return _child(args)
    root = Path(tempfile.mkdtemp(prefix="ficarchive-search-bench-"))
    results = []
    for works in (args.small, args.works):
        out = root / f"result-{works}.json"
        console.print(f"Building and querying {works} works…")
        subprocess_args = [sys.executable, "-m", "benchmarks.bench_search", "--one", str(works),
                           "--gigabytes", str(args.gigabytes * works / args.works),
                           "--queries", str(args.queries), "--seed", str(args.seed), "--out", str(out),
                           "--backends", args.backends]  # fmt: skip
        if args.no_tantivy:
            subprocess_args.append("--no-tantivy")
        if args.reuse:
            subprocess_args.append("--reuse")
        import subprocess

        env = {**os.environ, "FICARCHIVE_DATA_DIR": str(root / f"data-{works}")}
        if env.get("DATABASE_URL", "").startswith("postgres"):
            env["DATABASE_URL"] = _fresh_postgres_database(
                env["DATABASE_URL"], works, keep=args.reuse
            )
        subprocess.run(subprocess_args, check=True, env=env)
        import json

        results.append(json.loads(out.read_text()))
    _report(results, args)
    shutil.rmtree(root, ignore_errors=True)
    return 0


def _fresh_postgres_database(url: str, works: int, *, keep: bool) -> str:
    """A database of its own for each size, on the server DATABASE_URL names: empty, or as an
    earlier run left it when `keep`."""
    import psycopg

    name = f"ficarchive_bench_{works}"
    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not (keep and exists.fetchone()):
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


def _child(args: argparse.Namespace) -> int:
    import json

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    result = run_size(args.one, args.gigabytes, args, Path(os.environ["FICARCHIVE_DATA_DIR"]))
    args.out.write_text(json.dumps(result))
    return 0


def _report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    database = "PostgreSQL" if postgres else "SQLite FTS5"
    table = Table(title=f"Search benchmark: {args.queries} queries (seed {args.seed}), "
                  f"each through the search page's own path")  # fmt: skip
    for column in ("works", "backend", "text MB", "index MB", "index s", "p50 ms", "p95 ms",
                   "p99 ms", "text p95 ms", "plain Tantivy text p95 ms", "ratio",
                   "plain Tantivy index MB"):  # fmt: skip
        table.add_column(column, justify="right")
    for r in results:
        tv = r.get("tantivy")
        for name, b in r["backends"].items():
            all_p, text_p = b["all"], b["text"]
            table.add_row(
                f"{r['works']}", database if name == "database" else "Tantivy backend",
                f"{r['text_bytes'] / 1e6:.0f}", f"{b['index_bytes'] / 1e6:.0f}",
                f"{b['index_s']:.0f}", f"{all_p[0]:.1f}", f"{all_p[1]:.1f}", f"{all_p[2]:.1f}",
                f"{text_p[1]:.1f}", f"{tv[1]:.1f}" if tv else "-",
                f"{text_p[1] / tv[1]:.1f}x" if tv else "-",
                f"{r['tantivy_bytes'] / 1e6:.0f}" if tv else "-",
            )  # fmt: skip
    console.print(table)
    small, large = results
    for name in large["backends"]:
        a, b = small["backends"][name], large["backends"][name]
        console.print(
            f"{name}: p95 growth {small['works']} -> {large['works']} works: "
            f"{b['all'][1] / a['all'][1]:.1f}x (target <= 3x); p95 at {large['works']}: "
            f"{b['all'][1]:.1f} ms (target <= 50 ms)"
        )
    kinds = Table(title=f"p50 / p95 by kind of query at {large['works']} works (ms)")
    kinds.add_column("kind")
    for name in large["backends"]:
        kinds.add_column(f"{name} p50", justify="right")
        kinds.add_column(f"{name} p95", justify="right")
    for kind in sorted(next(iter(large["backends"].values()))["kinds"]):
        cells = []
        for b in large["backends"].values():
            p50, p95, _ = b["kinds"][kind]
            cells += [f"{p50:.1f}", f"{p95:.1f}"]
        kinds.add_row(kind, *cells)
    console.print(kinds)


if __name__ == "__main__":
    sys.exit(main())
