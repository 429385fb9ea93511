"""Runs read models over the event store's notification log, exactly once per event.

Each batch of events is applied and the projection's position is moved in the same
transaction on the views database, so a crash loses nothing and repeats nothing: the next
run resumes after the last committed position. A rebuild clears the rows and starts at 0.

Notification ids are safe to resume from on both stores: SQLite has one writer at a time,
and the PostgreSQL recorder locks the events table on insert, so ids commit in order.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from service.database import Database, Transaction
from service.store import EventStore

POSITIONS = [
    "CREATE TABLE IF NOT EXISTS {projection_positions} ("
    " name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
]


class Projection(ABC):
    """A read model: tables, and how each event changes their rows."""

    name: ClassVar[str]
    topics: ClassVar[tuple[str, ...]] = ()
    """The event topics it applies; empty means every event."""

    @abstractmethod
    def schema(self) -> list[str]:
        """``CREATE TABLE IF NOT EXISTS`` statements (``{table}`` names)."""

    @abstractmethod
    def tables(self) -> list[str]:
        """The names of its tables, cleared by a rebuild."""

    @abstractmethod
    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        """Change the rows for one event, in the batch's transaction."""


@dataclass(frozen=True)
class Status:
    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)


class ProjectionRunner:
    def __init__(
        self,
        store: EventStore,
        views: Database,
        projections: Sequence[Projection],
        batch_size: int = 500,
    ) -> None:
        self.store = store
        self.views = views
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        self.views.execute_script(POSITIONS)
        for projection in projections:
            self.views.execute_script(projection.schema())
            self._ensure_position(projection.name)

    def _ensure_position(self, name: str) -> None:
        with self.views.transaction() as tx:
            if not tx.query("SELECT 1 FROM {projection_positions} WHERE name = ?", (name,)):
                tx.execute(
                    "INSERT INTO {projection_positions} (name, position) VALUES (?, 0)", (name,)
                )

    def head(self) -> int:
        return self.store.recorder.max_notification_id() or 0

    def positions(self) -> dict[str, int]:
        rows = self.views.query("SELECT name, position FROM {projection_positions}")
        return {
            row["name"]: int(row["position"]) for row in rows if row["name"] in self.projections
        }

    def status(self) -> list[Status]:
        head = self.head()
        return [Status(name, position, head) for name, position in sorted(self.positions().items())]

    def run_batch(self, name: str) -> int:
        """Apply the next batch of events to one projection; the number applied."""
        projection = self.projections[name]
        with self.views.transaction() as tx:
            # Write first: this takes the lock, so two runners never apply the same batch.
            tx.execute(
                "UPDATE {projection_positions} SET position = position WHERE name = ?", (name,)
            )
            position = int(
                tx.query("SELECT position FROM {projection_positions} WHERE name = ?", (name,))[0][
                    "position"
                ]
            )
            head = self.head()
            if head <= position:
                return 0
            notifications = self.store.recorder.select_notifications(
                start=position + 1, limit=self.batch_size, stop=head, topics=projection.topics
            )
            for notification in notifications:
                event = self.store.mapper.to_domain_event(notification)
                projection.apply(tx, event, notification.id)
            full = len(notifications) == self.batch_size
            new_position = notifications[-1].id if full else head
            tx.execute(
                "UPDATE {projection_positions} SET position = ? WHERE name = ?",
                (new_position, name),
            )
            return len(notifications) or (new_position - position)

    def catch_up(self, names: Sequence[str] | None = None) -> None:
        """Apply everything stored so far to each projection (or those named)."""
        for name in names or list(self.projections):
            while self.run_batch(name):
                pass

    def rebuild(self, name: str, progress: Callable[[int, int], None] | None = None) -> None:
        """Clear a projection's rows and apply every event again from the start."""
        projection = self.projections[name]
        with self.views.transaction() as tx:
            for table in projection.tables():
                tx.execute(f"DELETE FROM {{{table}}}")
            tx.execute("UPDATE {projection_positions} SET position = 0 WHERE name = ?", (name,))
        head = self.head()
        while self.run_batch(name):
            if progress is not None:
                progress(self.positions()[name], head)

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        """Block until every projection has applied ``position`` (read-your-writes)."""
        deadline = time.monotonic() + timeout
        delay = 0.002
        while True:
            positions = self.positions().values()
            if not positions or min(positions) >= position:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
