"""Availability search: free bookable slots, cut at query time from the availability view.

A slot is offered when the window is published and its provider active; it starts after
the minimum notice and within the booking horizon, both counted from now; it does not
start on a bank holiday of the provider's nation unless they work them; it is not in
their time off; no live booking of the provider comes within the larger of the two buffers
(a hold past its time no longer counts); no busy time from the provider's own calendar
comes within its buffer; a group session still has a seat; and a capped peer has room for
it in that month. These mirror the checks a booking makes, so what
search offers, booking accepts (unless someone else is quicker).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.availability import Mode
from domain.busy import is_busy
from domain.diary import group_key
from domain.errors import InvalidInput
from domain.time import TimeRange, london_date, london_day, london_days, month_key
from infrastructure.clock import Clock
from infrastructure.database import Database
from infrastructure.stored_values import key
from projections.availability_rows import Filters, Occupancy, Taken, Window, Windows
from projections.busy import BusyTimes
from projections.registry import NamesOf

KINDS = ("expert", "peer")
DEFAULT_DAYS = 28
MAX_DAYS = 366
MAX_LIMIT = 100
Found = tuple[tuple[datetime, str, str], Window, TimeRange, int]


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


class AvailabilitySearch:
    def __init__(self, views: Database, busy: BusyTimes, clock: Clock, names_of: NamesOf) -> None:
        self.views = views
        self.busy = busy
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
        notice: bool = True,
        experts: Collection[UUID] | None = None,
    ) -> SlotPage:
        """Free slots sorted by start (then provider and window), ``limit`` to a page.

        ``kind`` is ``expert`` or ``peer``; ``region_id`` keeps peers whose home service is
        in that region (experts have none); ``exclude_service_id`` leaves out the peers of
        the searching service. Days are London dates, inclusive, by default the next four
        weeks from today. ``after`` is the ``next_cursor`` of the previous page.
        ``notice=False`` also offers slots inside the windows' minimum notice: where a
        provider may move their own session to (the service allows them that).
        ``experts`` keeps only those experts (peers are not limited): the ones a service
        has an active engagement with.
        """
        now = self.clock.now()
        first = first_day or london_date(now)
        last = last_day or first + timedelta(days=DEFAULT_DAYS - 1)
        _check(kind, mode, first, last, limit)
        resume = _parse_cursor(after)
        if resume is not None:
            first = max(first, london_date(resume[0]))
        filters = Filters(
            theme_id,
            kind,
            provider_id,
            region_id,
            mode,
            exclude_service_id,
            notice,
            None if experts is None else tuple(experts),
        )
        windows = Windows(self.views, filters, now)
        occupancy = Occupancy(self.views, self.busy, now, max(first, london_date(now)))
        found: list[Found] = []
        for day in london_days(max(first, london_date(now)), last):
            found.extend(_free_on(day, windows.on(day), occupancy, resume))
            if len(found) > limit:
                break
        page = found[:limit]
        names = self.names_of(list({UUID(w.provider) for _, w, _, _ in page}))
        slots = [_free_slot(w, slot, left, names) for _, w, slot, left in page]
        more = len(found) > limit
        return SlotPage(slots, slots[-1].cursor if more and slots else None)


def _free_on(
    day: date,
    windows: list[Window],
    occupancy: Occupancy,
    resume: tuple[datetime, str, str] | None,
) -> list[Found]:
    """The day's free slots in order, after ``resume``. What takes the providers' time
    is read only if the day has slots to offer (not, say, inside everyone's notice)."""
    bounds = london_day(day)
    candidates = [
        ((slot.start, window.provider, key(window.window_id)), window, slot)
        for window in windows
        for slot in window.slots_on(bounds)
    ]
    if resume is not None:
        candidates = [c for c in candidates if c[0] > resume]
    if not candidates:
        return []
    taken = occupancy.around(day, [window for _, window, _ in candidates])
    found = [
        (order, window, slot, left)
        for order, window, slot in candidates
        if (left := _seats_left(window, slot, taken)) > 0
    ]
    found.sort(key=lambda item: item[0])
    return found


def _seats_left(window: Window, slot: TimeRange, taken: Taken) -> int:
    provider, spec = window.provider, window.spec
    if any(slot.overlaps(off) for off in taken.time_off.get(provider, ())):
        return 0
    if is_busy(slot, spec.buffer, taken.busy.get(provider, ())):
        return 0
    group = group_key(window.window_id, slot.start) if spec.is_group else None
    seats_taken = 0
    for booked in taken.booked.get(provider, ()):
        if group is not None and booked.group == group:
            seats_taken += 1
        elif slot.overlaps(booked.span, max(spec.buffer, booked.buffer)):
            return 0
    if window.cap_minutes is not None:
        month = taken.committed.get((provider, month_key(slot.start)), {})
        joins_a_session = group is not None and group in month
        if not joins_a_session and sum(month.values()) + slot.minutes > window.cap_minutes:
            return 0
    return spec.seats - seats_taken


def _free_slot(w: Window, slot: TimeRange, left: int, names: dict[UUID, str]) -> FreeSlot:
    provider_id = UUID(w.provider)
    return FreeSlot(
        provider_id=provider_id,
        provider_name=names.get(provider_id, ""),
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
