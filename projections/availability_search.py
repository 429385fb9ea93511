"""Availability search: free bookable slots, cut at query time from the availability view.

A slot is offered when the window is published and its provider active; it starts after
the minimum notice and within the booking horizon, both counted from now; it is not on a
day off; no live booking of the provider comes within the larger of the two buffers
(a hold past its time no longer counts); a group session still has a seat; and a capped
peer has room for it in that month. These mirror the checks a booking makes, so what
search offers, booking accepts (unless someone else is quicker).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.availability import Mode, WindowSpec
from domain.diary import group_key
from domain.errors import InvalidInput
from domain.time import TimeRange, london_date, london_day, london_days, month_key
from projections.base import (
    key,
    marks,
    maybe_to_day,
    maybe_to_instant,
    to_id_list,
    to_instant,
)
from service.clock import Clock
from service.database import Database, Row

KINDS = ("expert", "peer")
DEFAULT_DAYS = 28
MAX_DAYS = 366
MAX_LIMIT = 100
MAX_BUFFER = timedelta(minutes=240)
MAX_SESSION = timedelta(minutes=480)
LIVE = "('held', 'confirmed')"
NamesOf = Callable[[list[UUID]], dict[UUID, str]]


@dataclass(frozen=True)
class FreeSlot:
    """A time a service can book now. ``seats_left`` is 1 for a one-to-one session."""

    provider_id: UUID
    provider_name: str
    kind: str
    service_id: UUID | None
    region_id: UUID | None
    window_id: UUID
    start: datetime
    end: datetime
    mode: str
    location: str
    theme_ids: list[UUID]
    seats: int
    seats_left: int

    @property
    def cursor(self) -> str:
        """Where the next page starts, as ``after=`` of the next search."""
        return f"{self.start.isoformat()}|{self.provider_id.hex}|{self.window_id.hex}"


@dataclass(frozen=True)
class SlotPage:
    slots: list[FreeSlot]
    next_cursor: str | None
    """Pass as ``after`` for the next page; None on the last page."""


@dataclass(frozen=True)
class _Window:
    window_id: UUID
    provider_id: UUID
    kind: str
    service_id: UUID | None
    region_id: UUID | None
    cap_minutes: int | None
    spec: WindowSpec
    earliest: datetime
    latest: datetime

    def slots_on(self, day: TimeRange) -> Iterator[TimeRange]:
        begin, end = max(day.start, self.earliest), min(day.end, self.latest)
        if begin < end:
            yield from self.spec.slots(begin, end)


@dataclass(frozen=True)
class _Busy:
    window_id: str
    span: TimeRange
    buffer: timedelta
    group: str | None


class AvailabilitySearch:
    def __init__(self, views: Database, clock: Clock, names_of: NamesOf) -> None:
        self.views = views
        self.clock = clock
        self.names_of = names_of

    def search(
        self,
        *,
        theme_id: UUID | None = None,
        kind: str | None = None,
        provider_id: UUID | None = None,
        region_id: UUID | None = None,
        mode: str | None = None,
        first_day: date | None = None,
        last_day: date | None = None,
        exclude_service_id: UUID | None = None,
        limit: int = 20,
        after: str | None = None,
    ) -> SlotPage:
        """Free slots sorted by start (then provider and window), ``limit`` to a page.

        ``kind`` is ``expert`` or ``peer``; ``region_id`` keeps peers whose home service is
        in that region (experts have none); ``exclude_service_id`` leaves out the peers of
        the searching service. Days are London dates, inclusive, by default the next four
        weeks from today. ``after`` is the ``next_cursor`` of the previous page.
        """
        now = self.clock.now()
        first = first_day or london_date(now)
        last = last_day or first + timedelta(days=DEFAULT_DAYS - 1)
        _check(kind, mode, first, last, limit)
        resume = _parse_cursor(after)
        if resume is not None:
            first = max(first, london_date(resume[0]))
        windows = self._windows(
            now, first, last, theme_id, kind, provider_id, region_id, mode, exclude_service_id
        )
        if not windows:
            return SlotPage([], None)
        providers = sorted({key(w.provider_id) for w in windows})
        span = TimeRange(london_day(first).start, london_day(last).end)
        busy = self._busy(providers, span, now)
        days_off = self._days_off(providers, first, last + timedelta(days=1))
        committed = self._committed(windows, first, last, now)
        found: list[tuple[tuple[datetime, str, str], _Window, TimeRange, int]] = []
        for day in london_days(first, last):
            today = []
            bounds = london_day(day)
            for window in windows:
                for slot in window.slots_on(bounds):
                    left = _seats_left(window, slot, busy, days_off, committed)
                    order = (slot.start, key(window.provider_id), key(window.window_id))
                    if left > 0 and (resume is None or order > resume):
                        today.append((order, window, slot, left))
            today.sort(key=lambda item: item[0])
            found.extend(today)
            if len(found) > limit:
                break
        page = found[:limit]
        names = self.names_of(list({w.provider_id for _, w, _, _ in page}))
        slots = [_free_slot(w, slot, left, names) for _, w, slot, left in page]
        more = len(found) > limit
        return SlotPage(slots, slots[-1].cursor if more and slots else None)

    def _windows(
        self,
        now: datetime,
        first: date,
        last: date,
        theme_id: UUID | None,
        kind: str | None,
        provider_id: UUID | None,
        region_id: UUID | None,
        mode: str | None,
        exclude_service_id: UUID | None,
    ) -> list[_Window]:
        span = TimeRange(london_day(first).start, london_day(last).end)
        where = [
            "w.status = 'published'",
            "p.status = 'active'",
            "((w.kind = 'weekly' AND w.first_date <= ? AND (w.last_date IS NULL OR"
            " w.last_date >= ?)) OR (w.kind = 'one_off' AND w.starts_at < ? AND w.ends_at > ?))",
        ]
        params: list[object] = [
            last.isoformat(),
            first.isoformat(),
            span.end.isoformat(timespec="microseconds"),
            span.start.isoformat(timespec="microseconds"),
        ]
        if theme_id is not None:
            where.append(
                "w.window_id IN (SELECT window_id FROM {view_window_themes} WHERE theme_id = ?)"
            )
            params.append(key(theme_id))
        if kind is not None:
            where.append("p.is_expert = 1" if kind == "expert" else "p.is_peer = 1")
        if provider_id is not None:
            where.append("w.provider_id = ?")
            params.append(key(provider_id))
        if region_id is not None:
            where.append("p.is_peer = 1 AND s.region_id = ?")
            params.append(key(region_id))
        if mode is not None:
            where.append("w.mode = ?")
            params.append(mode)
        if exclude_service_id is not None:
            where.append("(p.service_id IS NULL OR p.service_id <> ?)")
            params.append(key(exclude_service_id))
        rows = self.views.query(
            "SELECT w.*, p.is_expert, p.is_peer, p.service_id, p.cap_minutes, s.region_id"
            " FROM {view_windows} w JOIN {view_people} p ON p.person_id = w.provider_id"
            " LEFT JOIN {view_services} s ON s.service_id = p.service_id"
            f" WHERE {' AND '.join(where)}",
            params,
        )
        windows = (_window(row, kind, now) for row in rows)
        return [w for w in windows if w.earliest < min(w.latest, span.end)]

    def _busy(
        self, providers: list[str], span: TimeRange, now: datetime
    ) -> dict[tuple[str, date], list[_Busy]]:
        """Live bookings near the days searched, filed under the London date of every slot
        start they could clash with (a slot lasts at most MAX_SESSION)."""
        found: dict[tuple[str, date], list[_Busy]] = defaultdict(list)
        low = (span.start - MAX_BUFFER).isoformat(timespec="microseconds")
        high = (span.end + MAX_SESSION + MAX_BUFFER).isoformat(timespec="microseconds")
        for chunk in _chunks(providers):
            rows = self.views.query(
                "SELECT provider_id, window_id, starts_at, ends_at, buffer_minutes, group_key,"
                f" hold_until FROM {{view_bookings}} WHERE provider_id IN ({marks(len(chunk))})"
                f" AND starts_at < ? AND ends_at > ? AND status IN {LIVE}",
                [*chunk, high, low],
            )
            for row in rows:
                hold = maybe_to_instant(row["hold_until"])
                if hold is not None and hold <= now:
                    continue
                entry = _Busy(
                    row["window_id"],
                    TimeRange(to_instant(row["starts_at"]), to_instant(row["ends_at"])),
                    timedelta(minutes=row["buffer_minutes"]),
                    row["group_key"],
                )
                reach = TimeRange(
                    entry.span.start - MAX_BUFFER - MAX_SESSION, entry.span.end + MAX_BUFFER
                )
                for day in reach.london_dates():
                    found[(row["provider_id"], day)].append(entry)
        return found

    def _days_off(self, providers: list[str], first: date, last: date) -> set[tuple[str, date]]:
        days: set[tuple[str, date]] = set()
        for chunk in _chunks(providers):
            rows = self.views.query(
                "SELECT provider_id, first_day, last_day FROM {view_time_off}"
                f" WHERE provider_id IN ({marks(len(chunk))}) AND first_day <= ?"
                " AND last_day >= ?",
                [*chunk, last.isoformat(), first.isoformat()],
            )
            for row in rows:
                begin = max(date.fromisoformat(row["first_day"]), first)
                end = min(date.fromisoformat(row["last_day"]), last)
                days.update((row["provider_id"], day) for day in london_days(begin, end))
        return days

    def _committed(
        self, windows: list[_Window], first: date, last: date, now: datetime
    ) -> dict[tuple[str, str], dict[str, int]]:
        """For capped peers: minutes committed per month, by what each counts once for."""
        capped = sorted({key(w.provider_id) for w in windows if w.cap_minutes is not None})
        months = sorted({day.strftime("%Y-%m") for day in london_days(first, last)})
        found: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for chunk in _chunks(capped):
            rows = self.views.query(
                "SELECT provider_id, month, cap_key, minutes, hold_until FROM {view_bookings}"
                f" WHERE provider_id IN ({marks(len(chunk))}) AND month IN ({marks(len(months))})"
                f" AND cap_key IS NOT NULL AND status IN {LIVE}",
                [*chunk, *months],
            )
            for row in rows:
                hold = maybe_to_instant(row["hold_until"])
                if hold is None or hold > now:
                    found[(row["provider_id"], row["month"])][row["cap_key"]] = row["minutes"]
        return found


def _seats_left(
    window: _Window,
    slot: TimeRange,
    busy: dict[tuple[str, date], list[_Busy]],
    days_off: set[tuple[str, date]],
    committed: dict[tuple[str, str], dict[str, int]],
) -> int:
    provider = key(window.provider_id)
    spec = window.spec
    if any((provider, day) in days_off for day in slot.london_dates()):
        return 0
    group = group_key(window.window_id, slot.start) if spec.is_group else None
    taken = 0
    for entry in busy.get((provider, london_date(slot.start)), ()):
        if group is not None and entry.group == group:
            taken += 1
        elif slot.overlaps(entry.span, max(spec.buffer, entry.buffer)):
            return 0
    if window.cap_minutes is not None:
        month = committed.get((provider, month_key(slot.start)), {})
        joins_a_session = group is not None and group in month
        if not joins_a_session and sum(month.values()) + slot.minutes > window.cap_minutes:
            return 0
    return spec.seats - taken


def _window(row: Row, kind: str | None, now: datetime) -> _Window:
    spec = WindowSpec(
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
    slot_kind = kind or ("expert" if row["is_expert"] else "peer")
    return _Window(
        window_id=UUID(row["window_id"]),
        provider_id=UUID(row["provider_id"]),
        kind=slot_kind,
        service_id=UUID(row["service_id"]) if row["service_id"] else None,
        region_id=UUID(row["region_id"]) if row["region_id"] else None,
        cap_minutes=row["cap_minutes"] if slot_kind == "peer" else None,
        spec=spec,
        # A slot must start after now and the notice, and no later than the horizon.
        earliest=max(now + timedelta(minutes=spec.notice_minutes), now + timedelta(microseconds=1)),
        latest=now + timedelta(days=spec.horizon_days, microseconds=1),
    )


def _free_slot(w: _Window, slot: TimeRange, left: int, names: dict[UUID, str]) -> FreeSlot:
    return FreeSlot(
        provider_id=w.provider_id,
        provider_name=names.get(w.provider_id, ""),
        kind=w.kind,
        service_id=w.service_id,
        region_id=w.region_id,
        window_id=w.window_id,
        start=slot.start,
        end=slot.end,
        mode=w.spec.mode,
        location=w.spec.location,
        theme_ids=list(w.spec.theme_ids),
        seats=w.spec.seats,
        seats_left=left,
    )


def _check(kind: str | None, mode: str | None, first: date, last: date, limit: int) -> None:
    if kind is not None and kind not in KINDS:
        raise InvalidInput("choose expert or peer", field="kind")
    if mode is not None and mode not in {m.value for m in Mode}:
        raise InvalidInput("choose online or in person", field="mode")
    if last < first:
        raise InvalidInput("the last day must be on or after the first day", field="last_day")
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput(f"search at most {MAX_DAYS} days at once", field="last_day")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"ask for between 1 and {MAX_LIMIT} slots a page", field="limit")


def _parse_cursor(after: str | None) -> tuple[datetime, str, str] | None:
    if not after:
        return None
    try:
        start, provider, window = after.split("|")
        instant = datetime.fromisoformat(start)
        provider, window = UUID(provider).hex, UUID(window).hex
    except ValueError:
        raise InvalidInput("that page link is not valid: search again", field="after") from None
    if instant.tzinfo is None:
        raise InvalidInput("that page link is not valid: search again", field="after")
    return instant, provider, window


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for offset in range(0, len(values), size):
        yield values[offset : offset + size]
