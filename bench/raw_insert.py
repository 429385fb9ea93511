"""What the database itself can commit: a one-row INSERT transaction, made on a connection
of the event store's own pool (the same driver, connection settings and server), into a
table of the benchmark's own beside the events. PostgreSQL only: on SQLite the store's
raw save is the yardstick."""

from __future__ import annotations

from typing import Any

from infrastructure.eventsourcing_internals import datastore_of
from service.application import ExpertBank

TABLE = "bench_raw_inserts"
ROW = b"x" * 200  # about the size of a stored booking event's state


class RawInsert:
    def __init__(self, datastore: Any) -> None:
        self._datastore = datastore
        table = f'"{datastore.schema}".{TABLE}'
        self._insert = f"INSERT INTO {table} (data) VALUES (%s)"
        with datastore.get_connection() as conn:
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (id bigserial PRIMARY KEY, data bytea)"
            )

    @classmethod
    def of(cls, bank: ExpertBank) -> RawInsert | None:
        """The raw INSERT beside the bank's store, or None on SQLite."""
        datastore = datastore_of(bank.store.recorder)
        return cls(datastore) if hasattr(datastore, "schema") else None

    def run(self, times: int) -> None:
        """``times`` transactions, each of one INSERT (BEGIN, INSERT, COMMIT)."""
        with self._datastore.get_connection() as conn:
            for _ in range(times):
                with conn.transaction():
                    conn.execute(self._insert, (ROW,))
