"""What availability search reads for one London day: the windows that may offer slots
that day, and what already takes the providers' time (live bookings with their buffers
and seats, days off, and minutes a capped peer has committed that month).

Search walks forward day by day and stops when its page is full, so it reads these for
the few days it needs rather than for the whole range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.availability import WindowSpec
from domain.bank_holidays import bank_holiday
from domain.time import TimeRange, london_date, london_day
from infrastructure.database import Database, Row
from infrastructure.stored_values import (
    key,
    marks,
    maybe_to_day,
    maybe_to_instant,
    to_id_list,
    to_instant,
)
from projections.busy import BusyTimes

MAX_BUFFER = timedelta(minutes=240)
MAX_SESSION = timedelta(minutes=480)
LIVE = "('held', 'confirmed')"
BUSY_DAYS = 7


@dataclass(frozen=True)
class Filters:
    """What a search keeps; ``notice`` False offers slots inside a window's minimum notice
    (a provider moving their own session is not held to it)."""

    theme_id: UUID | None = None
    kind: str | None = None
    provider_id: UUID | None = None
    region_id: UUID | None = None
    mode: str | None = None
    exclude_service_id: UUID | None = None
    notice: bool = True
    experts: tuple[UUID, ...] | None = None
    """Only these experts (peers are not limited): those a service can book."""


@dataclass(frozen=True)
class Window:
    """A published window of an active provider, with when its slots may start now."""

    window_id: UUID
    provider: str
    kind: str
    service_id: UUID | None
    region_id: UUID | None
    cap_minutes: int | None
    spec: WindowSpec
    earliest: datetime
    latest: datetime
    holidays_off: str | None
    """The nation whose bank holidays the provider does not work (None: works them)."""

    def slots_on(self, day: TimeRange) -> Iterator[TimeRange]:
        """The window's slots starting that London day, none on a bank holiday off."""
        if self.holidays_off and bank_holiday(london_date(day.start), self.holidays_off):
            return
        begin, end = max(day.start, self.earliest), min(day.end, self.latest)
        if begin < end:
            yield from self.spec.slots(begin, end)


@dataclass(frozen=True)
class Booked:
    """A live booking of a provider, as it takes their time."""

    span: TimeRange
    buffer: timedelta
    group: str | None


@dataclass
class Taken:
    """What takes the providers' time around one day."""

    booked: dict[str, list[Booked]]
    time_off: dict[str, list[TimeRange]]
    committed: dict[tuple[str, str], dict[str, int]]
    busy: dict[str, list[TimeRange]]
    """Busy times from the providers' own calendars, in force now."""


class Windows:
    """Candidate windows for a day: weekly ones on its weekday and dates, one-off ones
    over it, leaving out in SQL those whose notice or horizon rules out the whole day."""

    def __init__(self, views: Database, filters: Filters, now: datetime) -> None:
        self.views = views
        self.filters = filters
        self.now = now

    def on(self, day: date) -> list[Window]:
        bounds = london_day(day)
        minutes_to_end = (bounds.end - self.now).total_seconds() / 60
        days_to_start = (bounds.start - self.now).total_seconds() / 86400
        notice = " AND w.notice_minutes < ?" if self.filters.notice else ""
        return self._read(
            "((w.kind = 'weekly' AND w.weekday = ? AND w.first_date <= ?"
            " AND (w.last_date IS NULL OR w.last_date >= ?))"
            " OR (w.kind = 'one_off' AND w.starts_at < ? AND w.ends_at > ?))"
            f" AND w.horizon_days >= ?{notice}",
            [
                day.weekday(),
                day.isoformat(),
                day.isoformat(),
                _text(bounds.end),
                _text(bounds.start),
                days_to_start,
                *([minutes_to_end] if notice else []),
            ],
        )

    def _read(self, condition: str, params: list[object]) -> list[Window]:
        f = self.filters
        where = ["w.status = 'published'", "p.status = 'active'", condition]
        if f.theme_id is not None:
            where.append(
                "w.window_id IN (SELECT window_id FROM {view_window_themes} WHERE theme_id = ?)"
            )
            params.append(key(f.theme_id))
        if f.kind is not None:
            where.append("p.is_expert = 1" if f.kind == "expert" else "p.is_peer = 1")
        if f.provider_id is not None:
            where.append("w.provider_id = ?")
            params.append(key(f.provider_id))
        if f.region_id is not None:
            where.append("p.is_peer = 1 AND s.region_id = ?")
            params.append(key(f.region_id))
        if f.mode is not None:
            where.append("w.mode = ?")
            params.append(f.mode)
        if f.exclude_service_id is not None:
            where.append("(p.service_id IS NULL OR p.service_id <> ?)")
            params.append(key(f.exclude_service_id))
        if f.experts is not None:
            listed = f" OR w.provider_id IN ({marks(len(f.experts))})" if f.experts else ""
            where.append(f"(p.is_peer = 1{listed})")
            params.extend(key(expert) for expert in f.experts)
        rows = self.views.query(
            "SELECT w.*, p.is_expert, p.service_id, p.cap_minutes, p.nation,"
            " p.works_bank_holidays, s.region_id"
            " FROM {view_windows} w JOIN {view_people} p ON p.person_id = w.provider_id"
            " LEFT JOIN {view_services} s ON s.service_id = p.service_id"
            f" WHERE {' AND '.join(where)}",
            params,
        )
        return [_window(row, f, self.now) for row in rows]


