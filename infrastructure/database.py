"""Plain SQL beside the event store, on the same database: one small interface for SQLite
and PostgreSQL so that side tables (personal details, read models) are written once.

Statements use ``?`` placeholders and ``{name}`` for table names; the PostgreSQL flavour
turns them into ``%s`` and schema-qualified names.
"""

from __future__ import annotations

import fcntl
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, Protocol

from eventsourcing.persistence import InterfaceError, OperationalError, Recorder

from infrastructure.eventsourcing_internals import (
    datastore_of,
    drop_broken_connections,
    lock_file_beside,
    tuned_sqlite_datastore,
)
from infrastructure.outages import is_transient, waited_for_a_connection

Row = dict[str, Any]
TABLES_LOCK = 7_311_403  # any number the app uses for nothing else
_TABLE = re.compile(r"\{(\w+)\}")

VIEWS_PRAGMAS = (
    # Views can always be rebuilt from the events, and their rows move with their position
    # in one transaction, so a power cut may lose the last commits but never half of one.
    "PRAGMA synchronous=NORMAL",
    "PRAGMA cache_size=-65536",
    "PRAGMA temp_store=MEMORY",
)


class Cursor(Protocol):
    def execute(self, statement: str, params: Sequence[Any] = ()) -> None: ...
    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


class Database:
    """Runs statements in transactions on an eventsourcing datastore's connection pool."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        schema = getattr(self.datastore, "schema", None)
        self.is_postgres = schema is not None
        self.prefix = f'"{schema}".' if schema else ""
        self._statements: dict[str, str] = {}

    @classmethod
    def of(cls, recorder: Recorder) -> Database:
        """The database the event store itself uses."""
        return cls(datastore_of(recorder))

    @classmethod
    def sqlite_file(cls, path: str) -> Database:
        """A database of its own in an SQLite file (WAL mode), created on first use, its
        connections tuned for many small writes and fast reads (views interleave a dozen
        statements per event)."""
        return cls(tuned_sqlite_datastore(path, lock_timeout=10, pragmas=VIEWS_PRAGMAS))

    def close(self) -> None:
        self.datastore.close()

    def drop_broken_connections(self) -> None:
        """After the database could not be reached: close the pooled connections that no
        longer work (a restarted server ended them all), so that once it is back each
        request gets a working one, rather than each of them finding a dead one."""
        drop_broken_connections(self.datastore)

    def sql(self, statement: str, renames: Mapping[str, str] | None = None) -> str:
        """Qualify ``{table}`` names (after ``renames``) and convert placeholders. On
        SQLite, a ``BIGINT PRIMARY KEY`` is declared ``INTEGER PRIMARY KEY``: both are 64
        bits there, and only the latter is the table's own row id, with no second index."""
        names = renames or {}
        statement = _TABLE.sub(
            lambda m: f"{self.prefix}{names.get(m.group(1), m.group(1))}", statement
        )
        if self.is_postgres:
            return statement.replace("?", "%s")
        return statement.replace("BIGINT PRIMARY KEY", "INTEGER PRIMARY KEY")

    def cached_sql(self, statement: str) -> str:
        try:
            return self._statements[statement]
        except KeyError:
            converted = self._statements[statement] = self.sql(statement)
            return converted

    @contextmanager
    def transaction(self, *, pipelined: bool = False) -> Iterator[Transaction]:
        """One transaction. ``pipelined`` (for many writes in a row) sends PostgreSQL the
        statements without waiting for each reply; a query still waits for its rows."""
        with (
            self.datastore.transaction(commit=True) as cursor,
            cursor.connection.pipeline() if pipelined and self.is_postgres else nullcontext(),
        ):
            tx = Transaction(self, cursor)
            yield tx
            tx.flush()

    @contextmanager
    def exclusive(self, name: str) -> Iterator[bool]:
        """Hold the lock ``name`` through the block if no other holds it; yields whether
        it was got. It is held by this process's connection (PostgreSQL: an advisory lock)
        or open file (SQLite: a lock on a file beside the database), so a process that
        dies lets go of it."""
        if self.is_postgres:
            key = f"expertbank {name} in {self.prefix or 'public'}"
            with self.datastore.get_connection() as connection:
                got = connection.execute(
                    "SELECT pg_try_advisory_lock(hashtext(%s)) AS got", (key,)
                ).fetchone()["got"]
                try:
                    yield got
                finally:
                    if got:
                        connection.execute("SELECT pg_advisory_unlock(hashtext(%s))", (key,))
            return
        with open(lock_file_beside(self.datastore, name), "a") as file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """One query, run alone in the connection's autocommit mode: one statement sees one
        snapshot on both databases, so a BEGIN and ROLLBACK around it would only cost time
        (on PostgreSQL two more round trips; on SQLite, work a booking's check of the
        provider's busy times would do every time). On PostgreSQL, a connection the server
        had ended is tried once more on another (each request's first query finds them,
        once the server is back)."""
        if self.is_postgres:
            try:
                return self._query_alone(statement, params)
            except Exception as error:
                if not is_transient(error) or waited_for_a_connection(error):
                    raise
            # The server ended the connection (restarted, say): likely the pool's others too.
            self.drop_broken_connections()
            return self._query_alone(statement, params)
        with (
            self.datastore.get_connection(commit=False) as connection,
            connection.cursor() as cursor,
        ):
            try:
                cursor.execute(self.cached_sql(statement), params)
                return [dict(row) for row in cursor.fetchall()]
            except sqlite3.OperationalError as error:  # as the library's transactions say it
                raise OperationalError(error) from error
            except sqlite3.InterfaceError as error:
                raise InterfaceError(error) from error

    def _query_alone(self, statement: str, params: Sequence[Any]) -> list[Row]:
        with self.datastore.get_connection() as connection:
            rows = connection.execute(self.cached_sql(statement), params).fetchall()
        return [dict(row) for row in rows]

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        with self.transaction() as tx:
            tx.execute(statement, params)

    def create_tables(self, statements: Sequence[str]) -> None:
        """``CREATE ... IF NOT EXISTS`` statements in one transaction, one process at a time
        on PostgreSQL (processes starting together collide there otherwise)."""
        with self.transaction() as tx:
            if self.is_postgres:
                tx.execute("SELECT pg_advisory_xact_lock(?)", (TABLES_LOCK,))
            for statement in statements:
                tx.execute(statement)

    def execute_script(self, statements: Sequence[str]) -> None:
        with self.transaction() as tx:
            for statement in statements:
                tx.execute(statement)


