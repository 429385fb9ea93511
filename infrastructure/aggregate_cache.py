"""The aggregates this process has read, shared by its threads and never changed in place.

A read is as fresh as the store, whichever process wrote, in one of two ways. Outside a
command, every read asks the store for events newer than the cached version (one indexed
query). A command instead catches up once, at its start (``current``): it reads the event
log from where the cache last looked and marks the cached aggregates that changed since as
doubtful; for the rest of the command a cached aggregate that is not doubtful is used as
it is. So a command sees the store as it stood when it began, with one query in place of
one per aggregate; what it saves is still checked against the latest versions by the
store (optimistic concurrency), so a command that read something stale is refused by the
save and run again, after catching up.

What a command saves goes into the cache as saved (``saved``), and when nobody else wrote
in between, the cache also counts its own events as seen, so the next catch-up finds
nothing to read but other processes' changes.

When there are newer events they are applied to a copy, and the copy replaces the cached
object: an object once handed out never changes, so threads can read it together without
locks, and a reader can never see an aggregate half-way through an event. A command that
will change an aggregate takes its own copy with ``clone``, which shares the values that
cannot change (strings, numbers, ids, instants) instead of deep-copying them.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from infrastructure.event_store import EventStore

T = TypeVar("T")
Reads = dict[UUID, int]  # aggregate id: the version read, 0 when there was none

_IMMUTABLE: frozenset[type] = frozenset(
    {str, int, float, bool, type(None), bytes, UUID, datetime, date, time, timedelta, Decimal}
)


def clone(value: T) -> T:
    """A copy that can be changed without touching ``value``: containers and aggregates are
    copied, immutable values shared, anything else deep-copied."""
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is dict:
        entries = cast(dict[Any, Any], value).copy()
        for key, item in entries.items():
            if type(item) not in _IMMUTABLE:
                entries[key] = clone(item)  # replacing values, so iterating stays safe
        return cast(T, entries)
    if kind is list:
        return cast(T, [v if type(v) in _IMMUTABLE else clone(v) for v in cast(list[Any], value)])
    if isinstance(value, Aggregate):
        copied = object.__new__(kind)
        copied.__dict__.update(clone(value.__dict__))
        return copied
    return copy.deepcopy(value)


class AggregateCache:
    """Up to ``size`` aggregates, the least recently read forgotten first."""

    PAGE = 500
    MOST_PAGES = 20  # further behind than this, forgetting everything is cheaper

    def __init__(self, store: EventStore, size: int) -> None:
        self._store = store
        self._size = size
        self._entries: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._doubtful: set[UUID] = set()
        self._position = store.recorder.max_notification_id() or 0
        self._lock = threading.Lock()
        self._catching_up = threading.Lock()
        self._thread = threading.local()

    @contextmanager
    def current(self) -> Iterator[Reads]:
        """Catch up with the store, then trust the cache for this thread until the end of
        the block (see the module's docstring). What the block reads is noted in the
        ``Reads`` it is given, for ``changed_since``."""
        self.catch_up()
        outer_trust = getattr(self._thread, "trusting", False)
        outer: Reads | None = getattr(self._thread, "reads", None)
        reads: Reads = {}
        self._thread.trusting, self._thread.reads = True, reads
        try:
            yield reads
        finally:
            self._thread.trusting, self._thread.reads = outer_trust, outer
            if outer is not None:
                for aggregate_id, version in reads.items():
                    outer.setdefault(aggregate_id, version)

    def changed_since(self, reads: Reads) -> bool:
        """Whether any aggregate has changed in the store since it was read at the version
        noted (0: it was not there). A command's reads are consistent only up to its own
        save; a refusal drawn from them stands only if none has changed since."""
        self.catch_up()
        with self._lock:
            unsure = []
            for aggregate_id, version in reads.items():
                cached = self._entries.get(aggregate_id)
                if cached is not None and cached.version != version:
                    return True
                if cached is None or aggregate_id in self._doubtful:
                    unsure.append((aggregate_id, version))
        events = self._store.events
        return any(next(iter(events.get(i, gt=v, limit=1)), None) for i, v in unsure)

    def catch_up(self) -> None:
        """Mark every cached aggregate that changed in the store since the last look."""
        with self._catching_up:
            for _ in range(self.MOST_PAGES):
                page = self._store.changes_after(self._position, self.PAGE)
                with self._lock:
                    for change in page:
                        cached = self._entries.get(change.aggregate_id)
                        if cached is not None and cached.version < change.version:
                            self._doubtful.add(cached.id)
                    if page:
                        self._position = page[-1].position
                if len(page) < self.PAGE:
                    return
            head = self._store.recorder.max_notification_id() or 0
            with self._lock:
                self._entries.clear()
                self._doubtful.clear()
                self._position = head

    def get(self, aggregate_id: UUID) -> Aggregate | None:
        """The aggregate as it stands in the store, or None. Shared: never change it."""
        found = self._get(aggregate_id)
        reads: Reads | None = getattr(self._thread, "reads", None)
        if reads is not None:
            reads.setdefault(aggregate_id, 0 if found is None else found.version)
        return found

    def _get(self, aggregate_id: UUID) -> Aggregate | None:
        with self._lock:
            cached = self._entries.get(aggregate_id)
            if cached is not None:
                self._entries.move_to_end(aggregate_id)
            trusted = getattr(self._thread, "trusting", False)
            if cached is not None and trusted and aggregate_id not in self._doubtful:
                return cached
            position = self._position
        if cached is None:
            try:
                latest: Aggregate = self._store.repository.get(aggregate_id)
            except AggregateNotFoundError:
                return None
        else:
            newer = list(self._store.events.get(aggregate_id, gt=cached.version))
            latest = clone(cached) if newer else cached
            for event in newer:
                event.mutate(latest)  # type: ignore[attr-defined]
        self._keep(latest, read_at=position)
        return latest

    @property
    def position(self) -> int:
        """How far into the event log the cache has looked."""
        with self._lock:
            return self._position

    def saved(
        self,
        aggregates: Sequence[Aggregate],
        notifications: Sequence[int],
        *,
        looked_to: int,
        copy: bool,
    ) -> None:
        """Learn from a save by this process: ``aggregates`` stand as saved, and the events
        at ``notifications`` in the log are known. ``looked_to`` is the cache's position
        just before the save; if a catch-up ran meanwhile, it may have passed over a later
        change to an aggregate that was not cached yet, which then stays doubtful. Without
        ``copy`` the caller hands the aggregates over: it must never change them again."""
        with self._catching_up, self._lock:
            undisturbed = self._position == looked_to
            for aggregate in aggregates:
                current = self._entries.get(aggregate.id)
                if current is None or current.version < aggregate.version:
                    self._entries[aggregate.id] = clone(aggregate) if copy else aggregate
                    self._entries.move_to_end(aggregate.id)
                    if undisturbed:
                        self._doubtful.discard(aggregate.id)
                    elif current is None:
                        self._doubtful.add(aggregate.id)
            ours = sorted(notifications)
            if undisturbed and ours == list(range(looked_to + 1, looked_to + len(ours) + 1)):
                self._position = looked_to + len(ours)  # nobody else wrote in between
            self._forget_least_used()

    def _keep(self, aggregate: Aggregate, *, read_at: int) -> None:
        """Cache what was read from the store, when the cache had looked up to ``read_at``.
        If it has looked further meanwhile, a change it saw may not be in what was read."""
        with self._lock:
            current = self._entries.get(aggregate.id)
            if current is None or current.version < aggregate.version:
                self._entries[aggregate.id] = aggregate
                current = aggregate
            self._entries.move_to_end(aggregate.id)
            if read_at != self._position:
                self._doubtful.add(aggregate.id)
            elif current.version == aggregate.version:
                self._doubtful.discard(aggregate.id)
            self._forget_least_used()

    def _forget_least_used(self) -> None:
        while len(self._entries) > self._size:
            forgotten, _ = self._entries.popitem(last=False)
            self._doubtful.discard(forgotten)
