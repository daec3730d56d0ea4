"""`ficarchive backup` and `ficarchive restore`: the whole archive in one file, taken while
it serves.

A backup is a gzipped tar of the database (SQLite's online backup API, a consistent copy
while others write; `pg_dump --format=custom` on PostgreSQL, one snapshot), the generated
secret key when the data folder holds it (sessions, signed links and app passwords stay
valid), and a manifest. Everything else in the data folder is rebuilt: the search index,
built downloads, members' data downloads and the cache. The file is the archive's user's
alone (0600): it holds every member's data.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.utils import timezone

FORMAT = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup that cannot be made or restored, with a message for the admin."""


def _vendor() -> str:
    vendor = connections["default"].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _postgres_command(program: str) -> tuple[list[str], dict[str, str]]:
    """The program with the archive's connection settings, the password in its environment."""
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    config: dict[str, Any] = connections["default"].settings_dict
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    command = [program, "--no-owner", "--dbname", str(config["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            command += [option, str(config[key])]
    return command, env


def _dump(folder: Path, vendor: str) -> Path:
    target = folder / DATABASE_FILES[vendor]
    if vendor == "sqlite":
        connection = connections["default"]
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # pages copied while writers go on (WAL)
        finally:
            copy.close()
    else:
        command, env = _postgres_command("pg_dump")
        subprocess.run([*command, "--format=custom", "--file", str(target)], env=env, check=True)
    return target


def backup_create(*, folder: Path) -> Path:
    """Write a backup into `folder`; returns its path."""
    vendor = _vendor()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"ficarchive-{timezone.now():%Y%m%d-%H%M%S}-{os.getpid()}.tar.gz"
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as work:
        dumped = _dump(Path(work), vendor)
        manifest = {"format": FORMAT, "database": vendor, "created": timezone.now().isoformat()}
        partial = Path(work) / name
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dumped, arcname=dumped.name)
            key_file = Path(settings.DATA_DIR) / "secret_key"
            if key_file.exists():
                tar.add(key_file, arcname="secret_key")
            data = json.dumps(manifest).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, fileobj=io.BytesIO(data))
        partial.chmod(0o600)
        target = folder / name
        partial.replace(target)
    return target


# What a backup holds: plain files, side by side, with these names and no others.
ENTRIES = frozenset({"manifest.json", "secret_key", *DATABASE_FILES.values()})


def _read(archive: Path, into: Path) -> dict[str, Any]:
    """Only the backup's own files come out, each written by name into `into`: an entry with
    a path, a link or a device is refused, whatever tarfile's version would do with it
    (Debian 12's Python 3.11.2 has no extraction filters)."""
    refused = f"{archive} is not a Ficarchive backup:"
    seen: set[str] = set()
    try:
        with tarfile.open(archive, "r|gz") as tar:  # one pass over the stream
            for member in tar:
                if member.name not in ENTRIES:
                    raise BackupError(f"{refused} it holds {member.name!r}.")
                if not member.isfile():
                    raise BackupError(f"{refused} {member.name} is not a plain file.")
                if member.name in seen:
                    raise BackupError(f"{refused} it holds {member.name} twice.")
                seen.add(member.name)
                source = tar.extractfile(member)
                if source is None:
                    raise BackupError(f"{refused} {member.name} cannot be read.")
                with source, (into / member.name).open("wb") as target:
                    shutil.copyfileobj(source, target)
    except (OSError, tarfile.TarError, EOFError) as error:
        raise BackupError(f"{refused} {error}") from error
    try:
        manifest: dict[str, Any] = json.loads((into / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{archive} has no manifest: not a Ficarchive backup.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is a backup of another format ({manifest.get('format')}).")
    return manifest


def backup_restore(*, archive: Path) -> None:
    """Put the archive back as it was when `archive` was made (run it with the server stopped:
    what was written since is gone). The search index is rebuilt and the cache emptied."""
    vendor = _vendor()
    with tempfile.TemporaryDirectory() as work:
        manifest = _read(archive, Path(work))
        if manifest.get("database") != vendor:
            raise BackupError(
                f"This is a backup of a {manifest.get('database')} archive; this archive runs on "
                f"{vendor}. Restore it where DATABASE_URL names the same kind of database."
            )
        dumped = Path(work) / DATABASE_FILES[vendor]
        if not dumped.is_file():  # a manifest alone would restore an empty archive
            raise BackupError(f"{archive} holds no database: not a whole Ficarchive backup.")
        if vendor == "sqlite":
            _restore_sqlite(dumped)
        else:
            command, env = _postgres_command("pg_restore")
            # Everything but the extensions (RUM, for search): a superuser made them once in
            # this database, and the archive's role may neither drop nor make them again.
            contents = subprocess.run(
                ["pg_restore", "--list", str(dumped)], capture_output=True, text=True, check=True
            ).stdout
            kept = Path(work) / "contents.list"
            kept.write_text(
                "".join(
                    line for line in contents.splitlines(keepends=True)
                    if " EXTENSION " not in line
                ),
                encoding="utf-8",
            )  # fmt: skip
            subprocess.run(
                [*command, "--clean", "--if-exists", "--single-transaction",
                 "--use-list", str(kept), str(dumped)],
                env=env, check=True,
            )  # fmt: skip
        key = Path(work) / "secret_key"
        if key.exists() and not os.environ.get("SECRET_KEY"):
            _write_private(Path(settings.DATA_DIR) / "secret_key", key.read_bytes())
    from django.core.management import call_command

    # A backup from an older version gets this version's tables; a fresh machine its cache's.
    call_command("migrate", interactive=False, verbosity=0)
    for alias in settings.CACHES:
        caches[alias].clear()
    call_command("search_rebuild", verbosity=0)


def _restore_sqlite(dumped: Path) -> None:
    """Copied page by page into the archive's own file (its WAL and locks respected)."""
    connection = connections["default"]
    connection.close()
    source = sqlite3.connect(dumped)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    path.chmod(0o600)
