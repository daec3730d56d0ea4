"""The `ficarchive` command: serve, import, parse, and Django's own management commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from ficarchive.env import env_port
from ficarchive.formats import FormatError, parse
from ficarchive.formats.sources import iter_sources


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.settings")
    import django

    django.setup()


class ServiceUnreachable(Exception):
    """A database or Redis the archive needs does not answer (one line, no traceback)."""


class NotMigrated(Exception):
    """The database lacks migrations this version needs (one line, no traceback)."""


def _require_services() -> None:
    """Before serving or working: the databases and Redis answer, or one line says which
    does not, and where."""
    from ficarchive.core.health import unreachable_services

    problems = unreachable_services()
    if problems:
        raise ServiceUnreachable("; ".join(problems))


def _require_migrated() -> None:
    """The worker and the web unit do not migrate (`serve` does, and an upgrade migrates
    before restarting them): on a database without this version's tables this says so."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    advice = "run `ficarchive manage migrate` (`ficarchive serve` runs it), then start again"
    database = connections[DEFAULT_DB_ALIAS]
    name = str(database.settings_dict["NAME"])
    if database.vendor == "sqlite" and not Path(name).exists():
        raise NotMigrated(f"the database {name} does not exist yet: {advice}")
    executor = MigrationExecutor(database)
    missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if missing:
        raise NotMigrated(
            f"the database lacks {len(missing)} migration(s) of this version: {advice}"
        )


