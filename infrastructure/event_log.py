"""The stored event log as it is: read in order, and written back into an empty store at
the same positions, byte for byte (an archive restored, ``service.archive``).

Positions are the store's own numbering (SQLite's row id, PostgreSQL's ``notification_id``),
which the audit chain hashes, so a log written back keeps them, gaps included.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification, Recorder

from infrastructure.database import Database, Transaction
from infrastructure.eventsourcing_internals import events_table_of, position_column_of

BATCH = 5_000


def stored_events(
    recorder: ApplicationRecorder, stop: int, batch: int = BATCH
) -> Iterator[Notification]:
    """Every stored event up to position ``stop``, in order, a batch at a time."""
    position = 0
    while position < stop:
        found = recorder.select_notifications(start=position + 1, limit=batch, stop=stop)
        if not found:
            return
        yield from found
        position = found[-1].id


class LogWriter:
    """Writes events at their own positions, in a transaction on the store's database."""

    def __init__(self, recorder: Recorder, database: Database) -> None:
        self.database = database
        self.name = events_table_of(recorder)
        self.table = "{" + self.name + "}"
        self.position = position_column_of(recorder)
        self._insert = (
            f"INSERT INTO {self.table} ({self.position}, originator_id, originator_version, topic,"
            " state) VALUES (?, ?, ?, ?, ?)"
        )

    def count(self, tx: Transaction) -> int:
        """How many events the store holds. On PostgreSQL the table is locked first, as the
        store's own writes lock it, so none can be stored while the transaction lasts."""
        if self.database.is_postgres:
            tx.execute(f"LOCK TABLE {self.table} IN EXCLUSIVE MODE")
        return int(tx.query(f"SELECT COUNT(*) AS n FROM {self.table}")[0]["n"])

    def write(self, tx: Transaction, events: Sequence[Notification]) -> None:
        as_uuid = self.database.is_postgres
        rows = [
            (
                e.id,
                UUID(str(e.originator_id)) if as_uuid else _hex(e.originator_id),
                e.originator_version,
                e.topic,
                bytes(e.state),
            )
            for e in events
        ]
        tx.flush()
        tx.cursor.executemany(tx.sql(self._insert), rows)

    def finish(self, tx: Transaction, head: int) -> None:
        """Let the store number its next event after ``head`` (PostgreSQL's sequence; SQLite
        takes the highest row id plus one by itself)."""
        if self.database.is_postgres and head:
            tx.execute(
                "SELECT setval(pg_get_serial_sequence(?, ?), ?)",
                (f"{self.database.prefix}{self.name}", self.position, head),
            )


def _hex(originator_id: object) -> str:
    return originator_id.hex if isinstance(originator_id, UUID) else UUID(str(originator_id)).hex
