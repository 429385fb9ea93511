"""Time off: whole London days on which a provider takes no bookings."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInput
from domain.lifecycle import require_state
from domain.validation import text

MAX_TIME_OFF_DAYS = 366


class TimeOffStatus(StrEnum):
    BOOKED = "booked"
    REMOVED = "removed"


class TimeOff(Aggregate):
    """A run of days off. Each day is also blocked in the provider's diary for that day (in
    the same save), which is what stops bookings; bookings already there are named, kept."""

    TOPIC = "expertbank:TimeOff"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:TimeOff.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:TimeOff.Created"

    @classmethod
    def add(
        cls,
        *,
        actor: UUID,
        at: datetime,
        provider_id: UUID,
        first_day: date,
        last_day: date,
        note: str,
        bookings_kept: list[UUID],
    ) -> TimeOff:
        if last_day < first_day:
            raise InvalidInput("the last day must be on or after the first day", field="last_day")
        if (last_day - first_day).days >= MAX_TIME_OFF_DAYS:
            raise InvalidInput(
                f"time off can be at most {MAX_TIME_OFF_DAYS} days at once", field="last_day"
            )
        return cls(
            actor=actor,
            timestamp=at,
            provider_id=provider_id,
            first_day=first_day,
            last_day=last_day,
            note=text(note, "the note", field="note", max_length=500, required=False),
            bookings_kept=bookings_kept,
        )

    @event("Added", topic="expertbank:TimeOff.Added")
    def __init__(
        self,
        actor: UUID,
        timestamp: datetime,
        provider_id: UUID,
        first_day: date,
        last_day: date,
        note: str,
        bookings_kept: list[UUID],
    ) -> None:
        self.provider_id = provider_id
        self.first_day = first_day
        self.last_day = last_day
        self.status = TimeOffStatus.BOOKED.value

    def remove(self, *, actor: UUID, at: datetime) -> None:
        require_state("time off", self.status, {TimeOffStatus.BOOKED}, "remove")
        self._removed(actor=actor, timestamp=at)

    @event("Removed", topic="expertbank:TimeOff.Removed")
    def _removed(self, actor: UUID, timestamp: datetime) -> None:
        self.status = TimeOffStatus.REMOVED.value
