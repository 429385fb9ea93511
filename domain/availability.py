"""Availability: windows of time an expert or peer publishes, and the slots cut from them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInput, SlotUnavailable
from domain.lifecycle import require_state
from domain.time import (
    LONDON,
    LONGEST_HORIZON,
    TimeRange,
    as_utc,
    london_date,
    london_days,
    london_instant,
    parse_wall_time,
)
from domain.validation import ids, text, whole_number

MAX_ONE_OFF_LENGTH = timedelta(days=14)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class WindowKind(StrEnum):
    ONE_OFF = "one_off"
    WEEKLY = "weekly"


class Mode(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"


@dataclass(frozen=True)
class WindowSpec:
    """What a window offers and when. Weekly windows are in London wall-clock time, so their
    slots keep their local times across clock changes; one-off windows are instants."""

    kind: str
    session_minutes: int
    buffer_minutes: int
    notice_minutes: int
    horizon_days: int
    theme_ids: list[UUID]
    mode: str
    location: str
    seats: int
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    weekday: int | None = None
    start_time: str | None = None
    end_time: str | None = None
    first_date: date | None = None
    last_date: date | None = None

    @classmethod
    def one_off(cls, *, starts_at: datetime, ends_at: datetime, **terms: Any) -> WindowSpec:
        start = as_utc(starts_at, "the start", field="starts_at")
        end = as_utc(ends_at, "the end", field="ends_at")
        if end - start > MAX_ONE_OFF_LENGTH:
            raise InvalidInput("a one-off window can be at most 14 days long", field="ends_at")
        return cls(
            kind=WindowKind.ONE_OFF.value, starts_at=start, ends_at=end, **_valid_terms(**terms)
        ).checked()

    @classmethod
    def weekly(
        cls,
        *,
        weekday: int,
        start_time: str,
        end_time: str,
        first_date: date,
        last_date: date | None = None,
        **terms: Any,
    ) -> WindowSpec:
        whole_number(weekday, "the weekday", field="weekday", low=0, high=6)
        begin = parse_wall_time(start_time, "the start time", field="start_time")
        finish = parse_wall_time(end_time, "the end time", field="end_time")
        if last_date is not None and last_date < first_date:
            raise InvalidInput(
                "the last date must be on or after the first date", field="last_date"
            )
        return cls(
            kind=WindowKind.WEEKLY.value,
            weekday=weekday,
            start_time=begin.strftime("%H:%M"),
            end_time=finish.strftime("%H:%M"),
            first_date=first_date,
            last_date=last_date,
            **_valid_terms(**terms),
        ).checked()

    def checked(self) -> WindowSpec:
        """Refuse a window too short to hold even one session."""
        length = timedelta(minutes=self.session_minutes)
        if self.kind == WindowKind.ONE_OFF:
            assert self.starts_at and self.ends_at
            fits = self.ends_at - self.starts_at >= length
        else:
            begin, finish = self._wall_times()
            fits = _minutes_of(finish) - _minutes_of(begin) >= self.session_minutes
        if not fits:
            raise InvalidInput(
                "the window must end after its start, with room for at least "
                f"one {self.session_minutes}-minute session",
                field="ends_at" if self.kind == WindowKind.ONE_OFF else "end_time",
            )
        return self

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WindowSpec:
        return cls(**data)

    @property
    def is_group(self) -> bool:
        return self.seats > 1

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)

    def _wall_times(self) -> tuple[time, time]:
        assert self.start_time and self.end_time
        return time.fromisoformat(self.start_time), time.fromisoformat(self.end_time)

    def last_day(self) -> date | None:
        """The last London date with a slot, or None for a weekly window without end."""
        if self.kind == WindowKind.ONE_OFF:
            assert self.ends_at
            return london_date(self.ends_at)
        return self.last_date

    def days_between(self, first: date, last: date) -> list[date]:
        """The London dates from ``first`` to ``last`` on which the window has slots."""
        if self.kind == WindowKind.ONE_OFF:
            assert self.starts_at and self.ends_at
            start, end = london_date(self.starts_at), london_date(self.ends_at)
            return list(london_days(max(first, start), min(last, end)))
        assert self.first_date is not None
        if self.last_date is not None:
            last = min(last, self.last_date)
        days = london_days(max(first, self.first_date), last)
        return [day for day in days if day.weekday() == self.weekday]

    def slots(self, start: datetime, end: datetime) -> Iterator[TimeRange]:
        """Every slot of the window starting in ``[start, end)``, in order."""
        if self.kind == WindowKind.ONE_OFF:
            yield from (s for s in self._one_off_slots() if start <= s.start < end)
            return
        assert self.first_date is not None
        first = max(self.first_date, london_date(start))
        last = london_date(end)
        if self.last_date is not None:
            last = min(last, self.last_date)
        for day in london_days(first, last):
            if day.weekday() == self.weekday:
                yield from (s for s in self._slots_on(day) if start <= s.start < end)

    def _one_off_slots(self) -> Iterator[TimeRange]:
        assert self.starts_at and self.ends_at
        length, step = timedelta(minutes=self.session_minutes), self._step()
        slot_start = self.starts_at
        while slot_start + length <= self.ends_at:
            yield TimeRange(slot_start, slot_start + length)
            slot_start += step

    def _slots_on(self, day: date) -> Iterator[TimeRange]:
        begin, finish = self._wall_times()
        length, step = timedelta(minutes=self.session_minutes), self._step()
        wall = datetime.combine(day, begin)
        while wall + length <= datetime.combine(day, finish):
            instant = london_instant(day, wall.time())
            if instant is not None:
                yield TimeRange(instant, instant + length)
            wall += step

    def _step(self) -> timedelta:
        return timedelta(minutes=self.session_minutes + self.buffer_minutes)

    def slot_at(self, start: datetime) -> TimeRange:
        """The slot starting exactly at ``start``, or SlotUnavailable naming why not."""
        start = as_utc(start, "the start", field="start")
        if self.kind == WindowKind.ONE_OFF:
            found = next(self.slots(start, start + timedelta(microseconds=1)), None)
        else:
            found = self._weekly_slot_at(start)
        if found is None:
            raise SlotUnavailable("that time is not one of the window's slots", field="start")
        return found

    def _weekly_slot_at(self, start: datetime) -> TimeRange | None:
        """The slot ``slots`` gives at ``start``, worked out rather than found among the
        day's (every booking asks): one on ``start``'s London day, at a wall-clock time a
        whole number of steps from the window's start time, ending by its end time, and
        whose instant is ``start`` (not the hour the clocks skip, nor the second of the
        hour that happens twice)."""
        assert self.first_date is not None
        local = start.astimezone(LONDON)
        day = local.date()
        if day.weekday() != self.weekday or day < self.first_date:
            return None
        if self.last_date is not None and day > self.last_date:
            return None
        begin, finish = self._wall_times()
        wall = local.replace(tzinfo=None, fold=0)
        since_begin = wall - datetime.combine(day, begin)
        length = timedelta(minutes=self.session_minutes)
        if since_begin < timedelta(0) or since_begin % self._step():
            return None
        if wall + length > datetime.combine(day, finish):
            return None
        if london_instant(day, wall.time()) != start:
            return None
        return TimeRange(start, start + length)

    def check_bookable(self, slot: TimeRange, now: datetime, *, notice: bool = True) -> None:
        """Refuse a slot in the past, inside the minimum notice (unless ``notice`` is False:
        the provider moving their own session) or beyond the horizon."""
        if slot.start <= now:
            raise SlotUnavailable("that time has passed", field="start")
        if notice and slot.start < now + timedelta(minutes=self.notice_minutes):
            raise SlotUnavailable(
                f"this provider needs {_describe_notice(self.notice_minutes)}' notice",
                field="start",
            )
        if slot.start > now + timedelta(days=self.horizon_days):
            raise SlotUnavailable(
                f"this provider takes bookings up to {self.horizon_days} days ahead", field="start"
            )

    def describe(self) -> str:
        if self.kind == WindowKind.ONE_OFF:
            assert self.starts_at
            return f"one-off window from {self.starts_at.isoformat()}"
        assert self.weekday is not None
        return f"{WEEKDAYS[self.weekday]}s {self.start_time}-{self.end_time}"


def _minutes_of(wall: time) -> int:
    return wall.hour * 60 + wall.minute


def _describe_notice(minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day" if days == 1 else f"{days} days"
    if minutes % 60 == 0:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"


def _valid_terms(
    *,
    session_minutes: int,
    buffer_minutes: int,
    notice_minutes: int,
    horizon_days: int,
    theme_ids: Iterable[UUID],
    mode: str,
    location: str,
    seats: int = 1,
) -> dict[str, Any]:
    try:
        mode = Mode(mode).value
    except ValueError:
        raise InvalidInput("choose online or in person", field="mode") from None
    where = text(
        location,
        "the place" if mode == Mode.IN_PERSON else "the online link",
        field="location",
        max_length=300,
        required=mode == Mode.IN_PERSON,
    )
    return {
        "session_minutes": whole_number(
            session_minutes,
            "the session length",
            field="session_minutes",
            low=15,
            high=480,
            unit="minutes",
        ),
        "buffer_minutes": whole_number(
            buffer_minutes,
            "the gap between sessions",
            field="buffer_minutes",
            low=0,
            high=240,
            unit="minutes",
        ),
        "notice_minutes": whole_number(
            notice_minutes,
            "the minimum notice",
            field="notice_minutes",
            low=0,
            high=60 * 24 * 60,
            unit="minutes",
        ),
        "horizon_days": whole_number(
            horizon_days,
            "the booking horizon",
            field="horizon_days",
            low=1,
            high=LONGEST_HORIZON.days,
            unit="days",
        ),
        "theme_ids": ids(theme_ids, "theme", field="theme_ids"),
        "mode": mode,
        "location": where,
        "seats": whole_number(seats, "the number of seats", field="seats", low=1, high=200),
    }


class WindowStatus(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class AvailabilityWindow(Aggregate):
    """A window of an expert's or peer's time from which services book slots.

    Changing or withdrawing a window never cancels what is booked: the bookings it no longer
    covers stay confirmed and are named in the event (``bookings_kept``) and to the provider.
    """

    TOPIC = "expertbank:AvailabilityWindow"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:AvailabilityWindow.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:AvailabilityWindow.Created"

    @classmethod
    def publish(
        cls, *, actor: UUID, at: datetime, provider_id: UUID, spec: WindowSpec
    ) -> AvailabilityWindow:
        _refuse_past(spec, at)
        return cls(actor=actor, timestamp=at, provider_id=provider_id, spec=spec.as_dict())

    @event("Published", topic="expertbank:AvailabilityWindow.Published")
    def __init__(
        self, actor: UUID, timestamp: datetime, provider_id: UUID, spec: dict[str, Any]
    ) -> None:
        self.provider_id = provider_id
        self.spec = WindowSpec.from_dict(spec)
        self.status = WindowStatus.PUBLISHED.value
        self.max_horizon_days = self.spec.horizon_days
        self.specs_offered = [self.spec]

    @property
    def is_published(self) -> bool:
        return self.status == WindowStatus.PUBLISHED

    def change(
        self, *, actor: UUID, at: datetime, spec: WindowSpec, bookings_kept: Iterable[UUID]
    ) -> None:
        require_state("a window", self.status, {WindowStatus.PUBLISHED}, "change")
        _refuse_past(spec, at)
        self._changed(
            actor=actor, timestamp=at, spec=spec.as_dict(), bookings_kept=list(bookings_kept)
        )

    @event("Changed", topic="expertbank:AvailabilityWindow.Changed")
    def _changed(
        self, actor: UUID, timestamp: datetime, spec: dict[str, Any], bookings_kept: list[UUID]
    ) -> None:
        self.spec = WindowSpec.from_dict(spec)
        self.max_horizon_days = max(self.max_horizon_days, self.spec.horizon_days)
        if self.spec not in self.specs_offered:
            self.specs_offered.append(self.spec)

    def withdraw(self, *, actor: UUID, at: datetime, bookings_kept: Iterable[UUID]) -> None:
        require_state("a window", self.status, {WindowStatus.PUBLISHED}, "withdraw")
        self._withdrawn(actor=actor, timestamp=at, bookings_kept=list(bookings_kept))

    @event("Withdrawn", topic="expertbank:AvailabilityWindow.Withdrawn")
    def _withdrawn(self, actor: UUID, timestamp: datetime, bookings_kept: list[UUID]) -> None:
        self.status = WindowStatus.WITHDRAWN.value

    def offered_slot(self, start: datetime, now: datetime) -> TimeRange:
        """The bookable slot at ``start``, or SlotUnavailable naming the reason."""
        if not self.is_published:
            raise SlotUnavailable("that availability has been withdrawn", field="window_id")
        slot = self.spec.slot_at(start)
        self.spec.check_bookable(slot, now)
        return slot

    def days_with_possible_bookings(self, today: date) -> list[date]:
        """London dates from ``today`` on which a booking from this window may exist: the
        days any version of the window offered, up to the longest horizon it has had."""
        last = today + timedelta(days=self.max_horizon_days)
        return sorted(
            {day for spec in self.specs_offered for day in spec.days_between(today, last)}
        )


def _refuse_past(spec: WindowSpec, at: datetime) -> None:
    last = spec.last_day()
    if spec.kind == WindowKind.ONE_OFF:
        assert spec.ends_at
        if spec.ends_at <= at:
            raise InvalidInput("the window is in the past", field="ends_at")
    elif last is not None and last < london_date(at):
        raise InvalidInput("the last date is in the past", field="last_date")
