"""Reading an eFiction 3.x database (MySQL or MariaDB) into plain dataclasses; no ORM here.

Rows come as the bytes the server stores (`character_set_results = NULL`): archives declare
columns Latin-1 while holding UTF-8, or hold Windows-1252, so the declared charset is not to
be trusted and `efiction.text.decode` decides per value. Columns are read with `SELECT *`
and looked up by name with defaults, since 3.0 to 3.5 archives differ in what they have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import pymysql
import pymysql.cursors
from pymysql.constants import ER

from ficarchive.efiction.text import decode

DEFAULT_PREFIX = "fanfiction_"
_PREFIX = re.compile(r"^[A-Za-z0-9_]*$")
_MISSING_TABLE = {ER.NO_SUCH_TABLE, ER.BAD_FIELD_ERROR}


class EfictionError(Exception):
    """The database cannot be read: a bad address, a refused login, no eFiction tables."""


Row = dict[str, Any]


def text(value: object) -> str:
    """A column's text, decoded whatever the archive stored (empty for NULL)."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return decode(bytes(value))
    return str(value)


def number(value: object, default: int = 0) -> int:
    try:
        return int(text(value).strip() or default)
    except ValueError:
        return default


def numbers(value: object) -> list[int]:
    """A comma list of ids ("3,5, 9,"), blanks and junk dropped, order and repeats kept once."""
    found: list[int] = []
    for part in re.split(r"[,\s]+", text(value)):
        if part.isdigit() and int(part) not in found:
            found.append(int(part))
    return found


