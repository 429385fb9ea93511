"""What the worker's sweeps read: sessions coming up or just over, holds past their time,
engagements near their end, requests waiting and who the programme staff are. Queries only,
on the bookings, requests and registry views (``projections.read_models``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.people import AccountStatus, Role
from infrastructure.database import Database, Row
from infrastructure.stored_values import instant, marks, to_instant

WAITING_STATES = ("submitted", "shortlisted", "approved")


@dataclass(frozen=True)
class SessionTimes:
    booking_id: UUID
    start: datetime
    end: datetime
    outcome: str | None
    rated: bool


def _session(row: Row) -> SessionTimes:
    return SessionTimes(
        booking_id=UUID(row["booking_id"]),
        start=to_instant(row["starts_at"]),
        end=to_instant(row["ends_at"]),
        outcome=row["outcome"],
        rated=row["rating"] is not None,
    )


class WorklistQueries:
    def __init__(self, views: Database) -> None:
        self.views = views

    def _sessions(self, where: str, params: tuple[str, ...]) -> list[SessionTimes]:
        rows = self.views.query(
            "SELECT booking_id, starts_at, ends_at, outcome, rating FROM {view_bookings}"
            f" WHERE {where} ORDER BY starts_at, booking_id",
            params,
        )
        return [_session(row) for row in rows]

    def confirmed_starting(self, after: datetime, until: datetime) -> list[SessionTimes]:
        return self._sessions(
            "status = 'confirmed' AND starts_at > ? AND starts_at <= ?",
            (instant(after), instant(until)),
        )

    def confirmed_ending(self, after: datetime, until: datetime) -> list[SessionTimes]:
        """Confirmed sessions ending in ``(after, until]``, recorded or not."""
        return self._sessions(
            "status = 'confirmed' AND ends_at > ? AND ends_at <= ?",
            (instant(after), instant(until)),
        )

    def holds_expired(self, now: datetime) -> list[UUID]:
        rows = self.views.query(
            "SELECT booking_id FROM {view_bookings} WHERE status = 'held' AND hold_until <= ?"
            " ORDER BY hold_until, booking_id",
            (instant(now),),
        )
        return [UUID(row["booking_id"]) for row in rows]

    def holds_lapsing(self, now: datetime, until: datetime) -> list[UUID]:
        """Holds still open that lapse by ``until``, soonest first."""
        rows = self.views.query(
            "SELECT booking_id FROM {view_bookings} WHERE status = 'held' AND hold_until > ?"
            " AND hold_until <= ? ORDER BY hold_until, booking_id",
            (instant(now), instant(until)),
        )
        return [UUID(row["booking_id"]) for row in rows]

    def not_recorded(self, now: datetime) -> list[UUID]:
        """Confirmed sessions that have ended and that nobody recorded as held or a
        no-show, longest ago first."""
        rows = self.views.query(
            "SELECT booking_id FROM {view_bookings} WHERE status = 'confirmed'"
            " AND ends_at <= ? AND outcome IS NULL ORDER BY ends_at, booking_id",
            (instant(now),),
        )
        return [UUID(row["booking_id"]) for row in rows]

    def programme_staff(self) -> list[UUID]:
        """Active programme staff, in a stable order."""
        rows = self.views.query(
            "SELECT person_id, roles FROM {view_people} WHERE status = ? ORDER BY person_id",
            (AccountStatus.ACTIVE.value,),
        )
        return [
            UUID(row["person_id"])
            for row in rows
            if Role.PROGRAMME_STAFF.value in row["roles"].split(",")
        ]

    def engagements_ending(self, first: date, last: date) -> list[tuple[UUID, UUID]]:
        """(engagement id, who submitted its request) for active ones ending then."""
        rows = self.views.query(
            "SELECT e.engagement_id, r.submitted_by FROM {view_engagements} e"
            " JOIN {view_requests} r ON r.request_id = e.request_id"
            " WHERE e.state = 'active' AND e.ends_on >= ? AND e.ends_on <= ?"
            " ORDER BY e.ends_on, e.engagement_id",
            (first.isoformat(), last.isoformat()),
        )
        return [(UUID(row["engagement_id"]), UUID(row["submitted_by"])) for row in rows]

    def requests_waiting(self) -> int:
        rows = self.views.query(
            "SELECT COUNT(*) AS n FROM {view_requests}"
            f" WHERE state IN ({marks(len(WAITING_STATES))})",
            WAITING_STATES,
        )
        return int(rows[0]["n"])

    def requests_submitted(self, after: datetime, until: datetime) -> int:
        rows = self.views.query(
            "SELECT COUNT(*) AS n FROM {view_requests}"
            " WHERE submitted_at > ? AND submitted_at <= ?",
            (instant(after), instant(until)),
        )
        return int(rows[0]["n"])
