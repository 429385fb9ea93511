"""Engagements: an approved request commissioned from one expert, with an hours allowance."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import AllowanceExceeded, IllegalTransition, InvalidInput, SlotUnavailable
from domain.hours import describe_minutes
from domain.lifecycle import require_state
from domain.time import london_date
from domain.validation import reason_text, whole_number

MAX_ALLOWANCE_MINUTES = 200 * 60


class EngagementState(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CLOSED = "closed"


class Reservation(TypedDict):
    minutes: int
    start: datetime


def check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise InvalidInput("the end of the period must be on or after its start", field="ends_on")


def check_allowance(minutes: int) -> int:
    return whole_number(
        minutes,
        "the allowance",
        field="allowance_hours",  # the service's argument, in hours
        low=15,
        high=MAX_ALLOWANCE_MINUTES,
        unit="minutes",
    )


class Engagement(Aggregate):
    """An expert commissioned for a service: hours allowed, booked and used, in a period.

    Each booking for the engagement reserves its minutes here in the same atomic save as the
    booking itself, so booked hours can never pass the allowance (rule 2).
    """

    TOPIC = "expertbank:Engagement"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:Engagement.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:Engagement.Created"

    @classmethod
    def commission(
        cls,
        *,
        actor: UUID,
        at: datetime,
        request_id: UUID,
        service_id: UUID,
        expert_id: UUID,
        theme_id: UUID,
        allowance_minutes: int,
        starts_on: date,
        ends_on: date,
    ) -> Engagement:
        check_period(starts_on, ends_on)
        if ends_on < london_date(at):
            raise InvalidInput("the period must not end in the past", field="ends_on")
        return cls(
            actor=actor,
            timestamp=at,
            request_id=request_id,
            service_id=service_id,
            expert_id=expert_id,
            theme_id=theme_id,
            allowance_minutes=check_allowance(allowance_minutes),
            starts_on=starts_on,
            ends_on=ends_on,
        )

    @event("Commissioned", topic="expertbank:Engagement.Commissioned")
    def __init__(
        self,
        actor: UUID,
        timestamp: datetime,
        request_id: UUID,
        service_id: UUID,
        expert_id: UUID,
        theme_id: UUID,
        allowance_minutes: int,
        starts_on: date,
        ends_on: date,
    ) -> None:
        self.request_id = request_id
        self.service_id = service_id
        self.expert_id = expert_id
        self.theme_id = theme_id
        self.allowance_minutes = allowance_minutes
        self.starts_on = starts_on
        self.ends_on = ends_on
        self.state = EngagementState.ACTIVE.value
        self.reservations: dict[str, Reservation] = {}
        self.used: dict[str, int] = {}

    @property
    def booked_minutes(self) -> int:
        return sum(r["minutes"] for r in self.reservations.values())

    @property
    def used_minutes(self) -> int:
        return sum(self.used.values())

    @property
    def minutes_left(self) -> int:
        return self.allowance_minutes - self.booked_minutes

    def _require_active(self, action: str) -> None:
        require_state("an engagement", self.state, {EngagementState.ACTIVE}, action)

    def change_allowance(
        self, *, actor: UUID, at: datetime, allowance_minutes: int, ends_on: date
    ) -> None:
        self._require_active("change the allowance of")
        check_allowance(allowance_minutes)
        check_period(self.starts_on, ends_on)
        if allowance_minutes < self.booked_minutes:
            raise AllowanceExceeded(
                f"{describe_minutes(self.booked_minutes)} are already booked: the allowance "
                "cannot be less than that",
                field="allowance_hours",
            )
        late = [r for r in self.reservations.values() if london_date(r["start"]) > ends_on]
        if late:
            first = min(london_date(r["start"]) for r in late)
            raise InvalidInput(
                f"a session is booked on {first:%-d %B %Y}, after that end date", field="ends_on"
            )
        self._allowance_changed(
            actor=actor, timestamp=at, allowance_minutes=allowance_minutes, ends_on=ends_on
        )

    @event("AllowanceChanged", topic="expertbank:Engagement.AllowanceChanged")
    def _allowance_changed(
        self, actor: UUID, timestamp: datetime, allowance_minutes: int, ends_on: date
    ) -> None:
        self.allowance_minutes = allowance_minutes
        self.ends_on = ends_on

    def reserve(
        self, *, actor: UUID, at: datetime, booking_id: UUID, minutes: int, start: datetime
    ) -> None:
        """Draw ``minutes`` for a booking (again, when it moves) from the allowance."""
        self._require_active("book a session for")
        day = london_date(start)
        if not self.starts_on <= day <= self.ends_on:
            raise SlotUnavailable(
                f"the engagement runs from {self.starts_on:%-d %B %Y} to "
                f"{self.ends_on:%-d %B %Y}: choose a time in that period",
                field="start",
            )
        previous = self.reservations.get(str(booking_id), {"minutes": 0})["minutes"]
        if self.booked_minutes - previous + minutes > self.allowance_minutes:
            left = self.minutes_left + previous
            raise AllowanceExceeded(
                f"only {describe_minutes(left)} left of the "
                f"{describe_minutes(self.allowance_minutes)} allowance: this session needs "
                f"{describe_minutes(minutes)}"
            )
        self._hours_reserved(
            actor=actor, timestamp=at, booking_id=booking_id, minutes=minutes, start=start
        )

    @event("HoursReserved", topic="expertbank:Engagement.HoursReserved")
    def _hours_reserved(
        self, actor: UUID, timestamp: datetime, booking_id: UUID, minutes: int, start: datetime
    ) -> None:
        self.reservations[str(booking_id)] = {"minutes": minutes, "start": start}

    def release(self, *, actor: UUID, at: datetime, booking_id: UUID) -> None:
        """Give back a cancelled or lapsed booking's minutes (nothing if it held none)."""
        if str(booking_id) in self.reservations:
            self._hours_released(actor=actor, timestamp=at, booking_id=booking_id)

    @event("HoursReleased", topic="expertbank:Engagement.HoursReleased")
    def _hours_released(self, actor: UUID, timestamp: datetime, booking_id: UUID) -> None:
        del self.reservations[str(booking_id)]

    def record_use(self, *, actor: UUID, at: datetime, booking_id: UUID, minutes: int) -> None:
        if str(booking_id) not in self.reservations:
            raise InvalidInput("that booking draws nothing from this engagement")
        self._hours_used(actor=actor, timestamp=at, booking_id=booking_id, minutes=minutes)

    @event("HoursUsed", topic="expertbank:Engagement.HoursUsed")
    def _hours_used(self, actor: UUID, timestamp: datetime, booking_id: UUID, minutes: int) -> None:
        self.used[str(booking_id)] = minutes

    def _refuse_if_sessions_to_come(self, at: datetime, action: str) -> None:
        waiting = sorted(
            r["start"]
            for key, r in self.reservations.items()
            if r["start"] > at and key not in self.used
        )
        if waiting:
            raise IllegalTransition(
                f"cannot {action} the engagement: a session on {london_date(waiting[0]):%-d %B %Y}"
                " is still to come; cancel it first"
            )

    def complete(self, *, actor: UUID, at: datetime) -> None:
        self._require_active("complete")
        self._refuse_if_sessions_to_come(at, "complete")
        self._completed(actor=actor, timestamp=at)

    @event("Completed", topic="expertbank:Engagement.Completed")
    def _completed(self, actor: UUID, timestamp: datetime) -> None:
        self.state = EngagementState.COMPLETED.value

    def close(self, *, actor: UUID, at: datetime, reason: str) -> None:
        self._require_active("close")
        self._refuse_if_sessions_to_come(at, "close")
        self._closed(
            actor=actor,
            timestamp=at,
            reason=reason_text(reason),
        )

    @event("Closed", topic="expertbank:Engagement.Closed")
    def _closed(self, actor: UUID, timestamp: datetime, reason: str) -> None:
        self.state = EngagementState.CLOSED.value
