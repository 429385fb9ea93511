"""The aggregates this process has read, shared by its threads and never changed in place.

Every read asks the store for events newer than the cached version (one indexed query), so a
read is as fresh as the store, whichever process wrote. When there are newer events they are
applied to a copy, and the copy replaces the cached object: an object once handed out never
changes, so threads can read it together without locks, and a reader can never see an
aggregate half-way through an event. A command that will change an aggregate takes its own
copy with ``clone``, which shares the values that cannot change (strings, numbers, ids,
instants) instead of deep-copying them.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from service.store import EventStore

T = TypeVar("T")

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
        items = cast(dict[Any, Any], value).items()
        return cast(T, {k: v if type(v) in _IMMUTABLE else clone(v) for k, v in items})
    if kind is list:
        return cast(T, [v if type(v) in _IMMUTABLE else clone(v) for v in cast(list[Any], value)])
    if isinstance(value, Aggregate):
        copied = object.__new__(kind)
        copied.__dict__.update(clone(value.__dict__))
        return copied
    return copy.deepcopy(value)


class AggregateCache:
    """Up to ``size`` aggregates, the least recently read forgotten first."""

    def __init__(self, store: EventStore, size: int) -> None:
        self._store = store
        self._size = size
        self._entries: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, aggregate_id: UUID) -> Aggregate | None:
        """The aggregate as it stands in the store now, or None. Shared: never change it."""
        with self._lock:
            cached = self._entries.get(aggregate_id)
            if cached is not None:
                self._entries.move_to_end(aggregate_id)
        if cached is None:
            try:
                latest: Aggregate = self._store.repository.get(aggregate_id)
            except AggregateNotFoundError:
                return None
        else:
            newer = list(self._store.events.get(aggregate_id, gt=cached.version))
            if not newer:
                return cached
            latest = clone(cached)
            for event in newer:
                event.mutate(latest)  # type: ignore[attr-defined]
        self._keep(latest, adding=True)
        return latest

    def refresh(self, saved: Aggregate) -> None:
        """Take ``saved``, just saved by a command that will not change it again, as the
        cached copy if an older one is cached: the next read then has nothing to apply."""
        self._keep(saved, adding=False)

    def _keep(self, aggregate: Aggregate, *, adding: bool) -> None:
        with self._lock:
            current = self._entries.get(aggregate.id)
            if current is None and not adding:
                return
            if current is None or current.version < aggregate.version:
                self._entries[aggregate.id] = aggregate
                self._entries.move_to_end(aggregate.id)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
