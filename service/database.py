"""Plain SQL beside the event store, on the same database: one small interface for SQLite
and PostgreSQL so that side tables (personal details, read models) are written once.

Statements use ``?`` placeholders and ``{name}`` for table names; the PostgreSQL flavour
turns them into ``%s`` and schema-qualified names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from eventsourcing.persistence import Recorder
from eventsourcing.sqlite import SQLiteDatastore

Row = dict[str, Any]
_TABLE = re.compile(r"\{(\w+)\}")


class Cursor(Protocol):
    def execute(self, statement: str, params: Sequence[Any] = ()) -> None: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


class Database:
    """Runs statements in transactions on an eventsourcing datastore's connection pool."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        schema = getattr(self.datastore, "schema", None)
        self.is_postgres = schema is not None
        self.prefix = f'"{schema}".' if schema else ""

    @classmethod
    def of(cls, recorder: Recorder) -> Database:
        """The database the event store itself uses."""
        return cls(getattr(recorder, "datastore"))  # noqa: B009

    @classmethod
    def sqlite_file(cls, path: str) -> Database:
        """A database of its own in an SQLite file (WAL mode), created on first use."""
        return cls(SQLiteDatastore(path, lock_timeout=10))

    def close(self) -> None:
        self.datastore.close()

    def sql(self, statement: str) -> str:
        """Qualify ``{table}`` names and convert placeholders for this database."""
        statement = _TABLE.sub(lambda m: f"{self.prefix}{m.group(1)}", statement)
        return statement.replace("?", "%s") if self.is_postgres else statement

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.datastore.transaction(commit=True) as cursor:
            yield Transaction(self, cursor)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.datastore.transaction(commit=False) as cursor:
            return Transaction(self, cursor).query(statement, params)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        with self.transaction() as tx:
            tx.execute(statement, params)

    def execute_script(self, statements: Sequence[str]) -> None:
        with self.transaction() as tx:
            for statement in statements:
                tx.execute(statement)


class Transaction:
    """Statements run through one cursor, committed together."""

    def __init__(self, database: Database, cursor: Cursor) -> None:
        self.database = database
        self.cursor = cursor

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(self.database.sql(statement), tuple(params))

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        self.execute(statement, params)
        return [dict(row) for row in self.cursor.fetchall()]
