"""Runs read models over the event store's notification log, exactly once per event.

Each batch of events is applied and the projections' positions are moved in the same
transaction on the views database, so a crash loses nothing and repeats nothing: the next
run resumes after the last committed position. The projections run side by side: each
event is read once and decoded once in each form wanted (a domain event, or as stored for
the busiest views), then given to every projection that wants its topic.

A rebuild fills a second set of tables beside the live ones while the live ones keep
serving and following new events, then swaps them in one transaction.

Notification ids are safe to resume from on both stores: SQLite has one writer at a time,
and the PostgreSQL recorder locks the events table on insert, so ids commit in order.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, TypeVar

from infrastructure.database import Database, Transaction
from infrastructure.event_store import EventStore
from infrastructure.outages import is_transient
from infrastructure.stored_events import StoredReader
from projections import faults
from projections.faults import Fault

POSITIONS = [
    "CREATE TABLE IF NOT EXISTS {projection_positions} ("
    " name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {projection_definitions} ("
    " name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL)",
    faults.SCHEMA,
]
SHADOW = "__rebuild"
SCHEMA_LOCK = 7_311_402  # any number the app uses for nothing else
_INDEX = re.compile(r"^\s*CREATE\s+(UNIQUE\s+)?INDEX", re.IGNORECASE)

_log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Applier = Callable[["Transaction", Any, int], None]
T = TypeVar("T")


class Projection(ABC):
    """A read model: tables, and how each event changes their rows."""

    name: ClassVar[str]
    topics: ClassVar[tuple[str, ...]] = ()
    """The event topics it applies; empty means every event."""
    reads_stored: ClassVar[bool] = False
    """Whether ``apply`` takes events as stored (``StoredEvent``) instead of domain events."""
    reads_notifications: ClassVar[bool] = False
    """Whether ``apply`` takes the notifications themselves: the stored bytes, undecoded."""
    version: ClassVar[int] = 1
    """Raise it when ``apply`` changes what it writes without a change to ``schema``."""

    @abstractmethod
    def schema(self) -> list[str]:
        """``CREATE TABLE IF NOT EXISTS`` statements (``{table}`` names), then any
        ``CREATE INDEX IF NOT EXISTS``. A rebuild creates the indexes only at the end, so
        ``apply`` should find rows by primary key."""

    @abstractmethod
    def tables(self) -> list[str]:
        """The names of its tables, replaced by a rebuild."""

    @abstractmethod
    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        """Change the rows for one event, in the batch's transaction."""

    def applier(self, topic: str) -> Applier:
        """What applies events of ``topic`` (``apply``, unless a projection knows better)."""
        return self.apply

    def fingerprint(self) -> str:
        """What its rows depend on: ``version`` and the statements creating its tables."""
        own = [s for s in self.schema() if any(f"{{{t}}}" in s for t in self.tables())]
        return hashlib.sha256("\n".join([str(self.version), *own]).encode()).hexdigest()


class RebuildRunning(Exception):
    """A rebuild was asked for while another was running."""


@dataclass(frozen=True)
class Status:
    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)


@dataclass(frozen=True)
class _Target:
    """A projection, where it stands, and the transaction (live or shadow) it writes in."""

    projection: Projection
    position: int
    tx: Transaction
    shadow: bool = False

    @property
    def faults_under(self) -> str:
        """The name its faults are kept under: a rebuild's are its own until the swap."""
        return self.projection.name + (SHADOW if self.shadow else "")


