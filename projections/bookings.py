"""The bookings view: one row per booking as it stands now, with its change count, and
where it sits in the provider's time (buffer, group session, what it counts against a
peer's monthly cap), which availability search subtracts from free time."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.bookings import was_declined
from domain.diary import group_key
from domain.time import month_key
from infrastructure.database import Transaction
from infrastructure.stored_events import StoredEvent
from infrastructure.stored_values import to_instant
from projections.base import EventProjection, on


class BookingsProjection(EventProjection):
    name = "bookings"
    reads_stored = True

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {view_bookings} ("
            " booking_id TEXT PRIMARY KEY, service_id TEXT NOT NULL, provider_id TEXT NOT NULL,"
            " booked_by TEXT NOT NULL, theme_id TEXT NOT NULL, engagement_id TEXT,"
            " cover TEXT NOT NULL, status TEXT NOT NULL, hold_until TEXT,"
            " sequence INTEGER NOT NULL DEFAULT 0, window_id TEXT NOT NULL,"
            " starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, minutes INTEGER NOT NULL,"
            " month TEXT NOT NULL, buffer_minutes INTEGER NOT NULL, seats INTEGER NOT NULL,"
            " group_key TEXT, cap_key TEXT, mode TEXT NOT NULL, location TEXT NOT NULL,"
            " cancelled_by_side TEXT, declined INTEGER NOT NULL DEFAULT 0,"
            " reason TEXT NOT NULL DEFAULT '', outcome TEXT,"
            " notes TEXT NOT NULL DEFAULT '', outcomes TEXT NOT NULL DEFAULT '',"
            " actions TEXT NOT NULL DEFAULT '', recorded_by TEXT, recorded_at TEXT,"
            " rating INTEGER, comment TEXT NOT NULL DEFAULT '', rated_by TEXT, rated_at TEXT,"
            " booked_at TEXT NOT NULL,"
            " changed_at TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS view_bookings_by_service"
            " ON {view_bookings} (service_id, starts_at)",
            "CREATE INDEX IF NOT EXISTS view_bookings_by_provider"
            " ON {view_bookings} (provider_id, starts_at)",
            "CREATE INDEX IF NOT EXISTS view_bookings_by_engagement"
            " ON {view_bookings} (engagement_id, starts_at) WHERE engagement_id IS NOT NULL",
        ]

    def tables(self) -> list[str]:
        return ["view_bookings"]

    def _set(
        self, tx: Transaction, e: StoredEvent, assignments: str, values: tuple[Any, ...]
    ) -> None:
        tx.execute(
            f"UPDATE {{view_bookings}} SET {assignments}, changed_at = ? WHERE booking_id = ?",
            (*values, e.timestamp, e.originator_id),
        )

    @on("expertbank:Booking.Booked")
    def booked(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        at = e.timestamp
        tx.insert(
            "INSERT INTO {view_bookings} (booking_id, service_id, provider_id, booked_by,"
            " theme_id, engagement_id, cover, status, hold_until, window_id, starts_at, ends_at,"
            " minutes, month, buffer_minutes, seats, group_key, cap_key, mode, location,"
            " booked_at, changed_at) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.originator_id,
                e.service_id,
                e.provider_id,
                e.actor,
                e.theme_id,
                e.engagement_id,
                e.cover,
                "held" if e.hold_until else "confirmed",
                e.hold_until,
                *_placement(e, peer=e.engagement_id is None),
                at,
                at,
            ),
        )

    @on("expertbank:Booking.HoldConfirmed")
    def hold_confirmed(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._set(tx, e, "status = 'confirmed', hold_until = NULL", ())

    @on("expertbank:Booking.Rescheduled")
    def rescheduled(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        rows = tx.query(
            "SELECT engagement_id FROM {view_bookings} WHERE booking_id = ?",
            (e.originator_id,),
        )
        peer = bool(rows) and rows[0]["engagement_id"] is None
        self._set(
            tx,
            e,
            "window_id = ?, starts_at = ?, ends_at = ?, minutes = ?, month = ?,"
            " buffer_minutes = ?, seats = ?, group_key = ?, cap_key = ?, mode = ?,"
            " location = ?, reason = ?, sequence = sequence + 1",
            (*_placement(e, peer=peer), e.reason),
        )

    @on("expertbank:Booking.Cancelled")
    def cancelled(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        rows = tx.query(
            "SELECT status FROM {view_bookings} WHERE booking_id = ?", (e.originator_id,)
        )
        declined = bool(rows) and was_declined(rows[0]["status"], e.side)
        self._set(
            tx,
            e,
            "status = 'cancelled', cancelled_by_side = ?, declined = ?, reason = ?,"
            " hold_until = NULL, sequence = sequence + 1",
            (e.side, int(declined), e.reason),
        )

    @on("expertbank:Booking.Lapsed")
    def lapsed(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._set(tx, e, "status = 'lapsed', hold_until = NULL, sequence = sequence + 1", ())

    @on("expertbank:Booking.SessionRecorded")
    def session_recorded(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._set(
            tx,
            e,
            "outcome = ?, notes = ?, outcomes = ?, actions = ?, recorded_by = ?, recorded_at = ?",
            (e.outcome, e.notes, e.outcomes, e.actions, e.actor, e.timestamp),
        )

    @on("expertbank:Booking.FeedbackGiven")
    def feedback_given(self, tx: Transaction, e: StoredEvent, position: int) -> None:
        self._set(
            tx,
            e,
            "rating = ?, comment = ?, rated_by = ?, rated_at = ?",
            (e.rating, e.comment, e.actor, e.timestamp),
        )


def _placement(e: StoredEvent, *, peer: bool) -> tuple[Any, ...]:
    """Where a booking sits: window, times, month, buffer, seats, the group session it is a
    seat of, what it counts once against a peer's cap (None: it draws on an engagement),
    and how it is held."""
    start, end = to_instant(e.start), to_instant(e.end)
    group = group_key(UUID(e.window_id), start) if e.seats > 1 else None
    cap_key = (group or e.originator_id) if peer else None
    return (
        e.window_id,
        e.start,
        e.end,
        int((end - start).total_seconds()) // 60,
        month_key(start),
        e.buffer_minutes,
        e.seats,
        group,
        cap_key,
        e.mode,
        e.location,
    )
