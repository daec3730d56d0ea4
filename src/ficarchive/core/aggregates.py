"""Database functions Django lacks on both of our databases."""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, TextField, Value
from django.db.models.sql.compiler import SQLCompiler

# The unit separator: `xml_safe` strips C0 controls from every text we store, so no name
# can contain it.
SEPARATOR = "\x1f"


class JoinedText(Aggregate):
    """A group's strings in one (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL), so a
    page can carry a short list of names inside its main query instead of one more query."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, Value(SEPARATOR), **extra)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Any:
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra)


def split_joined(joined: str | None) -> list[str]:
    return joined.split(SEPARATOR) if joined else []