class Occupancy:
    """Reads what takes providers' time, a day at a time; caps a month at a time; busy
    times from their own calendars a week at a time (one query for the days a first page
    usually needs, not one a day)."""

    def __init__(self, views: Database, busy: BusyTimes, now: datetime, first: date) -> None:
        self.views = views
        self.busy = busy
        self.now = now
        self.first = first
        self._committed: dict[tuple[str, str], dict[str, int]] = {}
        self._busy: dict[tuple[str, int], list[TimeRange]] = {}

    def around(self, day: date, windows: Sequence[Window]) -> Taken:
        providers = sorted({w.provider for w in windows})
        capped = sorted({w.provider for w in windows if w.cap_minutes is not None})
        bounds = london_day(day)
        return Taken(
            booked=self._booked(providers, bounds),
            time_off=self._time_off(providers, bounds),
            committed=self._caps(capped, day.strftime("%Y-%m")),
            busy=self._busy_of(providers, day),
        )

    def _busy_of(self, providers: list[str], day: date) -> dict[str, list[TimeRange]]:
        """Busy times in force that a slot starting on ``day`` could come near, by
        provider, read for the whole week of the search that ``day`` is in."""
        week = (day - self.first).days // BUSY_DAYS
        missing = [p for p in providers if (p, week) not in self._busy]
        if missing:
            first = self.first + timedelta(days=week * BUSY_DAYS)
            span = TimeRange(
                london_day(first).start - MAX_BUFFER,
                london_day(first + timedelta(days=BUSY_DAYS - 1)).end + MAX_SESSION + MAX_BUFFER,
            )
            found = self.busy.in_force(missing, span, self.now)
            self._busy.update({(p, week): found.get(p, []) for p in missing})
        return {p: self._busy[(p, week)] for p in providers}

    def _booked(self, providers: list[str], day: TimeRange) -> dict[str, list[Booked]]:
        """Live bookings that a slot starting this day could come within a buffer of."""
        found: dict[str, list[Booked]] = defaultdict(list)
        high, low = _text(day.end + MAX_SESSION + MAX_BUFFER), _text(day.start - MAX_BUFFER)
        for chunk in _chunks(providers):
            rows = self.views.query(
                "SELECT provider_id, starts_at, ends_at, buffer_minutes, group_key, hold_until"
                f" FROM {{view_bookings}} WHERE provider_id IN ({marks(len(chunk))})"
                f" AND starts_at < ? AND ends_at > ? AND status IN {LIVE}",
                [*chunk, high, low],
            )
            for row in rows:
                if not self._live(row):
                    continue
                span = TimeRange(to_instant(row["starts_at"]), to_instant(row["ends_at"]))
                buffer = timedelta(minutes=row["buffer_minutes"])
                found[row["provider_id"]].append(Booked(span, buffer, row["group_key"]))
        return found

    def _time_off(self, providers: list[str], day: TimeRange) -> dict[str, list[TimeRange]]:
        """Time off that a slot starting this day could reach (a late one may run past
        midnight), by provider."""
        found: dict[str, list[TimeRange]] = defaultdict(list)
        high = _text(day.end + MAX_SESSION)
        for chunk in _chunks(providers):
            rows = self.views.query(
                "SELECT provider_id, starts_at, ends_at FROM {view_time_off}"
                f" WHERE provider_id IN ({marks(len(chunk))}) AND starts_at < ?"
                " AND ends_at > ?",
                [*chunk, high, _text(day.start)],
            )
            for row in rows:
                span = TimeRange(to_instant(row["starts_at"]), to_instant(row["ends_at"]))
                found[row["provider_id"]].append(span)
        return found

    def _caps(self, capped: list[str], month: str) -> dict[tuple[str, str], dict[str, int]]:
        """Minutes each capped peer has committed in the month, by what each counts once
        for (a booking, or a group session however many seats it has). One-to-one
        bookings are summed in SQL; group sessions are kept by key, as a slot can join one."""
        missing = [p for p in capped if (p, month) not in self._committed]
        for provider in missing:
            self._committed[(provider, month)] = {}
        live = "(hold_until IS NULL OR hold_until > ?)"
        for chunk in _chunks(missing):
            rows = self.views.query(
                "SELECT provider_id, COALESCE(group_key, '') AS cap_key, SUM(minutes) AS minutes"
                " FROM (SELECT DISTINCT provider_id, group_key, cap_key, minutes"
                f" FROM {{view_bookings}} WHERE provider_id IN ({marks(len(chunk))})"
                f" AND month = ? AND cap_key IS NOT NULL AND status IN {LIVE} AND {live}) c"
                " GROUP BY provider_id, COALESCE(group_key, '')",
                [*chunk, month, _text(self.now)],
            )
            for row in rows:
                self._committed[(row["provider_id"], month)][row["cap_key"]] = int(row["minutes"])
        return self._committed

    def _live(self, row: Row) -> bool:
        """Confirmed, or held and the hold not yet past."""
        hold = maybe_to_instant(row["hold_until"])
        return hold is None or hold > self.now


