"""The calendars view: providers' connected calendars and the clashes found with their
sessions, from the events; read beside the busy times (``projections.busy``) and the
bookings view, all on the views database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from infrastructure.database import Database, Row, Transaction
from infrastructure.stored_values import instant, key, maybe_to_instant
from projections.base import EventProjection, on
from projections.busy import IN_FORCE, Feed, feed_of

LIVE = "('held', 'confirmed')"


class CalendarsProjection(EventProjection):
    name = "calendars"

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {view_calendars} ("
            " connection_id TEXT PRIMARY KEY, provider_id TEXT NOT NULL, kind TEXT NOT NULL,"
            " label TEXT NOT NULL, host TEXT NOT NULL, status TEXT NOT NULL,"
            " connected_at TEXT NOT NULL, failing_since TEXT, failure TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS {view_session_clashes} ("
            " clash_id TEXT PRIMARY KEY, booking_id TEXT NOT NULL, provider_id TEXT NOT NULL,"
            " starts_at TEXT NOT NULL, status TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS view_calendars_by_provider"
            " ON {view_calendars} (provider_id)",
            "CREATE INDEX IF NOT EXISTS view_session_clashes_by_provider"
            " ON {view_session_clashes} (provider_id, status)",
        ]

    def tables(self) -> list[str]:
        return ["view_calendars", "view_session_clashes"]

    @on("expertbank:CalendarConnection.Connected")
    def connected(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "INSERT INTO {view_calendars} (connection_id, provider_id, kind, label, host,"
            " status, connected_at, failing_since, failure)"
            " VALUES (?, ?, ?, ?, ?, 'connected', ?, NULL, '')",
            (
                key(e.originator_id),
                key(e.provider_id),
                e.kind,
                e.label,
                e.host,
                instant(e.timestamp),
            ),
        )

    @on("expertbank:CalendarConnection.Changed")
    def changed(self, tx: Transaction, e: Any, position: int) -> None:
        reset = ", failing_since = NULL, failure = ''" if e.address_replaced else ""
        tx.execute(
            f"UPDATE {{view_calendars}} SET label = ?, host = ?{reset} WHERE connection_id = ?",
            (e.label, e.host, key(e.originator_id)),
        )

    @on("expertbank:CalendarConnection.Failing")
    def failing(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_calendars} SET failing_since = ?, failure = ? WHERE connection_id = ?",
            (instant(e.since), e.reason, key(e.originator_id)),
        )

    @on("expertbank:CalendarConnection.Recovered")
    def recovered(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_calendars} SET failing_since = NULL, failure = ''"
            " WHERE connection_id = ?",
            (key(e.originator_id),),
        )

    @on("expertbank:CalendarConnection.Disconnected")
    def disconnected(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_calendars} SET status = 'disconnected', failing_since = NULL,"
            " failure = '' WHERE connection_id = ?",
            (key(e.originator_id),),
        )

    @on("expertbank:SessionClash.Found")
    def clash_found(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "INSERT INTO {view_session_clashes} (clash_id, booking_id, provider_id, starts_at,"
            " status) VALUES (?, ?, ?, ?, 'found')",
            (key(e.originator_id), key(e.booking_id), key(e.provider_id), instant(e.start)),
        )

    @on("expertbank:SessionClash.Kept")
    def clash_kept(self, tx: Transaction, e: Any, position: int) -> None:
        tx.execute(
            "UPDATE {view_session_clashes} SET status = 'kept' WHERE clash_id = ?",
            (key(e.originator_id),),
        )


@dataclass(frozen=True)
class CalendarEntry:
    """A connected calendar as its provider sees it: which, and how its readings go.
    ``feed`` is None until it has been read (or tried) once."""

    connection_id: UUID
    provider_id: UUID
    kind: str
    label: str
    host: str
    connected_at: datetime
    failing_since: datetime | None
    failure: str
    feed: Feed | None

    @property
    def state(self) -> str:
        """``up_to_date``; ``not_read_yet``; ``trying_again`` (the last readings failed,
        not for long); ``cannot_be_read`` (failing, and the provider told)."""
        if self.failing_since is not None:
            return "cannot_be_read"
        if self.feed is None:
            return "not_read_yet"
        return "trying_again" if self.feed.failures else "up_to_date"


@dataclass(frozen=True)
class ClashEntry:
    """A live session still to come that overlaps busy time in force in its provider's
    own calendar, found after it was booked, and not kept."""

    clash_id: UUID
    booking_id: UUID
    service_id: UUID
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Session:
    booking_id: UUID
    start: datetime
    end: datetime


class OwnCalendarQueries:
    def __init__(self, views: Database) -> None:
        self.views = views

    def of_provider(self, provider_id: UUID) -> list[CalendarEntry]:
        """A provider's connected calendars, in the order they were connected."""
        rows = self.views.query(
            "SELECT c.*, f.connection_id AS feed_id, f.validators, f.read_at, f.checked_at,"
            " f.next_at, f.failures, f.failed_since, f.last_failure, f.counts_until,"
            " f.busy_count"
            " FROM {view_calendars} c LEFT JOIN {busy_feeds} f"
            " ON f.connection_id = c.connection_id"
            " WHERE c.provider_id = ? AND c.status = 'connected'"
            " ORDER BY c.connected_at, c.connection_id",
            (key(provider_id),),
        )
        return [_entry(row) for row in rows]

    def due(self, now: datetime, limit: int = 1000) -> list[tuple[UUID, UUID]]:
        """Connected calendars whose next reading is due (never read ones first), as
        (connection, provider)."""
        rows = self.views.query(
            "SELECT c.connection_id, c.provider_id FROM {view_calendars} c"
            " LEFT JOIN {busy_feeds} f ON f.connection_id = c.connection_id"
            " WHERE c.status = 'connected' AND (f.next_at IS NULL OR f.next_at <= ?)"
            " ORDER BY f.next_at IS NOT NULL, f.next_at LIMIT ?",
            (instant(now), limit),
        )
        return [(UUID(row["connection_id"]), UUID(row["provider_id"])) for row in rows]

    def not_connected(self) -> list[UUID]:
        """Calendars with busy times kept but no longer connected (disconnected while a
        reading was under way, say): their busy times are to be forgotten."""
        rows = self.views.query(
            "SELECT f.connection_id FROM {busy_feeds} f LEFT JOIN {view_calendars} c"
            " ON c.connection_id = f.connection_id"
            " WHERE c.connection_id IS NULL OR c.status <> 'connected'"
        )
        return [UUID(row["connection_id"]) for row in rows]

    def sessions_to_come(self, provider_id: UUID, now: datetime) -> list[Session]:
        """The provider's live sessions that have not started yet (holds not yet lapsed)."""
        rows = self.views.query(
            "SELECT booking_id, starts_at, ends_at FROM {view_bookings}"
            f" WHERE provider_id = ? AND status IN {LIVE} AND starts_at > ?"
            " AND (hold_until IS NULL OR hold_until > ?) ORDER BY starts_at",
            (key(provider_id), instant(now), instant(now)),
        )
        return [
            Session(UUID(r["booking_id"]), _at(r["starts_at"]), _at(r["ends_at"])) for r in rows
        ]

    def booking_ids_of(self, provider_id: UUID) -> set[str]:
        """Every booking with the provider, as the UIDs of its invitations (any status)."""
        rows = self.views.query(
            "SELECT booking_id FROM {view_bookings} WHERE provider_id = ?", (key(provider_id),)
        )
        return {str(UUID(row["booking_id"])) for row in rows}

    def clashes_of(self, provider_id: UUID, now: datetime) -> list[ClashEntry]:
        """Clashes found and not kept whose session is still live, still at the time that
        clashed, still to come, and still overlaps busy time in force."""
        rows = self.views.query(
            "SELECT k.clash_id, b.booking_id, b.service_id, b.starts_at, b.ends_at"
            " FROM {view_session_clashes} k JOIN {view_bookings} b"
            " ON b.booking_id = k.booking_id AND b.starts_at = k.starts_at"
            " WHERE k.provider_id = ? AND k.status = 'found'"
            f" AND b.status IN {LIVE} AND b.starts_at > ?"
            " AND (b.hold_until IS NULL OR b.hold_until > ?)"
            " AND EXISTS (SELECT 1 FROM {busy_times} t JOIN {busy_feeds} f"
            " ON f.connection_id = t.connection_id WHERE t.provider_id = k.provider_id"
            f" AND t.starts_at < b.ends_at AND t.ends_at > b.starts_at AND {IN_FORCE})"
            " ORDER BY b.starts_at",
            (key(provider_id), instant(now), instant(now), instant(now)),
        )
        return [
            ClashEntry(
                clash_id=UUID(r["clash_id"]),
                booking_id=UUID(r["booking_id"]),
                service_id=UUID(r["service_id"]),
                start=_at(r["starts_at"]),
                end=_at(r["ends_at"]),
            )
            for r in rows
        ]


def _entry(row: Row) -> CalendarEntry:
    feed = None
    if row["feed_id"] is not None:
        feed = feed_of({**row, "connection_id": row["feed_id"]})
    return CalendarEntry(
        connection_id=UUID(row["connection_id"]),
        provider_id=UUID(row["provider_id"]),
        kind=row["kind"],
        label=row["label"],
        host=row["host"],
        connected_at=_at(row["connected_at"]),
        failing_since=maybe_to_instant(row["failing_since"]),
        failure=row["failure"],
        feed=feed,
    )


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)