class Transaction:
    """Statements run through one cursor, committed together. ``renames`` sends statements
    about one table to another (a projection rebuilt beside its live tables)."""

    def __init__(
        self,
        database: Database,
        cursor: Cursor,
        renames: Mapping[str, str] | None = None,
        queue: _Inserts | None = None,
    ) -> None:
        self.database = database
        self.cursor = cursor
        self.renames = dict(renames or {})
        self.queue = queue or _Inserts(cursor)
        self._statements: dict[str, str] = {}
        self._tables: dict[str, frozenset[str]] = {}

    def renamed(self, renames: Mapping[str, str]) -> Transaction:
        """The same transaction, with ``{table}`` names mapped through ``renames``."""
        return Transaction(self.database, self.cursor, renames, self.queue)

    def sql(self, statement: str) -> str:
        if not self.renames:
            return self.database.cached_sql(statement)
        try:
            return self._statements[statement]
        except KeyError:
            converted = self._statements[statement] = self.database.sql(statement, self.renames)
            return converted

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.queue.flush(self.tables(statement))
        self.cursor.execute(self.sql(statement), params)

    def insert(self, statement: str, params: Sequence[Any]) -> None:
        """Queue an INSERT, to run with others like it (``executemany``) before the next
        other statement of the transaction on its table, or before it commits. For
        projections writing many rows; its errors surface then."""
        self.queue.add(self.sql(statement), params, self.tables(statement))

    def tables(self, statement: str) -> frozenset[str]:
        """The tables a statement uses (after ``renames``)."""
        try:
            return self._tables[statement]
        except KeyError:
            names = _TABLE.findall(statement)
            found = self._tables[statement] = frozenset(self.renames.get(n, n) for n in names)
            return found

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        self.execute(statement, params)
        return [dict(row) for row in self.cursor.fetchall()]

    def flush(self) -> None:
        self.queue.flush()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Statements (and queued inserts) undone together if the block raises, leaving
        the rest of the transaction as it was."""
        self.execute("SAVEPOINT step")
        try:
            yield
            self.flush()
        except BaseException:
            self.queue.clear()
            self.cursor.execute("ROLLBACK TO SAVEPOINT step")
            raise
        self.cursor.execute("RELEASE SAVEPOINT step")


class _Inserts:
    """Queued INSERT rows by statement. Rows of one statement keep their order; inserts
    of different statements never depend on each other's order. A statement on some
    tables runs the inserts queued for those tables first (all of them, if it names none),
    so that it sees them; inserts into other tables wait, to go in larger batches."""

    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor
        self.rows: dict[str, list[Sequence[Any]]] = {}
        self.tables: dict[str, frozenset[str]] = {}

    def add(self, statement: str, params: Sequence[Any], tables: frozenset[str]) -> None:
        rows = self.rows.get(statement)
        if rows is None:
            self.rows[statement] = [params]
            self.tables[statement] = tables
        else:
            rows.append(params)

    def clear(self) -> None:
        self.rows.clear()
        self.tables.clear()

    def flush(self, tables: frozenset[str] | None = None) -> None:
        """Run the inserts queued for ``tables`` (default, or none named: all)."""
        if not self.rows:
            return
        if tables:
            due = [statement for statement in self.rows if self.tables[statement] & tables]
        else:
            due = list(self.rows)
        for statement in due:
            self.cursor.executemany(statement, self.rows.pop(statement))
            del self.tables[statement]
