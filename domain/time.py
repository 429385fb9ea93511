"""Instants, London wall-clock time and time ranges.

Events hold instants in UTC. People think in Europe/London local time, so conversions
live here, and so does the one subtle case: wall-clock times that do not exist (the
spring-forward hour) are reported as ``None`` rather than silently shifted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import InvalidInput

LONDON = ZoneInfo("Europe/London")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
"""The days the programme can speak of. Any other is a slip of the keyboard, and the far ends
of the calendar (years 1 and 9999) cannot be turned into instants in every zone."""


def check_day(value: date, label: str, *, field: str | None = None) -> date:
    """``value``, if it is one of the days the programme can speak of."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidInput(
            f"{label} must be in a year from {FIRST_DAY.year} to {LAST_DAY.year}", field=field
        )
    return value


def as_utc(value: datetime, label: str = "the time", *, field: str | None = None) -> datetime:
    """Return ``value`` in UTC. A naive datetime is refused, since its meaning is unknown,
    and so is a wall-clock time its zone skips (the hour the clocks go forward), which
    would otherwise be silently moved by an hour. ``label`` names it in the message,
    ``field`` is the argument it came from."""
    if value.tzinfo is UTC:  # already an instant, and UTC skips no hour (the quick way)
        check_day(value.date(), label, field=field)
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{label} must include a time zone", field=field)
    check_day(value.date(), label, field=field)
    instant = value.astimezone(UTC)
    if instant.astimezone(value.tzinfo).replace(tzinfo=None) != value.replace(tzinfo=None):
        raise InvalidInput(
            f"{label} {value:%H:%M} on {value:%-d %B %Y} does not exist in {value.tzinfo}: "
            "the clocks go forward then",
            field=field,
        )
    return instant


def london_date(instant: datetime) -> date:
    """The Europe/London calendar date on which ``instant`` falls."""
    return instant.astimezone(LONDON).date()


def london_instant(day: date, wall: time) -> datetime | None:
    """The UTC instant of a London wall-clock time, or None if that time does not exist.

    Ambiguous times (the autumn hour that happens twice) resolve to the first occurrence.
    """
    local = datetime.combine(day, wall, tzinfo=LONDON)
    instant = local.astimezone(UTC)
    if instant.astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def happens_twice(day: date, wall: time) -> bool:
    """Whether this London wall-clock time comes twice on ``day`` (the hour after 01:00 on
    the day the clocks go back: once in BST, then again in GMT)."""
    first = datetime.combine(day, wall, tzinfo=LONDON)
    first_offset, second_offset = first.utcoffset(), first.replace(fold=1).utcoffset()
    # In a repeated hour the first offset is the larger; in the skipped one, the smaller.
    return first_offset is not None and second_offset is not None and first_offset > second_offset


def london_day(day: date) -> TimeRange:
    """The instants of one London calendar day (23 or 25 hours long on change days)."""
    start = datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)
    return TimeRange(start, end)


def london_days(first: date, last: date) -> Iterator[date]:
    """Every calendar date from ``first`` to ``last`` inclusive."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def parse_wall_time(text: str, label: str, *, field: str) -> time:
    """A wall-clock time given as ``HH:MM``."""
    try:
        return time.fromisoformat(text)
    except (TypeError, ValueError):
        raise InvalidInput(f"{label} must be a time such as 09:30", field=field) from None


def month_key(instant: datetime) -> str:
    """The London calendar month of ``instant``, as ``YYYY-MM``."""
    return london_date(instant).isoformat()[:7]


LONGEST_HORIZON = timedelta(days=365)
"""How far ahead any window takes bookings, at most (``horizon_days``)."""


def months_bookable_from(now: datetime) -> list[str]:
    """The months (``YYYY-MM``) in which sessions can be booked from ``now``: this one and
    those up to the longest horizon."""
    first, last = month_key(now), month_key(now + LONGEST_HORIZON)
    year, month = int(first[:4]), int(first[5:])
    months = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True, order=True)
class TimeRange:
    """A half-open range of instants ``[start, end)``."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidInput("the end must be after the start")

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def overlaps(self, other: TimeRange, gap: timedelta = timedelta(0)) -> bool:
        """True if the ranges come closer than ``gap`` to each other (or overlap)."""
        return self.start < other.end + gap and other.start < self.end + gap

    def widened(self, margin: timedelta) -> TimeRange:
        return TimeRange(self.start - margin, self.end + margin)

    def london_dates(self) -> list[date]:
        """The London dates this range touches (an end exactly at midnight is excluded)."""
        last = london_date(self.end - timedelta(microseconds=1))
        return list(london_days(london_date(self.start), last))
