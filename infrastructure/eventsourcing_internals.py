"""Every use of the eventsourcing library's internals, in one place.

The application uses the library's public interface. Where this project reaches further,
to share the library's connections or to save and decode faster, it does so only here,
and ``tests/infrastructure/test_eventsourcing_internals.py`` tests each of these against
the installed library, so that an upgrade shows at once which of them broke. Written
against eventsourcing 9.5.6.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID, SafeUUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    Mapper,
    Recorder,
    Recording,
    StoredEvent,
    Transcoding,
)
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteDatastore,
)

UNKNOWN_SAFETY = SafeUUID.unknown


class QuickTranscoder(JSONTranscoder):
    """The library's JSON transcoder, encoding ids and instants without its generic
    look-ups, and decoding them without those and without ``UUID.__init__``'s parsing.
    Commands encode several per event; replaying aggregates and building read models
    decode millions of them. The stored form is the library's.

    Internal: it overrides the transcoder's ``_encode_obj`` and ``_decode_obj`` hooks."""

    def _decode_obj(self, d: dict[str, Any]) -> Any:
        if len(d) == 2:
            kind, data = d.get("_type_"), d.get("_data_")
            if kind == "uuid_hex" and isinstance(data, str) and len(data) == 32:
                number = int(data, 16)
                if number >= 0:
                    value = object.__new__(UUID)
                    object.__setattr__(value, "int", number)
                    object.__setattr__(value, "is_safe", UNKNOWN_SAFETY)
                    return value
            elif kind == "datetime_iso" and isinstance(data, str):
                return datetime.fromisoformat(data)
        return super()._decode_obj(d)

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        kind = type(o)
        if kind is UUID:
            return {"_type_": "uuid_hex", "_data_": o.hex}
        if kind is datetime:
            return {"_type_": "datetime_iso", "_data_": o.isoformat()}
        return super()._encode_obj(o)


def transcoding_named(transcoder: JSONTranscoder, name: str) -> Transcoding:
    """The transcoding registered under ``name`` (``date_iso``...), to decode stored JSON
    without the transcoder. Internal: its ``names`` table."""
    return transcoder.names[name]


def plain_json_transcoder(mapper: Mapper[Any]) -> JSONTranscoder:
    """The mapper's JSON transcoder, if events are stored as plain JSON (no cipher, no
    compression); else ValueError. Internal: the mapper's attributes."""
    transcoder = mapper.transcoder
    if mapper.cipher or mapper.compressor or not isinstance(transcoder, JSONTranscoder):
        raise ValueError("stored events are read as plain JSON: no cipher or compressor")
    return transcoder


def record_aggregates(
    app: Application[UUID],
    aggregates: Sequence[Aggregate],
    unchanged: Mapping[UUID, int] | None = None,
) -> list[Recording[UUID]]:
    """What ``Application.save`` does for aggregates, without asking of each object, by
    runtime protocol checks, whether it is an event or collects events (which costs Python
    3.11 about a tenth of a booking). Internal: the application's ``_record``,
    ``_take_snapshots`` and ``_notify`` steps, in the order its ``save`` runs them.

    ``unchanged`` (aggregate id: version, 0 for none yet) goes to the recorder's
    ``insert_events`` as a keyword, through the processing event's ``saved_kwargs``."""
    processing = ProcessingEvent[UUID]()
    if unchanged:
        processing.saved_kwargs["unchanged"] = unchanged
    for aggregate in aggregates:
        processing.events.extend(aggregate.collect_events())
        processing.aggregates[aggregate.id] = aggregate
    recordings = app._record(processing)
    app._take_snapshots(processing)
    app._notify(recordings)
    app.notify(processing.events)  # deprecated, but the library's save calls it too
    return recordings


def datastore_of(recorder: Recorder) -> Any:
    """The recorder's datastore: its connection pool and transactions, shared by the
    tables beside the events. Internal: the recorder's ``datastore`` attribute."""
    return getattr(recorder, "datastore")  # noqa: B009


def drop_broken_connections(datastore: Any) -> None:
    """Test each idle connection of a PostgreSQL datastore's pool, closing (and replacing)
    those that no longer work; nothing on SQLite. Internal: the datastore's ``pool``, a
    ``psycopg_pool.ConnectionPool`` whose ``check`` does this."""
    pool = getattr(datastore, "pool", None)
    check = getattr(pool, "check", None)
    if callable(check) and getattr(datastore, "schema", None) is not None:
        check()