def cmd_parse(args: argparse.Namespace) -> int:
    """Print what a file would import as; changes nothing."""
    path = Path(args.path)
    try:
        work = parse(path.read_bytes(), name=path.name)
    except OSError as error:
        print(f"ficarchive: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    except FormatError as error:
        print(f"ficarchive: {path}: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(work.to_json())
    else:
        print(f"{work.title} by {', '.join(work.creators) or 'unknown'}")
        for number, chapter in enumerate(work.chapters, start=1):
            print(f"  {number}. {chapter.title or '(untitled)'}: {chapter.word_count} words")
        print(f"  {work.word_count} words in all")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import files, folders and ZIP archives, each work in its own transaction."""
    _setup_django()
    from django.core.management import call_command
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from ficarchive.core.services import database_statistics_refresh
    from ficarchive.search.services import search_deferred
    from ficarchive.works.services import work_import

    call_command("migrate", interactive=False, verbosity=0)  # a new data folder is ready too
    console = Console(stderr=True, soft_wrap=True)
    counts = {"imported": 0, "updated": 0, "unchanged": 0, "failed": 0}
    failures: list[tuple[str, str]] = []
    with search_deferred(), Progress(console=console, transient=True) as progress:
        task = progress.add_task("Importing", total=None)
        for source in iter_sources(args.paths):
            progress.update(task, advance=1, description=f"Importing {Path(source.name).name}")
            try:
                if source.data is None:
                    raise FormatError(source.error or "cannot be read")
                result = work_import(parsed=parse(source.data, name=source.name))
            except FormatError as error:
                failures.append((source.name, str(error)))
                counts["failed"] += 1
                continue
            counts[result.outcome.value] += 1
            console.print(f"{result.outcome.value}: {source.name} → /works/{result.work.pk}/")
            if result.match is not None:
                console.print(
                    f"  imported as a new work: a work with {result.match.kind.value}"
                    f" exists (#{result.match.work.pk})"
                )
    database_statistics_refresh()
    table = Table(title="Import summary")
    for column in counts:
        table.add_column(column.capitalize(), justify="right")
    table.add_row(*(str(n) for n in counts.values()))
    console.print(table)
    for name, reason in failures:
        console.print(f"[red]failed[/red]: {name}: {reason}")
    return 1 if failures else 0


def cmd_import_efiction(args: argparse.Namespace) -> int:
    """Migrate a live eFiction 3.x archive: each story in its own transaction; run again, it
    updates what it brought before."""
    _setup_django()
    from django.core.management import call_command
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from ficarchive.core.services import database_statistics_refresh
    from ficarchive.efiction.reader import Connection, EfictionDatabase, EfictionError
    from ficarchive.efiction.services import efiction_migrate
    from ficarchive.search.services import search_deferred

    console = Console(stderr=True, soft_wrap=True)
    stories_dir = Path(args.stories_dir)
    if not stories_dir.is_dir():
        console.print(f"ficarchive import-efiction: no folder {stories_dir}")
        return 2
    call_command("migrate", interactive=False, verbosity=0)  # a new data folder is ready too
    try:
        database = EfictionDatabase(Connection.from_url(args.url), prefix=args.prefix)
    except EfictionError as error:
        console.print(f"ficarchive import-efiction: {error}")
        return 2

    class Bar:
        def __init__(self, progress: Progress) -> None:
            self.progress, self.task = progress, progress.add_task("Reading", total=None)

        def start(self, total: int) -> None:
            self.progress.update(self.task, total=total)

        def step(self, description: str) -> None:
            self.progress.update(self.task, advance=1, description=description)

    with database, search_deferred(), Progress(console=console, transient=True) as progress:
        report = efiction_migrate(
            database=database, stories_dir=stories_dir, progress=Bar(progress)
        )
    database_statistics_refresh()
    table = Table(title="eFiction migration summary")
    counts = {
        "Members": report.members, "Imported": report.imported, "Updated": report.updated,
        "Unchanged": report.unchanged, "Drafts": report.drafts, "Failed": report.failed,
        "Chapters": report.chapters, "Comments": report.comments, "Series": report.series,
        "Favourites": report.favourites,
    }  # fmt: skip
    for column in counts:
        table.add_column(column, justify="right")
    table.add_row(*(str(n) for n in counts.values()))
    console.print(table)
    for warning in report.warnings:
        console.print(f"[yellow]note[/yellow]: {warning}")
    for name, reason in report.failures:
        console.print(f"[red]failed[/red]: {name}: {reason}")
    return 1 if report.failures else 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, collect static files, load the demo into an empty archive, then run gunicorn
    and, beside it, the task worker."""
    _setup_django()
    _require_services()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_demo:
        call_command("load_demo", if_empty=True)
    from ficarchive.core.services import database_statistics_refresh
    from ficarchive.search.services import search_index_is_empty
    from ficarchive.works.models import Work

    if search_index_is_empty() and Work.objects.exists():  # an archive from before search
        call_command("search_rebuild")
    database_statistics_refresh()
    port = args.port or env_port("PORT", 8000)
    bind = f"{args.host}:{port}"
    print(f"Ficarchive is serving on http://{bind}/", flush=True)
    # gunicorn's master starts the task worker beside its web workers and stops it on exit.
    os.environ["FICARCHIVE_SERVE_WORKER"] = "0" if args.no_worker else "1"
    os.execvp(  # noqa: S606 - replace this process with the server, keeping its PID
        sys.executable,
        [
            sys.executable, "-m", "gunicorn", "ficarchive.wsgi:application",
            "--config", "python:ficarchive.gunicorn_conf",
            "--bind", bind, "--workers", str(args.workers), "--access-logfile", "-",
        ],
    )  # fmt: skip


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the background tasks: emails, notifications, big downloads, index rebuilds."""
    _setup_django()
    _require_services()
    _require_migrated()
    from ficarchive.core.worker import worker_run

    worker_run(batch=args.batch)
    return 0


def cmd_ready(args: argparse.Namespace) -> int:
    """Exit 0 when the databases and Redis answer and every migration has run; else one line
    and 1. The web unit runs it before gunicorn (ExecStartPre), which would otherwise start,
    tell systemd it is ready and fail every request."""
    _setup_django()
    _require_services()
    _require_migrated()
    print("ficarchive: ready")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """The whole archive in one file, taken while it serves."""
    _setup_django()
    from django.conf import settings

    from ficarchive.core.backup import BackupError, backup_create

    folder = Path(args.to) if args.to else Path(settings.DATA_DIR) / "backups"
    try:
        made = backup_create(folder=folder)
    except BackupError as error:
        print(f"ficarchive backup: {error}", file=sys.stderr)
        return 1
    print(made)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """The archive as a backup left it (stop the server first)."""
    _setup_django()
    from ficarchive.core.backup import BackupError, backup_restore

    if not args.yes:
        try:
            answer = input(f"Replace this archive's data with {args.file}? Type yes: ")
        except EOFError:  # no terminal (cron, `ssh host command`): no one to answer
            answer = ""
        if answer.strip().lower() != "yes":
            print("Nothing changed (to restore without a question: --yes).")
            return 1
    try:
        backup_restore(archive=Path(args.file))
    except BackupError as error:
        print(f"ficarchive restore: {error}", file=sys.stderr)
        return 1
    print(f"Restored from {args.file}.")
    return 0


def cmd_manage(argv: list[str]) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ficarchive", *argv])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ficarchive", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the archive with gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=None, help="default: $PORT or 8000")
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo works")
    serve.add_argument(
        "--no-worker", action="store_true",
        help="do not start the task worker (run `ficarchive worker` elsewhere)",
    )  # fmt: skip
    serve.set_defaults(handler=cmd_serve)

    worker = commands.add_parser("worker", help="run the background tasks")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.set_defaults(handler=cmd_worker)

    ready = commands.add_parser(
        "ready", help="check the databases and Redis answer and the database is migrated"
    )
    ready.set_defaults(handler=cmd_ready)

    importer = commands.add_parser("import", help="import files, folders of files")
    importer.add_argument("paths", nargs="+")
    importer.set_defaults(handler=cmd_import)

    efiction = commands.add_parser(
        "import-efiction", help="migrate an eFiction 3.x archive from its MySQL database"
    )
    efiction.add_argument("url", help="mysql://USER[:PASSWORD]@HOST:PORT/DATABASE")
    efiction.add_argument(
        "--stories-dir", required=True, help="eFiction's stories folder (<uid>/<chapid>.txt)"
    )
    efiction.add_argument("--prefix", default="fanfiction_", help="the tables' prefix")
    efiction.set_defaults(handler=cmd_import_efiction)

    parse_cmd = commands.add_parser("parse", help="show what a file imports as; changes nothing")
    parse_cmd.add_argument("path")
    parse_cmd.add_argument("--json", action="store_true", help="the import contract as JSON")
    parse_cmd.set_defaults(handler=cmd_parse)

    backup = commands.add_parser("backup", help="the whole archive in one file, while it serves")
    backup.add_argument("--to", help="folder for the file (default: the data folder's backups)")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser("restore", help="put the archive back as a backup left it")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=cmd_restore)

    commands.add_parser("manage", help="run a Django management command (migrate, ...)")
    return parser


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port (1 to 65535), e.g. 8000")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status 2, with one line and no traceback, when a setting is wrong; 1 when a
    database or Redis does not answer."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments[:1] == ["manage"]:
            return cmd_manage(arguments[1:])
        if arguments[:1] == ["createsuperuser"]:
            return cmd_manage(arguments)
        args = build_parser().parse_args(arguments)
        result: int = args.handler(args)
    except ImproperlyConfigured as error:
        print(f"ficarchive: {error}", file=sys.stderr)
        return 2
    except (ServiceUnreachable, NotMigrated) as error:
        print(f"ficarchive: {error}", file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
