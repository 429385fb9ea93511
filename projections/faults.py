"""Events a view could not apply, and the records they hold back.

One stored event that a view cannot apply (a value its database refuses, a message that
cannot be built, a bug) must not stop that view for good, nor any other. The runner applies
the event inside a savepoint; if it fails, the event's changes are undone, the fault is
written here, and the view goes on with the next event. Its record (the aggregate the event
belongs to) stays in the view as it was before the fault: the view's later events of that
record are not applied either, only counted, because each view folds a record's events one
on another, and a later event laid over a missing one would show (or mail) a state that
never was. Every other record carries on. ``expertbank projections status``,
``expertbank mail status`` and ``/healthz`` list the faults; a rebuild of the view, once
the cause is fixed, applies the record's events again and keeps only the faults that recur.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infrastructure.database import Transaction

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {projection_faults} ("
    " name TEXT NOT NULL, record_id TEXT NOT NULL, position BIGINT NOT NULL,"
    " topic TEXT NOT NULL, error TEXT NOT NULL, held_back BIGINT NOT NULL,"
    " last_position BIGINT NOT NULL, PRIMARY KEY (name, record_id))"
)
MOST_WORDS = 500


@dataclass(frozen=True)
class Fault:
    """The first event of a record that a view could not apply."""

    view: str
    record_id: str
    position: int
    topic: str
    error: str
    held_back: int
    """How many later events of the record the view has left unapplied since."""

    def describe(self) -> str:
        later = f"; {self.held_back} later events of it held back" if self.held_back else ""
        return (
            f"{self.view}: event {self.position:,} ({self.topic}) of record {self.record_id} "
            f"was not applied: {self.error}{later}"
        )


def quarantined(tx: Transaction) -> dict[str, set[str]]:
    """The records held back, by the name their faults are kept under."""
    held: dict[str, set[str]] = {}
    for row in tx.query("SELECT name, record_id FROM {projection_faults}"):
        held.setdefault(row["name"], set()).add(row["record_id"])
    return held


def record(
    tx: Transaction, name: str, record_id: str, notification: Any, error: BaseException
) -> None:
    tx.execute(
        "INSERT INTO {projection_faults} (name, record_id, position, topic, error, held_back,"
        " last_position) VALUES (?, ?, ?, ?, ?, 0, ?)",
        (name, record_id, notification.id, notification.topic, _words(error), notification.id),
    )


def hold_back(tx: Transaction, name: str, record_id: str, position: int) -> None:
    """Count one more event of a held record (once, however often it is read)."""
    tx.execute(
        "UPDATE {projection_faults} SET held_back = held_back + 1, last_position = ?"
        " WHERE name = ? AND record_id = ? AND last_position < ?",
        (position, name, record_id, position),
    )


def of(tx: Transaction, names: list[str]) -> list[Fault]:
    rows = tx.query("SELECT * FROM {projection_faults} ORDER BY position")
    return [
        Fault(
            view=row["name"],
            record_id=row["record_id"],
            position=int(row["position"]),
            topic=row["topic"],
            error=row["error"],
            held_back=int(row["held_back"]),
        )
        for row in rows
        if row["name"] in names
    ]


def forget(tx: Transaction, name: str) -> None:
    tx.execute("DELETE FROM {projection_faults} WHERE name = ?", (name,))


def rename(tx: Transaction, old: str, new: str) -> None:
    tx.execute("UPDATE {projection_faults} SET name = ? WHERE name = ?", (new, old))


def _words(error: BaseException) -> str:
    """The error, in characters any terminal, page and database column can hold."""
    text = f"{type(error).__name__}: {error}"[:MOST_WORDS]
    return "".join(
        c if c.isprintable() else " " if c.isspace() else f"\\x{ord(c):02x}" for c in text
    )
