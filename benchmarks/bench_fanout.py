"""make bench-fanout: one new chapter told to 10,000 subscribers, on a fresh SQLite archive.

Prints, side by side, the author's post (the request's work: write the chapter, queue the
fan-out) on a work nobody follows and on a work 10,000 members follow, and the fan-out
itself (the background task: find the subscribers, write their inbox rows in batches, queue
the immediate emails), with the emails then sent by their own tasks (through Django's
in-memory mail backend, so the figure is ours, not an SMTP server's).

    python -m benchmarks.bench_fanout [--subscribers 10000] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

console = Console(width=120)


def run(subscribers: int, runs: int) -> list[tuple[str, float]]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.FICARCHIVE_POSTS_PER_HOUR = 10**9
    from django.contrib.auth.hashers import make_password
    from django_tasks_db.models import DBTaskResult

    from ficarchive.accounts.models import User
    from ficarchive.notifications.models import InboxItem, NoticePreference, Subscription
    from ficarchive.notifications.tasks import fanout_chapter, mail_items
    from ficarchive.works.posting import ChapterData, WorkData, chapter_create, work_create

    call_command("migrate", verbosity=0)
    password = make_password(None)
    author = User.objects.create(username="author", email="a@example.org", email_confirmed=True)
    data = WorkData(title="Followed", fandoms=["Bench"], rating="teen")
    followed = work_create(
        user=author, data=data, chapter=ChapterData(text="<p>One.</p>"), post=True
    )
    data = WorkData(title="Unfollowed", fandoms=["Bench"], rating="teen")
    quiet = work_create(user=author, data=data, chapter=ChapterData(text="<p>One.</p>"), post=True)
    User.objects.bulk_create(
        [
            User(
                username=f"reader{n}",
                username_key=f"reader{n}",  # bulk_create skips save(), which sets it
                email=f"reader{n}@example.org",
                email_confirmed=True,
                password=password,
            )
            for n in range(subscribers)
        ],
        batch_size=2000,
    )
    readers = list(User.objects.filter(username__startswith="reader").values_list("pk", flat=True))
    Subscription.objects.bulk_create(
        [
            Subscription(user_id=pk, kind="work", target_id=followed.pk, label="Followed")
            for pk in readers
        ],
        batch_size=2000,
    )
    # One in ten wants new chapters at once: their emails are part of the fan-out's work.
    NoticePreference.objects.bulk_create(
        [NoticePreference(user_id=pk, kind="new_chapter", delivery="now") for pk in readers[::10]],
        batch_size=2000,
    )
    DBTaskResult.objects.all().delete()

    def post(work: object) -> float:
        started = time.perf_counter()
        chapter_create(work=work, user=author, chapter=ChapterData(text="<p>More.</p>"), post=True)  # type: ignore[arg-type]
        return time.perf_counter() - started

    quiet_times = [post(quiet) for _ in range(runs)]
    followed_times, fanout_times, mail_times = [], [], []
    for _ in range(runs):
        DBTaskResult.objects.all().delete()
        followed_times.append(post(followed))
        position = followed.chapters.order_by("-position").first().position  # type: ignore[union-attr]
        InboxItem.objects.all().delete()
        started = time.perf_counter()
        told = fanout_chapter.call(followed.pk, position)
        fanout_times.append(time.perf_counter() - started)
        assert told == subscribers, told
        queued = DBTaskResult.objects.filter(task_path=mail_items.module_path)
        started = time.perf_counter()
        for result in queued:
            mail_items.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        mail_times.append(time.perf_counter() - started)
    median = statistics.median
    return [
        ("author's post, nobody following (ms)", median(quiet_times) * 1000),
        (f"author's post, {subscribers:,} following (ms)", median(followed_times) * 1000),
        (f"fan-out task: {subscribers:,} inbox rows (s)", median(fanout_times)),
        ("fan-out rows per second", subscribers / median(fanout_times)),
        (f"emails at once: {len(readers[::10]):,} sent by their tasks (s)", median(mail_times)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="keep the database here")
    args = parser.parse_args()
    work_dir = args.keep or Path(tempfile.mkdtemp(prefix="ficarchive-fanout-"))
    data_dir = work_dir / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    os.environ.update(
        FICARCHIVE_DATA_DIR=str(data_dir), DATABASE_URL="", REDIS_URL="",
        DJANGO_SETTINGS_MODULE="ficarchive.settings",
    )  # fmt: skip
    console.print(f"One chapter to {args.subscribers:,} subscribers, median of {args.runs} runs")
    figures = run(args.subscribers, args.runs)
    table = Table(title="Notification fan-out (SQLite)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in figures:
        table.add_row(name, f"{value:,.1f}")
    console.print(table)
    if args.keep is None:
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
