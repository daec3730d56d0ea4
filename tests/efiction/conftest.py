"""An eFiction archive for the tests: our own dump (dump.sql) loaded into a scratch MariaDB
database of this session (one per xdist worker, dropped after), twice: under the usual
`fanfiction_` prefix and under another; and its stories folder, in the encodings real
archives hold."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pymysql
import pytest

from ficarchive.efiction.reader import Connection, EfictionDatabase
from ficarchive.efiction.services import MigrationReport, efiction_migrate

DUMP = Path(__file__).with_name("dump.sql")
OTHER_PREFIX = "hellmouth_"
MARIADB = {"host": "127.0.0.1", "port": 3306, "user": "root", "password": ""}

# <stories-dir>/<uid>/<chapid>.txt, as bytes: UTF-8 with a BOM; Windows-1252 plain text in
# the co-author's folder; a page declaring Latin-1 while holding UTF-8, in the story author's
# folder though the chapter names another member.
STORY_FILES: dict[str, bytes] = {
    "2/10.txt": codecs.BOM_UTF8
    + "<p>Every single night, the same arrangement…</p>\n<p>Zoë sang “loud”.</p>".encode(),
    "4/12.txt": "“I’m under your spell,” said Tara.\nWillow smiled at the café.\n".encode("cp1252"),
    "4/40.txt": b"A draft nobody validated.\n\nSecond paragraph.",
    "3/50.txt": (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>Chosen</title></head><body><p>Buffy’s last fight — for Zoë.</p></body></html>"
    ).encode(),
}


def _statements(sql: str) -> list[str]:
    without_comments = re.sub(r"^--.*$", "", sql, flags=re.M)
    return [s.strip() for s in without_comments.split(";\n") if s.strip()]


@pytest.fixture(scope="session")
def efiction_url(worker_id: str) -> Iterator[str]:
    """The scratch database's address; the tests skip, saying why, without MariaDB."""
    try:
        server = pymysql.connect(**MARIADB, connect_timeout=3, autocommit=True)  # type: ignore[arg-type]
    except pymysql.MySQLError as error:
        pytest.skip(
            "MariaDB is not reachable at 127.0.0.1:3306 as root without a password "
            f"({error}); .ci/run installs and starts it"
        )
    name = f"ficarchive_efiction_{worker_id}_{os.getpid()}"
    with server.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        cursor.execute(f"USE `{name}`")
        sql = DUMP.read_text(encoding="utf-8")
        for prefix in ("fanfiction_", OTHER_PREFIX):
            for statement in _statements(sql.replace("fanfiction_", prefix)):
                cursor.execute(statement)
    try:
        yield f"mysql://root@127.0.0.1:3306/{name}"
    finally:
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        server.close()


@pytest.fixture(scope="session")
def stories_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stories")
    for name, data in STORY_FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


@pytest.fixture
def migrate(db: None, efiction_url: str, stories_dir: Path) -> Callable[..., MigrationReport]:
    """Runs the migration into the test database (again, when called again)."""

    def run(prefix: str = "fanfiction_") -> MigrationReport:
        with EfictionDatabase(Connection.from_url(efiction_url), prefix=prefix) as database:
            return efiction_migrate(database=database, stories_dir=stories_dir)

    return run
