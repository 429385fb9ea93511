"""Calendar view: every booking as a session row, for feeds and the worker's sweeps."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from projections.runner import Projection
from projections.sessions import SESSION_TOPICS, SessionRow, SessionRows, instant
from service.database import Database, Transaction

TABLE = "calendar_sessions"


class CalendarView(Projection):
    name = "calendar_sessions"
    topics = SESSION_TOPICS

    def __init__(self) -> None:
        self.rows = SessionRows(TABLE)

    def schema(self) -> list[str]:
        return self.rows.schema()

    def tables(self) -> list[str]:
        return [TABLE]

    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        self.rows.apply(tx, event)


class CalendarQueries:
    """Reads of the calendar view only."""

    def __init__(self, views: Database) -> None:
        self.views = views

    def _select(self, where: str, params: tuple[Any, ...]) -> list[SessionRow]:
        rows = self.views.query(
            f"SELECT * FROM {{{TABLE}}} WHERE {where} ORDER BY start_at, booking_id", params
        )
        return [SessionRow.from_row(row) for row in rows]

    def sessions_of(self, person_id: UUID) -> list[SessionRow]:
        """Sessions the person provides or booked for their service, cancelled ones too."""
        return self._select("provider_id = ? OR booked_by = ?", (str(person_id), str(person_id)))

    def confirmed_starting(self, after: datetime, until: datetime) -> list[SessionRow]:
        return self._select(
            "status = 'confirmed' AND start_at > ? AND start_at <= ?",
            (instant(after), instant(until)),
        )

    def holds_expired(self, now: datetime) -> list[SessionRow]:
        return self._select("status = 'held' AND hold_until <= ?", (instant(now),))

    def ended_between(self, after: datetime, until: datetime) -> list[SessionRow]:
        """Confirmed sessions ending in ``(after, until]``, recorded or not."""
        return self._select(
            "status = 'confirmed' AND end_at > ? AND end_at <= ?",
            (instant(after), instant(until)),
        )
