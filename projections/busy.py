"""Busy times read from providers' own calendars: read-model data beside the views.

They are derived from readings of the calendars, not from events (a reading that changes
nothing, every quarter of an hour for every provider, is not history), so no projection
runner writes them and a rebuild of the views leaves them be. Each connected calendar has
one feed row (how its last readings went, and what to send next time to ask whether it
changed) and its busy intervals, start and end only: replaced together, in one
transaction, after each reading that found a change.

A calendar that cannot be read keeps its last good busy times until ``counts_until``;
after that they no longer count anywhere (search and booking ask for busy times "in
force"), though they are kept in case it comes back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.time import TimeRange
from infrastructure.database import Database, Row, Transaction
from infrastructure.stored_values import (
    instant,
    key,
    marks,
    maybe_instant,
    maybe_to_instant,
    to_instant,
)

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {busy_feeds} ("
    " connection_id TEXT PRIMARY KEY, provider_id TEXT NOT NULL, validators TEXT NOT NULL,"
    " read_at TEXT, checked_at TEXT NOT NULL, next_at TEXT NOT NULL,"
    " failures INTEGER NOT NULL, failed_since TEXT, last_failure TEXT NOT NULL,"
    " counts_until TEXT, busy_count INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {busy_times} ("
    " connection_id TEXT NOT NULL, provider_id TEXT NOT NULL,"
    " starts_at TEXT NOT NULL, ends_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS busy_times_by_provider ON {busy_times} (provider_id, starts_at)",
    "CREATE INDEX IF NOT EXISTS busy_times_by_connection ON {busy_times} (connection_id)",
]
IN_FORCE = "(f.counts_until IS NULL OR f.counts_until > ?)"
COLUMNS = (
    "connection_id, provider_id, validators, read_at, checked_at, next_at, failures,"
    " failed_since, last_failure, counts_until, busy_count"
)


@dataclass(frozen=True)
class Feed:
    """How a calendar's readings have gone. ``read_at``: its last good reading (None: never
    read yet); ``failures``: readings failed in a row since, the first at ``failed_since``,
    the last for ``last_failure``; its busy times count until ``counts_until`` (None: for as
    long as it is connected)."""

    connection_id: UUID
    provider_id: UUID
    validators: dict[str, str]
    read_at: datetime | None
    checked_at: datetime
    next_at: datetime
    failures: int
    failed_since: datetime | None
    last_failure: str
    counts_until: datetime | None
    busy_count: int


class BusyTimes:
    def __init__(self, views: Database) -> None:
        self.views = views
        views.create_tables(SCHEMA)

    def read(
        self,
        connection_id: UUID,
        provider_id: UUID,
        *,
        busy: Sequence[TimeRange] | None,
        validators: dict[str, str],
        at: datetime,
        next_at: datetime,
    ) -> None:
        """A good reading at ``at``: its busy intervals (None: unchanged since the last)."""
        with self.views.transaction() as tx:
            before = self._feed(tx, connection_id)
            count = before.busy_count if busy is None and before is not None else len(busy or ())
            feed = Feed(
                connection_id, provider_id, validators, at, at, next_at, 0, None, "", None, count
            )
            self._write(tx, feed)
            if busy is not None:
                connection, provider = key(connection_id), key(provider_id)
                tx.execute("DELETE FROM {busy_times} WHERE connection_id = ?", (connection,))
                for span in busy:
                    tx.insert(
                        "INSERT INTO {busy_times} (connection_id, provider_id, starts_at, ends_at)"
                        " VALUES (?, ?, ?, ?)",
                        (connection, provider, instant(span.start), instant(span.end)),
                    )

    def failed(
        self,
        connection_id: UUID,
        provider_id: UUID,
        *,
        at: datetime,
        reason: str,
        next_at: Callable[[int], datetime],
        stale_after: timedelta,
    ) -> Feed:
        """A failed reading at ``at``: the feed as it stands now. ``next_at`` says when to
        try again after so many failures in a row; the busy times already kept count until
        ``stale_after`` from the first of them."""
        with self.views.transaction() as tx:
            before = self._feed(tx, connection_id)
            failures = 1 + (before.failures if before else 0)
            since = (before.failed_since if before else None) or at
            feed = Feed(
                connection_id=connection_id,
                provider_id=provider_id,
                validators=before.validators if before else {},
                read_at=before.read_at if before else None,
                checked_at=at,
                next_at=next_at(failures),
                failures=failures,
                failed_since=since,
                last_failure=reason,
                counts_until=since + stale_after,
                busy_count=before.busy_count if before else 0,
            )
            self._write(tx, feed)
            return feed

    def forget(self, connection_id: UUID) -> None:
        with self.views.transaction() as tx:
            tx.execute("DELETE FROM {busy_times} WHERE connection_id = ?", (key(connection_id),))
            tx.execute("DELETE FROM {busy_feeds} WHERE connection_id = ?", (key(connection_id),))

    def feed(self, connection_id: UUID) -> Feed | None:
        with self.views.transaction() as tx:
            return self._feed(tx, connection_id)

    def in_force(
        self, providers: Sequence[UUID | str], span: TimeRange, now: datetime
    ) -> dict[str, list[TimeRange]]:
        """Busy intervals in force now that overlap ``span``, by provider (stored key)."""
        found: dict[str, list[TimeRange]] = defaultdict(list)
        keys = [p if isinstance(p, str) else key(p) for p in providers]
        for chunk in _chunks(keys):
            rows = self.views.query(
                "SELECT b.provider_id, b.starts_at, b.ends_at FROM {busy_times} b"
                " JOIN {busy_feeds} f ON f.connection_id = b.connection_id"
                f" WHERE b.provider_id IN ({marks(len(chunk))}) AND b.starts_at < ?"
                f" AND b.ends_at > ? AND {IN_FORCE} ORDER BY b.starts_at",
                [*chunk, instant(span.end), instant(span.start), instant(now)],
            )
            for row in rows:
                found[row["provider_id"]].append(
                    TimeRange(to_instant(row["starts_at"]), to_instant(row["ends_at"]))
                )
        return found

    def of_provider(self, provider_id: UUID, span: TimeRange, now: datetime) -> list[TimeRange]:
        return self.in_force([provider_id], span, now).get(key(provider_id), [])

    def _feed(self, tx: Transaction, connection_id: UUID) -> Feed | None:
        rows = tx.query(
            f"SELECT {COLUMNS} FROM {{busy_feeds}} WHERE connection_id = ?", (key(connection_id),)
        )
        return feed_of(rows[0]) if rows else None

    def _write(self, tx: Transaction, feed: Feed) -> None:
        tx.execute("DELETE FROM {busy_feeds} WHERE connection_id = ?", (key(feed.connection_id),))
        tx.execute(
            f"INSERT INTO {{busy_feeds}} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key(feed.connection_id),
                key(feed.provider_id),
                json.dumps(feed.validators),
                maybe_instant(feed.read_at),
                instant(feed.checked_at),
                instant(feed.next_at),
                feed.failures,
                maybe_instant(feed.failed_since),
                feed.last_failure,
                maybe_instant(feed.counts_until),
                feed.busy_count,
            ),
        )


def feed_of(row: Row) -> Feed:
    """A feed from its row (the columns of ``COLUMNS``)."""
    return Feed(
        connection_id=UUID(row["connection_id"]),
        provider_id=UUID(row["provider_id"]),
        validators=json.loads(row["validators"]),
        read_at=maybe_to_instant(row["read_at"]),
        checked_at=to_instant(row["checked_at"]),
        next_at=to_instant(row["next_at"]),
        failures=int(row["failures"]),
        failed_since=maybe_to_instant(row["failed_since"]),
        last_failure=row["last_failure"],
        counts_until=maybe_to_instant(row["counts_until"]),
        busy_count=int(row["busy_count"]),
    )


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for offset in range(0, len(values), size):
        yield values[offset : offset + size]
