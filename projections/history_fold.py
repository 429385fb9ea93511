"""The state of bookings, engagements and requests, moved on by their history rows one at
a time: the same rows a history's sentences come from, so that "as of" a moment shows
exactly what the events up to then had made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.bookings import was_declined
from infrastructure.database import Row
from projections.registry import Names
from projections.sentences import actor_name, describe

FOLLOWED = ("booking_id", "engagement_id", "request_id")


@dataclass(frozen=True)
class HistoryEntry:
    """One event, told as a sentence, with who did it and when."""

    position: int
    at: datetime
    actor_id: UUID
    actor_name: str
    kind: str
    sentence: str
    aggregate_id: UUID
    booking_id: UUID | None
    engagement_id: UUID | None
    request_id: UUID | None
    service_id: UUID | None


@dataclass
class BookingState:
    booking_id: UUID
    service_id: UUID
    provider_id: UUID
    engagement_id: UUID | None
    theme_id: UUID
    start: datetime
    end: datetime
    minutes: int
    status: str
    sequence: int = 0
    outcome: str | None = None
    rating: int | None = None
    reason: str = ""
    declined: bool = False


@dataclass
class EngagementState:
    engagement_id: UUID
    request_id: UUID
    service_id: UUID
    expert_id: UUID
    theme_id: UUID
    allowance_minutes: int
    starts_on: date
    ends_on: date
    state: str = "active"
    booked_minutes: int = 0
    used_minutes: int = 0


@dataclass
class RequestState:
    request_id: UUID
    service_id: UUID
    theme_id: UUID
    hours_hoped: int | float
    submitted_at: datetime
    state: str = "submitted"
    reason: str = ""
    engagement_id: UUID | None = None


class Fold:
    """States of bookings, engagements and requests, moved on event by event."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.bookings: dict[UUID, BookingState] = {}
        self.engagements: dict[UUID, EngagementState] = {}
        self.requests: dict[UUID, RequestState] = {}

    def apply(self, row: Row, shown: bool) -> HistoryEntry | None:
        data: dict[str, Any] = row["data_parsed"]
        aggregate_id = UUID(row["aggregate_id"])
        kind: str = row["kind"]
        before = self._state_of(kind, aggregate_id)
        sentence = describe(kind, data, row, before, self) if shown else ""
        self._move(kind, aggregate_id, data, datetime.fromisoformat(row["at"]))
        if not shown:
            return None
        return HistoryEntry(
            position=row["position"],
            at=datetime.fromisoformat(row["at"]),
            actor_id=UUID(row["actor_id"]),
            actor_name=actor_name(self.names, UUID(row["actor_id"])),
            kind=kind,
            sentence=sentence,
            aggregate_id=aggregate_id,
            **{column: _uuid(row[column]) for column in (*FOLLOWED, "service_id")},
        )

    def _state_of(self, kind: str, aggregate_id: UUID) -> Any:
        if kind.startswith("Booking."):
            return self.bookings.get(aggregate_id)
        if kind.startswith("Engagement."):
            return self.engagements.get(aggregate_id)
        if kind.startswith("ExpressionOfInterest."):
            return self.requests.get(aggregate_id)
        return None

    def _move(self, kind: str, aggregate_id: UUID, d: dict[str, Any], at: datetime) -> None:
        aggregate, _, event = kind.partition(".")
        if aggregate == "Booking":
            self._move_booking(event, aggregate_id, d)
        elif aggregate == "Engagement":
            self._move_engagement(event, aggregate_id, d)
        elif aggregate == "ExpressionOfInterest":
            self._move_request(event, aggregate_id, d, at)

    def _move_booking(self, event: str, booking_id: UUID, d: dict[str, Any]) -> None:
        if event == "Booked":
            start, end = datetime.fromisoformat(d["start"]), datetime.fromisoformat(d["end"])
            self.bookings[booking_id] = BookingState(
                booking_id=booking_id,
                service_id=UUID(d["service_id"]),
                provider_id=UUID(d["provider_id"]),
                engagement_id=_uuid(d["engagement_id"]),
                theme_id=UUID(d["theme_id"]),
                start=start,
                end=end,
                minutes=int((end - start).total_seconds() // 60),
                status="held" if d["hold_until"] else "confirmed",
            )
            return
        booking = self.bookings.get(booking_id)
        if booking is None:
            return
        if event == "HoldConfirmed":
            booking.status = "confirmed"
        elif event == "Rescheduled":
            booking.start = datetime.fromisoformat(d["start"])
            booking.end = datetime.fromisoformat(d["end"])
            booking.minutes = int((booking.end - booking.start).total_seconds() // 60)
            booking.sequence += 1
        elif event in ("Cancelled", "Lapsed"):
            booking.declined = event == "Cancelled" and was_declined(booking.status, d["side"])
            booking.status = event.lower()
            booking.reason = d.get("reason", "")
            booking.sequence += 1
        elif event == "SessionRecorded":
            booking.outcome = d["outcome"]
        elif event == "FeedbackGiven":
            booking.rating = d["rating"]

    def count_hours(self) -> None:
        """Hours booked and used of each engagement, from its bookings as they stand."""
        for state in self.engagements.values():
            state.booked_minutes = state.used_minutes = 0
        for booking in self.bookings.values():
            if booking.engagement_id is None or booking.status not in ("held", "confirmed"):
                continue
            engagement = self.engagements.get(booking.engagement_id)
            if engagement is not None:
                engagement.booked_minutes += booking.minutes
                if booking.outcome == "held":
                    engagement.used_minutes += booking.minutes

    def _move_engagement(self, event: str, engagement_id: UUID, d: dict[str, Any]) -> None:
        if event == "Commissioned":
            self.engagements[engagement_id] = EngagementState(
                engagement_id=engagement_id,
                request_id=UUID(d["request_id"]),
                service_id=UUID(d["service_id"]),
                expert_id=UUID(d["expert_id"]),
                theme_id=UUID(d["theme_id"]),
                allowance_minutes=d["allowance_minutes"],
                starts_on=date.fromisoformat(d["starts_on"]),
                ends_on=date.fromisoformat(d["ends_on"]),
            )
            return
        engagement = self.engagements.get(engagement_id)
        if engagement is None:
            return
        if event == "AllowanceChanged":
            engagement.allowance_minutes = d["allowance_minutes"]
            engagement.ends_on = date.fromisoformat(d["ends_on"])
        elif event in ("Completed", "Closed"):
            engagement.state = event.lower()

    def _move_request(self, event: str, request_id: UUID, d: dict[str, Any], at: datetime) -> None:
        if event == "Submitted":
            self.requests[request_id] = RequestState(
                request_id=request_id,
                service_id=UUID(d["service_id"]),
                theme_id=UUID(d["theme_id"]),
                hours_hoped=d["hours_hoped"],
                submitted_at=at,
            )
            return
        request = self.requests.get(request_id)
        if request is None:
            return
        request.state = event.lower()
        request.reason = d.get("reason", request.reason)
        if event == "Matched":
            request.engagement_id = UUID(d["engagement_id"])


def _uuid(value: str | None) -> UUID | None:
    return UUID(value) if value else None
