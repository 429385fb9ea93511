"""The outbox's own row per booking, as its messages describe it, kept from the booking
events in event order (so a reminder recorded after a move is seen to be stale).
``sequence`` counts the changes exactly as the Booking aggregate does (iCalendar SEQUENCE).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from infrastructure.database import Row, Transaction
from infrastructure.stored_values import instant, to_instant

BOOKED = "expertbank:Booking.Booked"
HOLD_CONFIRMED = "expertbank:Booking.HoldConfirmed"
RESCHEDULED = "expertbank:Booking.Rescheduled"
CANCELLED = "expertbank:Booking.Cancelled"
LAPSED = "expertbank:Booking.Lapsed"
SESSION_RECORDED = "expertbank:Booking.SessionRecorded"
FEEDBACK_GIVEN = "expertbank:Booking.FeedbackGiven"

SESSION_TOPICS = (
    BOOKED,
    HOLD_CONFIRMED,
    RESCHEDULED,
    CANCELLED,
    LAPSED,
    SESSION_RECORDED,
    FEEDBACK_GIVEN,
)


def topic_of(event: Any) -> str:
    return get_topic(type(event))


@dataclass(frozen=True)
class SessionRow:
    booking_id: UUID
    service_id: UUID
    provider_id: UUID
    booked_by: UUID
    theme_id: UUID
    cover: str
    start: datetime
    end: datetime
    mode: str
    location: str
    status: str
    sequence: int
    hold_until: datetime | None
    outcome: str | None
    rated: bool
    reason: str
    changed_at: datetime

    @classmethod
    def from_row(cls, row: Row) -> SessionRow:
        return cls(
            booking_id=UUID(row["booking_id"]),
            service_id=UUID(row["service_id"]),
            provider_id=UUID(row["provider_id"]),
            booked_by=UUID(row["booked_by"]),
            theme_id=UUID(row["theme_id"]),
            cover=row["cover"],
            start=to_instant(row["start_at"]),
            end=to_instant(row["end_at"]),
            mode=row["mode"],
            location=row["location"],
            status=row["status"],
            sequence=int(row["sequence"]),
            hold_until=to_instant(row["hold_until"]) if row["hold_until"] else None,
            outcome=row["outcome"],
            rated=bool(row["rated"]),
            reason=row["reason"],
            changed_at=to_instant(row["changed_at"]),
        )


class SessionRows:
    """Writes and reads the session rows of one table."""

    def __init__(self, table: str) -> None:
        self.table = table
        self._handlers: dict[str, Callable[[Transaction, Any], None]] = {
            BOOKED: self._booked,
            HOLD_CONFIRMED: self._hold_confirmed,
            RESCHEDULED: self._rescheduled,
            CANCELLED: self._cancelled,
            LAPSED: self._lapsed,
            SESSION_RECORDED: self._session_recorded,
            FEEDBACK_GIVEN: self._feedback_given,
        }

    def schema(self) -> list[str]:
        t = self.table
        return [
            f"CREATE TABLE IF NOT EXISTS {{{t}}} ("
            " booking_id TEXT PRIMARY KEY, service_id TEXT NOT NULL, provider_id TEXT NOT NULL,"
            " booked_by TEXT NOT NULL, theme_id TEXT NOT NULL, cover TEXT NOT NULL,"
            " start_at TEXT NOT NULL, end_at TEXT NOT NULL, mode TEXT NOT NULL,"
            " location TEXT NOT NULL, status TEXT NOT NULL, sequence INTEGER NOT NULL,"
            " hold_until TEXT, outcome TEXT, rated INTEGER NOT NULL, reason TEXT NOT NULL,"
            " changed_at TEXT NOT NULL)",
        ]

    def apply(self, tx: Transaction, event: Any) -> None:
        self._handlers[topic_of(event)](tx, event)

    def get(self, tx: Transaction, booking_id: UUID) -> SessionRow | None:
        rows = tx.query(f"SELECT * FROM {{{self.table}}} WHERE booking_id = ?", (str(booking_id),))
        return SessionRow.from_row(rows[0]) if rows else None

    def _update(self, tx: Transaction, event: Any, assignments: str, *values: Any) -> None:
        tx.execute(
            f"UPDATE {{{self.table}}} SET {assignments} WHERE booking_id = ?",
            (*values, str(event.originator_id)),
        )

    def _booked(self, tx: Transaction, e: Any) -> None:
        tx.execute(
            f"INSERT INTO {{{self.table}}} (booking_id, service_id, provider_id, booked_by,"
            " theme_id, cover, start_at, end_at, mode, location, status, sequence, hold_until,"
            " outcome, rated, reason, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, 0, '', ?)",
            (
                str(e.originator_id),
                str(e.service_id),
                str(e.provider_id),
                str(e.actor),
                str(e.theme_id),
                e.cover,
                instant(e.start),
                instant(e.end),
                e.mode,
                e.location,
                "held" if e.hold_until else "confirmed",
                instant(e.hold_until) if e.hold_until else None,
                instant(e.timestamp),
            ),
        )

    def _hold_confirmed(self, tx: Transaction, e: Any) -> None:
        self._update(
            tx, e, "status = 'confirmed', hold_until = NULL, changed_at = ?", instant(e.timestamp)
        )

    def _rescheduled(self, tx: Transaction, e: Any) -> None:
        self._update(
            tx,
            e,
            "start_at = ?, end_at = ?, mode = ?, location = ?, reason = ?,"
            " sequence = sequence + 1, changed_at = ?",
            instant(e.start),
            instant(e.end),
            e.mode,
            e.location,
            e.reason,
            instant(e.timestamp),
        )

    def _cancelled(self, tx: Transaction, e: Any) -> None:
        self._update(
            tx,
            e,
            "status = 'cancelled', reason = ?, sequence = sequence + 1, changed_at = ?",
            e.reason,
            instant(e.timestamp),
        )

    def _lapsed(self, tx: Transaction, e: Any) -> None:
        self._update(
            tx,
            e,
            "status = 'lapsed', sequence = sequence + 1, changed_at = ?",
            instant(e.timestamp),
        )

    def _session_recorded(self, tx: Transaction, e: Any) -> None:
        self._update(tx, e, "outcome = ?", e.outcome)

    def _feedback_given(self, tx: Transaction, e: Any) -> None:
        self._update(tx, e, "rated = 1")