def when(value: object) -> datetime | None:
    """A DATE or DATETIME column; None for NULL, `0000-00-00` and other impossible dates."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raw = text(value).strip()
    if raw.isdigit() and len(raw) > 8:  # some archives keep UNIX timestamps
        return datetime.fromtimestamp(int(raw))
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw[: len("2000-01-01 00:00:00")], pattern)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Site:
    name: str
    url: str
    language: str


@dataclass(frozen=True)
class Member:
    uid: int
    penname: str


@dataclass(frozen=True)
class CategoryRow:
    catid: int
    parent: int  # -1 (or 0) at the top
    name: str


@dataclass(frozen=True)
class CharacterRow:
    charid: int
    catid: int
    name: str


@dataclass(frozen=True)
class ClassRow:
    class_id: int
    kind: str  # the class type's name and title, e.g. "warnings Warnings"
    name: str


@dataclass(frozen=True)
class StoryRow:
    sid: int
    uid: int
    title: str
    summary: str
    notes: str
    catids: list[int]
    classids: list[int]
    charids: list[int]
    rid: int
    published: datetime | None
    updated: datetime | None
    coauthor_list: list[int]  # the old comma list in stories.coauthors (3.5 keeps a flag)
    validated: bool
    completed: bool
    hits: int


@dataclass(frozen=True)
class ChapterRow:
    chapid: int
    uid: int
    title: str
    inorder: int
    notes: str
    endnotes: str
    storytext: str
    validated: bool


@dataclass(frozen=True)
class ReviewRow:
    reviewid: int
    chapid: int
    uid: int
    reviewer: str
    review: str
    date: datetime | None


@dataclass(frozen=True)
class SeriesEntry:
    sid: int
    subseriesid: int
    inorder: int
    confirmed: bool


@dataclass(frozen=True)
class SeriesRow:
    seriesid: int
    uid: int
    title: str
    summary: str
    entries: list[SeriesEntry] = field(default_factory=list)


@dataclass(frozen=True)
class FavouriteRow:
    uid: int
    item: int
    kind: str  # 'ST', 'AU' or 'SE'
    comments: str


@dataclass(frozen=True)
class Connection:
    """Where the database is: `mysql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`."""

    host: str
    port: int
    user: str
    password: str
    database: str

    @classmethod
    def from_url(cls, url: str) -> Connection:
        parts = urlsplit(url)
        if parts.scheme not in {"mysql", "mariadb"} or not parts.path.strip("/"):
            raise EfictionError(f"not a mysql://USER@HOST:PORT/DATABASE address: {url}")
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
            database=unquote(parts.path.strip("/")),
        )


class EfictionDatabase:
    """One eFiction archive's tables, read on demand; `with` closes the connection."""

    def __init__(self, connection: Connection, *, prefix: str = DEFAULT_PREFIX) -> None:
        if not _PREFIX.match(prefix):
            raise EfictionError(f"a table prefix is letters, digits and _: {prefix!r}")
        self.prefix = prefix
        try:
            self._db = pymysql.connect(
                host=connection.host, port=connection.port, user=connection.user,
                password=connection.password, database=connection.database,
                charset="utf8mb4", use_unicode=False, connect_timeout=10,
                cursorclass=pymysql.cursors.DictCursor,
                # The bytes as stored: the declared charsets of old archives lie.
                init_command="SET character_set_results = NULL",
            )  # fmt: skip
        except pymysql.MySQLError as error:
            raise EfictionError(f"cannot connect to {connection.database}: {error}") from error
        self._rows("SELECT 1 FROM {stories} LIMIT 1")  # no such table: the wrong prefix

    def __enter__(self) -> EfictionDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _rows(
        self, sql: str, params: tuple[object, ...] = (), *, optional: bool = False
    ) -> list[Row]:
        """Rows of a query whose {table} names get the prefix; an optional table (or column)
        an older archive lacks reads as no rows."""
        names = {name: f"`{self.prefix}{name}`" for name in re.findall(r"{(\w+)}", sql)}
        try:
            with self._db.cursor() as cursor:
                cursor.execute(sql.format(**names), params)
                return list(cursor.fetchall())
        except pymysql.MySQLError as error:
            code = error.args[0] if error.args else None
            if code in _MISSING_TABLE and optional:
                return []
            if code in _MISSING_TABLE:
                raise EfictionError(
                    f"no eFiction tables with the prefix {self.prefix!r}: {error.args[-1]}"
                ) from error
            raise EfictionError(str(error)) from error

    def site(self) -> Site:
        rows = self._rows("SELECT * FROM {settings} LIMIT 1", optional=True)
        row = rows[0] if rows else {}
        language = text(row.get("language")).strip().lower()
        return Site(
            name=text(row.get("sitename")).strip(),
            url=text(row.get("url")).strip(),
            language=language if re.fullmatch(r"[a-z]{2,3}", language) else "en",
        )

    def members(self) -> list[Member]:
        rows = self._rows("SELECT uid, penname FROM {authors} ORDER BY uid")
        return [Member(number(r["uid"]), text(r["penname"]).strip()) for r in rows]

    def ratings(self) -> dict[int, str]:
        rows = self._rows("SELECT * FROM {ratings}", optional=True)
        return {number(r.get("rid")): text(r.get("rating")).strip() for r in rows}

    def categories(self) -> list[CategoryRow]:
        rows = self._rows("SELECT * FROM {categories} ORDER BY catid", optional=True)
        return [
            CategoryRow(number(r.get("catid")), number(r.get("parentcatid"), -1),
                        text(r.get("category")).strip())
            for r in rows
        ]  # fmt: skip

    def characters(self) -> list[CharacterRow]:
        rows = self._rows("SELECT * FROM {characters} ORDER BY charid", optional=True)
        return [
            CharacterRow(number(r.get("charid")), number(r.get("catid"), -1),
                         text(r.get("charname")).strip())
            for r in rows
        ]  # fmt: skip

    def classes(self) -> list[ClassRow]:
        kinds = {
            number(r.get("classtype_id")): " ".join(
                [text(r.get("classtype_name")), text(r.get("classtype_title"))]
            )
            for r in self._rows("SELECT * FROM {classtypes}", optional=True)
        }
        rows = self._rows("SELECT * FROM {classes} ORDER BY class_id", optional=True)
        return [
            ClassRow(number(r.get("class_id")), kinds.get(number(r.get("class_type")), ""),
                     text(r.get("class_name")).strip())
            for r in rows
        ]  # fmt: skip

    def stories(self) -> list[StoryRow]:
        """Every story's metadata (its chapters are read one story at a time)."""
        rows = self._rows("SELECT * FROM {stories} ORDER BY sid")
        return [
            StoryRow(
                sid=number(r.get("sid")), uid=number(r.get("uid")),
                title=text(r.get("title")), summary=text(r.get("summary")),
                notes=text(r.get("storynotes")), catids=numbers(r.get("catid")),
                classids=numbers(r.get("classes")), charids=numbers(r.get("charid")),
                rid=number(r.get("rid")), published=when(r.get("date")),
                updated=when(r.get("updated")), coauthor_list=numbers(r.get("coauthors")),
                validated=text(r.get("validated")).strip() == "1",
                completed=text(r.get("completed")).strip() == "1",
                hits=number(r.get("count")),
            )
            for r in rows
        ]  # fmt: skip

    def coauthors(self, sid: int) -> list[int]:
        rows = self._rows("SELECT uid FROM {coauthors} WHERE sid = %s", (sid,), optional=True)
        return [number(r["uid"]) for r in rows]

    def chapters(self, sid: int) -> list[ChapterRow]:
        """A story's chapters in reading order: by `inorder`, which repeats in real archives,
        then by `chapid`."""
        rows = self._rows("SELECT * FROM {chapters} WHERE sid = %s", (sid,))
        chapters = [
            ChapterRow(
                chapid=number(r.get("chapid")), uid=number(r.get("uid")),
                title=text(r.get("title")), inorder=number(r.get("inorder")),
                notes=text(r.get("notes")), endnotes=text(r.get("endnotes")),
                storytext=text(r.get("storytext")),
                validated=text(r.get("validated")).strip() not in {"0", "-1"},
            )
            for r in rows
        ]  # fmt: skip
        return sorted(chapters, key=lambda chapter: (chapter.inorder, chapter.chapid))

    def reviews(self, sid: int) -> list[ReviewRow]:
        """A story's reviews, oldest first (a series' reviews have no place here)."""
        rows = self._rows(
            "SELECT * FROM {reviews} WHERE item = %s AND (type = 'ST' OR type = '' OR type IS NULL)"
            " ORDER BY reviewid",
            (sid,), optional=True,
        )  # fmt: skip
        return [
            ReviewRow(
                reviewid=number(r.get("reviewid")), chapid=number(r.get("chapid")),
                uid=number(r.get("uid")), reviewer=text(r.get("reviewer")).strip(),
                review=text(r.get("review")), date=when(r.get("date")),
            )
            for r in rows
        ]  # fmt: skip

    def series(self) -> list[SeriesRow]:
        entries: dict[int, list[SeriesEntry]] = {}
        for r in self._rows("SELECT * FROM {inseries}", optional=True):
            entries.setdefault(number(r.get("seriesid")), []).append(
                SeriesEntry(
                    sid=number(r.get("sid")), subseriesid=number(r.get("subseriesid")),
                    inorder=number(r.get("inorder")),
                    confirmed=text(r.get("confirmed")).strip() != "0",
                )
            )  # fmt: skip
        rows = self._rows("SELECT * FROM {series} ORDER BY seriesid", optional=True)
        return [
            SeriesRow(
                seriesid=number(r.get("seriesid")), uid=number(r.get("uid")),
                title=text(r.get("title")), summary=text(r.get("summary")),
                entries=sorted(
                    entries.get(number(r.get("seriesid")), []),
                    key=lambda e: (e.inorder, e.sid, e.subseriesid),
                ),
            )
            for r in rows
        ]  # fmt: skip

    def favourites(self) -> Iterator[FavouriteRow]:
        for r in self._rows("SELECT * FROM {favorites}", optional=True):
            yield FavouriteRow(
                uid=number(r.get("uid")), item=number(r.get("item")),
                kind=text(r.get("type")).strip().upper(), comments=text(r.get("comments")),
            )  # fmt: skip