class ProjectionRunner:
    def __init__(
        self,
        store: EventStore,
        views: Database,
        projections: Sequence[Projection],
        batch_size: int = 500,
        rebuild_batch_size: int = 20000,
    ) -> None:
        self.store = store
        self.views = views
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        self.rebuild_batch_size = rebuild_batch_size
        self._wanted = {p.name: frozenset(p.topics) for p in projections}
        self._stored = StoredReader(store.mapper)
        self._create_tables(projections)

    def _create_tables(self, projections: Sequence[Projection]) -> None:
        """Create what is missing, in one transaction. On PostgreSQL several processes
        starting at once take turns (CREATE ... IF NOT EXISTS alone can collide there).
        A projection whose definition changed since its rows were written (``fingerprint``)
        starts again from the first event, in new tables."""
        with self.views.transaction() as tx:
            if self.views.is_postgres:
                tx.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
            for statement in POSITIONS:
                tx.execute(statement)
            for projection in projections:
                self._start_again_if_changed(tx, projection)
                for statement in projection.schema():
                    tx.execute(statement)
                if not tx.query(
                    "SELECT 1 FROM {projection_positions} WHERE name = ?", (projection.name,)
                ):
                    tx.execute(
                        "INSERT INTO {projection_positions} (name, position) VALUES (?, 0)",
                        (projection.name,),
                    )

    def _start_again_if_changed(self, tx: Transaction, projection: Projection) -> None:
        """Drop the tables of a projection whose fingerprint changed and move it back to
        the first event, where following catches it up. Views from before fingerprints
        were kept are taken to match."""
        name, fingerprint = projection.name, projection.fingerprint()
        found = tx.query("SELECT fingerprint FROM {projection_definitions} WHERE name = ?", (name,))
        if not found:
            tx.execute(
                "INSERT INTO {projection_definitions} (name, fingerprint) VALUES (?, ?)",
                (name, fingerprint),
            )
            return
        if found[0]["fingerprint"] == fingerprint:
            return
        _log.warning("the view %s has changed: building it again from the first event", name)
        for table in projection.tables():
            tx.execute(f"DROP TABLE IF EXISTS {{{table}}}")
        tx.execute("UPDATE {projection_positions} SET position = 0 WHERE name = ?", (name,))
        tx.execute(
            "UPDATE {projection_definitions} SET fingerprint = ? WHERE name = ?",
            (fingerprint, name),
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

    def faults(self) -> list[Fault]:
        """The events these views could not apply (see ``projections.faults``)."""
        with self.views.transaction() as tx:
            return faults.of(tx, list(self.projections))

    def _members(self, names: str | Sequence[str] | None) -> list[Projection]:
        if names is None:
            chosen = list(self.projections)
        elif isinstance(names, str):
            chosen = [names]
        else:
            chosen = list(names)
        unknown = [name for name in chosen if name not in self.projections]
        if unknown:
            known = ", ".join(sorted(self.projections))
            raise KeyError(f"no projection named {unknown[0]!r}; there are: {known}")
        return [self.projections[name] for name in sorted(set(chosen))]

    def _lock(self, tx: Transaction, names: Iterable[str]) -> dict[str, int]:
        """Lock the positions (always in name order, so runners never deadlock); read them."""
        positions = {}
        for name in sorted(names):
            # Write first: this takes the lock, so two runners never apply the same batch.
            tx.execute(
                "UPDATE {projection_positions} SET position = position WHERE name = ?", (name,)
            )
            rows = tx.query("SELECT position FROM {projection_positions} WHERE name = ?", (name,))
            positions[name] = int(rows[0]["position"])
        return positions

    def _move(self, tx: Transaction, name: str, position: int) -> None:
        tx.execute(
            "UPDATE {projection_positions} SET position = ? WHERE name = ?", (position, name)
        )

    def run_batch(self, names: str | Sequence[str] | None = None) -> int:
        """Apply the next batch of events to the projections named (default: all) in one
        transaction. Returns how far the furthest-behind one moved (0: all current)."""
        members = self._members(names)
        return _carefully_if_need_be(lambda careful: self._run_batch(members, careful))

    def _run_batch(self, members: list[Projection], careful: bool) -> int:
        with self.views.transaction(pipelined=not careful) as tx:
            positions = self._lock(tx, (p.name for p in members))
            start = min(positions.values())
            head = self.head()
            if head <= start:
                return 0
            targets = [_Target(p, positions[p.name], tx) for p in members]
            end = self._apply(targets, start, head, self.batch_size, careful)
            for projection in members:
                if end > positions[projection.name]:
                    self._move(tx, projection.name, end)
            return end - start

    def _apply(
        self, targets: list[_Target], start: int, stop: int, limit: int, careful: bool
    ) -> int:
        """Give the events after ``start`` (up to ``stop``, at most ``limit``) to each target
        that has not had them yet; returns the position reached. ``careful``: each event in
        a savepoint of its own, so that one a view cannot apply is recorded as a fault
        and the rest go on (slower: used only after a batch failed)."""
        if stop <= start:
            return start
        held = faults.quarantined(targets[0].tx)
        topics: list[str] = []
        for target in targets:
            wanted = self._wanted[target.projection.name]
            if not wanted:
                topics = []
                break
            topics.extend(wanted)
        notifications = self.store.recorder.select_notifications(
            start=start + 1, limit=limit, stop=stop, topics=sorted(set(topics))
        )
        decoders = (self.store.event_as_stored, self._stored.read, _as_notified)
        wanting: dict[str, list[tuple[_Target, Applier, int]]] = {}
        for notification in notifications:
            topic = notification.topic
            chosen = wanting.get(topic)
            if chosen is None:  # who wants this topic, and how: worked out once a batch
                chosen = wanting[topic] = [
                    (t, t.projection.applier(topic), _form(t.projection))
                    for t in targets
                    if not self._wanted[t.projection.name]
                    or topic in self._wanted[t.projection.name]
                ]
            events: list[Any] = [None, None, None]  # each form decoded once, when first wanted
            for target, apply, form in chosen:
                if notification.id <= target.position:
                    continue
                record_id = str(notification.originator_id)
                name = target.faults_under
                if held and record_id in held.get(name, ()):
                    faults.hold_back(target.tx, name, record_id, notification.id)
                    continue
                if not careful:
                    event = events[form]
                    if event is None:
                        event = events[form] = decoders[form](notification)
                    apply(target.tx, event, notification.id)
                    continue
                try:
                    with target.tx.savepoint():
                        apply(target.tx, decoders[form](notification), notification.id)
                except Exception as error:
                    if is_transient(error):
                        raise
                    _log.error(
                        "the view %s could not apply event %s: %s", name, notification.id, error
                    )
                    faults.record(target.tx, name, record_id, notification, error)
                    held.setdefault(name, set()).add(record_id)
        if len(notifications) == limit:
            return int(notifications[-1].id)
        return stop

    def catch_up(self, names: str | Sequence[str] | None = None) -> None:
        """Apply everything stored so far to each projection (or those named)."""
        members = {p.name for p in self._members(names)}
        positions = [p for name, p in self.positions().items() if name in members]
        if positions and min(positions) >= self.head():
            return  # current: no need to take the write lock
        while self.run_batch(names):
            pass

    def rebuild(
        self, names: str | Sequence[str] | None = None, progress: Progress | None = None
    ) -> None:
        """Build the projections named (default: all) again from the first event, beside the
        live tables, then swap them in. The live tables serve and follow meanwhile. One
        rebuild at a time: another, from any process, is refused (RebuildRunning)."""
        with self.views.exclusive("rebuild") as got:
            if not got:
                raise RebuildRunning(
                    "another rebuild of the views is running: wait until it is done, "
                    "then run this one"
                )
            self._rebuild(self._members(names), progress)

    def _rebuild(self, members: list[Projection], progress: Progress | None) -> None:
        renames = {table: table + SHADOW for p in members for table in p.tables()}
        with self.views.transaction() as tx:
            shadow = tx.renamed(renames)
            for projection in members:
                faults.forget(tx, projection.name + SHADOW)
                for table in projection.tables():
                    shadow.execute(f"DROP TABLE IF EXISTS {{{table}}}")
                for statement in projection.schema():
                    if not _INDEX.match(statement):
                        shadow.execute(statement)
        position = 0
        while (head := self.head()) > position:
            batch = partial(self._rebuild_batch, members, renames, position, head)
            position = _carefully_if_need_be(batch)
            if progress is not None:
                progress(position, head)
        _carefully_if_need_be(lambda careful: self._swap(members, renames, position, careful))

    def _rebuild_batch(
        self,
        members: list[Projection],
        renames: dict[str, str],
        start: int,
        head: int,
        careful: bool,
    ) -> int:
        with self.views.transaction(pipelined=not careful) as tx:
            shadow = tx.renamed(renames)
            targets = [_Target(p, start, shadow, shadow=True) for p in members]
            return self._apply(targets, start, head, self.rebuild_batch_size, careful)

    def _swap(
        self, members: list[Projection], renames: dict[str, str], position: int, careful: bool
    ) -> None:
        """Bring the rebuilt tables level with the live ones, then put them in their place,
        with the faults found on the way in place of the live ones'."""
        with self.views.transaction() as tx:
            live = self._lock(tx, (p.name for p in members))
            shadow = tx.renamed(renames)
            target = max([position, *live.values()])
            while position < target:
                targets = [_Target(p, position, shadow, shadow=True) for p in members]
                position = self._apply(targets, position, target, self.rebuild_batch_size, careful)
            for projection in members:
                faults.forget(tx, projection.name)
                faults.rename(tx, projection.name + SHADOW, projection.name)
                for table in projection.tables():
                    tx.execute(f"DROP TABLE IF EXISTS {{{table}}}")
                    tx.execute(f"ALTER TABLE {{{renames[table]}}} RENAME TO {table}")
                for statement in projection.schema():
                    tx.execute(statement)
                self._move(tx, projection.name, position)

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


def _form(projection: Projection) -> int:
    """Which of the runner's decoders gives ``projection`` its events."""
    return 2 if projection.reads_notifications else int(projection.reads_stored)


def _as_notified(notification: Any) -> Any:
    return notification


def _carefully_if_need_be(work: Callable[[bool], T]) -> T:
    """``work(False)``; if an event in it could not be applied, ``work(True)``, which
    records that event as a fault and applies the others. A database that is down or busy
    is no fault of an event: that error is raised, for the caller to try again later."""
    try:
        return work(False)
    except Exception as error:
        if is_transient(error):
            raise
        _log.warning("a batch of events failed (%s): applying them one at a time", error)
        return work(True)