def spec_of(row: Row) -> WindowSpec:
    """A window's terms from its row in ``view_windows``."""
    return WindowSpec(
        kind=row["kind"],
        session_minutes=row["session_minutes"],
        buffer_minutes=row["buffer_minutes"],
        notice_minutes=row["notice_minutes"],
        horizon_days=row["horizon_days"],
        theme_ids=to_id_list(row["theme_ids"]),
        mode=row["mode"],
        location=row["location"],
        seats=row["seats"],
        starts_at=maybe_to_instant(row["starts_at"]),
        ends_at=maybe_to_instant(row["ends_at"]),
        weekday=row["weekday"],
        start_time=row["start_time"],
        end_time=row["end_time"],
        first_date=maybe_to_day(row["first_date"]),
        last_date=maybe_to_day(row["last_date"]),
    )


def _window(row: Row, filters: Filters, now: datetime) -> Window:
    spec = spec_of(row)
    slot_kind = filters.kind or ("expert" if row["is_expert"] else "peer")
    notice = timedelta(minutes=spec.notice_minutes) if filters.notice else timedelta()
    return Window(
        window_id=UUID(row["window_id"]),
        provider=row["provider_id"],
        kind=slot_kind,
        service_id=UUID(row["service_id"]) if row["service_id"] else None,
        region_id=UUID(row["region_id"]) if row["region_id"] else None,
        cap_minutes=row["cap_minutes"] if slot_kind == "peer" else None,
        spec=spec,
        # A slot must start after now and the notice, and no later than the horizon.
        earliest=now + max(notice, timedelta(microseconds=1)),
        latest=now + timedelta(days=spec.horizon_days, microseconds=1),
        holidays_off=None if row["works_bank_holidays"] else row["nation"],
    )


def _text(instant: datetime) -> str:
    return instant.isoformat(timespec="microseconds")


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for offset in range(0, len(values), size):
        yield values[offset : offset + size]
