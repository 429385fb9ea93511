"""The one write-side event-sourced application, and how events are stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from uuid import UUID, SafeUUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate, DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import JSONTranscoder, Recording, Transcoder, Transcoding

from service.settings import Settings, postgres_env

UNKNOWN_SAFETY = SafeUUID.unknown


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: Any) -> date:
        assert isinstance(data, str)
        return date.fromisoformat(data)


class QuickTranscoder(JSONTranscoder):
    """The library's JSON transcoder, encoding ids and instants without its generic
    look-ups, and decoding them without those and without ``UUID.__init__``'s parsing.
    Commands encode several per event; replaying aggregates and building read models
    decode millions of them. The stored form is the library's."""

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


class EventStore(Application[UUID]):
    """Every aggregate of the programme lives here, so that several can be saved in one
    atomic transaction. The name is pinned: it prefixes tables and settings."""

    name = "ExpertBank"

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """The library's save, quicker for aggregates. Its own asks of each object whether it
        is an event and whether it collects events by runtime protocol checks, which cost
        Python 3.11 about a tenth of a booking."""
        aggregates = [obj for obj in objs if isinstance(obj, Aggregate)]
        if len(aggregates) != sum(obj is not None for obj in objs):
            return super().save(*objs, **kwargs)
        processing = ProcessingEvent[UUID]()
        for aggregate in aggregates:
            processing.events.extend(aggregate.collect_events())
            processing.aggregates[aggregate.id] = aggregate
        processing.saved_kwargs.update(kwargs)
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        self.notify(processing.events)  # deprecated, but the library's save calls it too
        return recordings

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
