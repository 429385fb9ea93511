"""The one write-side event-sourced application, and how events are stored."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    Notification,
    Recorder,
    Recording,
    Transcoder,
    Transcoding,
)

from infrastructure.database import Database
from infrastructure.eventsourcing_internals import (
    QuickTranscoder,
    events_table_of,
    record_aggregates,
    sqlite_file_of,
)
from infrastructure.settings import Settings, postgres_env
from infrastructure.texts import TextMapper, Texts


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: Any) -> date:
        assert isinstance(data, str)
        return date.fromisoformat(data)


@dataclass(frozen=True)
class Change:
    """One stored event, as far as a cache needs to know: where, which aggregate, which
    version."""

    position: int
    aggregate_id: UUID
    version: int


class LogPeek:
    """Which events follow a position in an SQLite file's log, asked on a read-only
    connection of its own: three columns, outside any transaction. A sixth of the time of
    the library's ``select_notifications``, which reads whole events in a transaction
    through its pool."""

    def __init__(self, file: Path, events_table: str) -> None:
        address = file.as_uri() + "?mode=ro"
        self._connection = sqlite3.connect(
            address, uri=True, check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        self._statement = (
            f"SELECT rowid, originator_id, originator_version FROM "
            f"{events_table} WHERE rowid > ? ORDER BY rowid LIMIT ?"
        )

    @classmethod
    def of(cls, recorder: Recorder) -> LogPeek | None:
        """A peek at the recorder's file, or None for PostgreSQL or an in-memory store."""
        file = sqlite_file_of(recorder)
        return None if file is None else cls(file, events_table_of(recorder))

    def after(self, position: int, limit: int) -> list[Change]:
        with self._lock:
            rows = self._connection.execute(self._statement, (position, limit)).fetchall()
        return [Change(row[0], UUID(row[1]), row[2]) for row in rows]

    def close(self) -> None:
        self._connection.close()


class EventStore(Application[UUID]):
    """Every aggregate of the programme lives here, so that several can be saved in one
    atomic transaction. The name is pinned: it prefixes tables and settings."""

    name = "ExpertBank"

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env=env)
        self._peek = LogPeek.of(self.recorder)
        self.texts = Texts(Database.of(self.recorder))
        self.text_mapper.texts = self.texts

    @property
    def text_mapper(self) -> TextMapper:
        assert isinstance(self.mapper, TextMapper)
        return self.mapper

    def event_as_stored(self, notification: Notification) -> Any:
        """A stored event as a domain event keeping its texts' references (for views)."""
        return self.text_mapper.to_event_as_stored(notification)

    def changes_after(self, position: int, limit: int) -> list[Change]:
        """The first ``limit`` events after ``position`` in the log, without their data.
        Every command starts by asking (``AggregateCache.catch_up``), and almost always
        learns of nothing: on an SQLite file, ``LogPeek`` answers, on PostgreSQL the
        recorder's own ``changes_after`` (``infrastructure/postgres_recorder.py``)."""
        if self._peek is not None:
            return self._peek.after(position, limit)
        changes_after = getattr(self.recorder, "changes_after", None)  # PostgreSQL's
        if changes_after is not None:
            return [Change(*row) for row in changes_after(position, limit)]
        return [
            Change(n.id, cast(UUID, n.originator_id), n.originator_version)
            for n in self.recorder.select_notifications(position + 1, limit)
        ]

    def close(self) -> None:
        if self._peek is not None:
            self._peek.close()
        super().close()

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        unchanged: Mapping[UUID, int] | None = None,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """The library's save, quicker for aggregates (``record_aggregates``).

        ``unchanged`` names aggregates the save relies on without changing them (id:
        version as read, 0 for none yet): if any of them has changed, nothing is saved and
        ``IntegrityError`` is raised, as for a stale aggregate. So two commands that each
        decide on what the other changes cannot both be saved on what they read."""
        aggregates = [obj for obj in objs if isinstance(obj, Aggregate)]
        if kwargs or len(aggregates) != sum(obj is not None for obj in objs):
            assert not unchanged, "only aggregates are saved with what they rely on"
            return super().save(*objs, **kwargs)
        return record_aggregates(self, aggregates, unchanged)

    def construct_mapper(self) -> Mapper[UUID]:
        """Free text goes to the ``texts`` table, not into the stored events."""
        return TextMapper(transcoder=self.construct_transcoder())

    def construct_transcoder(self) -> Transcoder:
        transcoder = QuickTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


@contextmanager
def creating_tables(settings: Settings) -> Iterator[None]:
    """Let one process at a time create the tables. On PostgreSQL, processes starting
    together (web workers, the worker) otherwise clash in ``CREATE ... IF NOT EXISTS`` and
    ``CREATE OR REPLACE FUNCTION`` ("tuple concurrently updated"); an advisory lock
    queues them. SQLite queues them by itself."""
    if not settings.uses_postgres:
        yield
        return
    import psycopg

    env = postgres_env(settings.database_url)
    key = f"expertbank tables in {env['POSTGRES_SCHEMA'] or 'public'}"
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
        connect_timeout=int(env["POSTGRES_CONNECT_TIMEOUT"]),
        autocommit=True,
    ) as lock:
        lock.execute("SELECT pg_advisory_lock(hashtext(%s))", (key,))
        yield  # closing the connection releases the lock
