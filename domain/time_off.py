"""Time off: London days, or part of them, on which a provider takes no bookings."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInput
from domain.lifecycle import require_state
from domain.time import TimeRange, london_day, london_days, london_instant, parse_wall_time
from domain.validation import text

MAX_TIME_OFF_DAYS = 366


class TimeOffStatus(StrEnum):
    BOOKED = "booked"
    REMOVED = "removed"


def time_off_span(
    first_day: date, last_day: date, from_time: str | None = None, until_time: str | None = None
) -> TimeRange:
    """The instants time off covers: from ``from_time`` on the first day (its start if
    None) until ``until_time`` on the last day (its end if None), London wall-clock times."""
    if last_day < first_day:
        raise InvalidInput("the last day must be on or after the first day", field="last_day")
    from_time = _wall(from_time, "the start time", "from_time")
    until_time = _wall(until_time, "the end time", "until_time")
    start = london_day(first_day).start
    if from_time:
        start = _instant(first_day, from_time, "from_time")
    end = london_day(last_day).end
    if until_time:
        end = _instant(last_day, until_time, "until_time")
    if end <= start:
        raise InvalidInput("the time off must end after it starts", field="until_time")
    return TimeRange(start, end)


def _instant(day: date, wall: str, field: str) -> datetime:
    instant = london_instant(day, time.fromisoformat(wall))
    if instant is None:
        raise InvalidInput(
            "that time does not exist in the UK on that day (the clocks go forward)", field=field
        )
    return instant


def _wall(value: str | None, label: str, field: str) -> str | None:
    """A wall-clock time as ``HH:MM``, or None for none given."""
    if value is None or not str(value).strip():
        return None
    parsed: time = parse_wall_time(str(value).strip(), label, field=field)
    return parsed.strftime("%H:%M")


class TimeOff(Aggregate):
    """A run of days off, or part of a day (``from_time`` on the first day, ``until_time``
    on the last, in London wall-clock time). What it covers of each day is also blocked in
    the provider's diary for that day (in the same save), which is what stops bookings;
    bookings already there are named, kept."""

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
        from_time: str | None = None,
        until_time: str | None = None,
    ) -> TimeOff:
        from_time = _wall(from_time, "the start time", "from_time")
        until_time = _wall(until_time, "the end time", "until_time")
        time_off_span(first_day, last_day, from_time, until_time)
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
            from_time=from_time,
            until_time=until_time,
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
        from_time: str | None = None,
        until_time: str | None = None,
    ) -> None:
        self.provider_id = provider_id
        self.first_day = first_day
        self.last_day = last_day
        self.from_time = from_time
        self.until_time = until_time
        self.status = TimeOffStatus.BOOKED.value

    @property
    def span(self) -> TimeRange:
        return time_off_span(self.first_day, self.last_day, self.from_time, self.until_time)

    def day_parts(self) -> list[tuple[date, TimeRange]]:
        """What it covers of each London day it touches."""
        return day_parts(self.span, self.first_day, self.last_day)

    def remove(self, *, actor: UUID, at: datetime) -> None:
        require_state("time off", self.status, {TimeOffStatus.BOOKED}, "remove")
        self._removed(actor=actor, timestamp=at)

    @event("Removed", topic="expertbank:TimeOff.Removed")
    def _removed(self, actor: UUID, timestamp: datetime) -> None:
        self.status = TimeOffStatus.REMOVED.value


def day_parts(span: TimeRange, first_day: date, last_day: date) -> list[tuple[date, TimeRange]]:
    """``span`` cut at London midnights: what it covers of each of the days from
    ``first_day`` to ``last_day`` (a day it does not reach is left out)."""
    parts = []
    for day in london_days(first_day, last_day):
        whole = london_day(day)
        start, end = max(whole.start, span.start), min(whole.end, span.end)
        if start < end:
            parts.append((day, TimeRange(start, end)))
    return parts