def sqlite_file_of(recorder: Recorder) -> Path | None:
    """The SQLite file the recorder writes, or None (PostgreSQL, or SQLite in memory).
    Internal: the pool's ``db_name`` and ``is_sqlite_memory_mode``."""
    if not isinstance(recorder, SQLiteApplicationRecorder):
        return None
    pool = recorder.datastore.pool
    return None if pool.is_sqlite_memory_mode else Path(pool.db_name).resolve()


def events_table_of(recorder: Recorder) -> str:
    """The name of the table of stored events. Internal: ``events_table_name``."""
    name: str = getattr(recorder, "events_table_name")  # noqa: B009
    return name


def position_column_of(recorder: Recorder) -> str:
    """The column of the events table holding each event's position (its notification
    id): SQLite's ``rowid``, PostgreSQL's ``notification_id`` (a serial). Internal: the
    tables the recorders create."""
    return "rowid" if isinstance(recorder, SQLiteApplicationRecorder) else "notification_id"


def lock_file_beside(datastore: Any, name: str) -> str:
    """A file name beside an SQLite datastore's file. Internal: the pool's ``db_name``."""
    return f"{datastore.pool.db_name}.{name}.lock"


@contextmanager
def notification_channel(recorder: Recorder) -> Iterator[tuple[Any, str] | None]:
    """A connection of the recorder's pool and the channel its inserts ``NOTIFY`` on
    (PostgreSQL), to ``LISTEN``; None where there is none (SQLite). Internal: the
    recorder's ``channel_name`` and its datastore's ``get_connection``."""
    channel = getattr(recorder, "channel_name", None)
    if channel is None:
        yield None
        return
    with datastore_of(recorder).get_connection() as connection:
        yield connection, channel


def tuned_sqlite_datastore(path: str, *, lock_timeout: int, pragmas: Sequence[str]) -> Any:
    """A datastore on an SQLite file (WAL mode), its connections made with ``pragmas`` and
    a few hundred cached statements (the library's keep one per connection). Internal: the
    pool's ``_create_connection`` hook and the datastore's ``pool``."""
    datastore = SQLiteDatastore(path, lock_timeout=lock_timeout)
    datastore.pool = _TunedPool(db_name=path, lock_timeout=lock_timeout, pragmas=pragmas)
    return datastore


class _TunedPool(SQLiteConnectionPool):
    def __init__(self, *, db_name: str, lock_timeout: int, pragmas: Sequence[str]) -> None:
        self.pragmas = ("PRAGMA journal_mode=WAL", *pragmas)
        super().__init__(db_name=db_name, lock_timeout=lock_timeout)

    def _create_connection(self) -> SQLiteConnection:
        try:
            raw = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,  # BEGIN is issued by the library's transactions
                cached_statements=256,
                timeout=self.lock_timeout or 5,
            )
        except sqlite3.Error as error:
            raise InterfaceError(error) from error
        raw.row_factory = sqlite3.Row
        deadline = time.monotonic() + (self.lock_timeout or 5)
        for pragma in self.pragmas:
            _execute_when_unlocked(raw, pragma, deadline)
        return SQLiteConnection(sqlite_conn=raw, max_age=self.max_age)


def _execute_when_unlocked(raw: sqlite3.Connection, statement: str, deadline: float) -> None:
    """Run ``statement``, again while the file is locked, until ``deadline``. Processes that
    open a new file at once all switch it to WAL, a change SQLite refuses at once ("database
    is locked") rather than wait for, where waiting could deadlock."""
    while True:
        try:
            raw.execute(statement)
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


class SQLiteEventRecorder(SQLiteApplicationRecorder):
    """The library's SQLite recorder, whose save can also require aggregates it does not
    change to be as the command read them (``unchanged``: id to version, 0 for none yet).
    The check runs after the inserts, in their transaction: the file's write lock is then
    held, so no other save can come between the check and the commit. Internal: the
    recorder's ``_insert_events`` hook, which runs inside that transaction."""

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        returning = super()._insert_events(c, stored_events, **kwargs)
        unchanged: Mapping[UUID, int] = kwargs.get("unchanged") or {}
        if unchanged:
            marks = ", ".join("?" * len(unchanged))
            c.execute(
                f"SELECT originator_id, MAX(originator_version) FROM {self.events_table_name} "
                f"WHERE originator_id IN ({marks}) GROUP BY originator_id",
                [aggregate_id.hex for aggregate_id in unchanged],
            )
            now = {UUID(row[0]): row[1] for row in c.fetchall()}
            changed = [a for a, version in unchanged.items() if now.get(a, 0) != version]
            if changed:
                raise IntegrityError(f"changed since they were read: {changed}")
        return returning
