"""Commands on availability: windows and time off, always by the provider themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar
from uuid import UUID

from domain import ids
from domain.availability import AvailabilityWindow, WindowKind, WindowSpec
from domain.diary import ProviderDiary
from domain.errors import InvalidInput, PermissionDenied, SlotUnavailable
from domain.people import Person
from domain.time import TimeRange, as_utc, london_date, london_day, london_days
from domain.time_off import MAX_TIME_OFF_DAYS, TimeOff, day_parts, time_off_span
from service.access import require_owner
from service.context import Context, command
from service.records import Changed, TimeOffRecord, WindowRecord, time_off_record, window_record
from service.registry import Registry
from service.unit import Unit


@dataclass(frozen=True)
class WindowInput:
    """A window as a form gives it: ``kind`` decides which of the time fields are needed."""

    kind: str
    session_minutes: int
    theme_ids: list[UUID]
    mode: str
    location: str = ""
    buffer_minutes: int = 0
    notice_minutes: int = 0
    horizon_days: int = 56
    seats: int = 1
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    weekday: int | None = None
    start_time: str | None = None
    end_time: str | None = None
    first_date: date | None = None
    last_date: date | None = None
    _terms: tuple[str, ...] = field(
        default=(
            "session_minutes",
            "buffer_minutes",
            "notice_minutes",
            "horizon_days",
            "theme_ids",
            "mode",
            "location",
            "seats",
        ),
        repr=False,
    )

    def to_spec(self) -> WindowSpec:
        terms = {name: getattr(self, name) for name in self._terms}
        if self.kind == WindowKind.ONE_OFF:
            return WindowSpec.one_off(
                starts_at=_given(self.starts_at, "starts_at"),
                ends_at=_given(self.ends_at, "ends_at"),
                **terms,
            )
        if self.kind == WindowKind.WEEKLY:
            return WindowSpec.weekly(
                weekday=_given(self.weekday, "weekday"),
                start_time=_given(self.start_time, "start_time"),
                end_time=_given(self.end_time, "end_time"),
                first_date=_given(self.first_date, "first_date"),
                last_date=self.last_date,
                **terms,
            )
        raise InvalidInput("choose a one-off or a weekly window", field="kind")


T = TypeVar("T")


def _given(value: T | None, name: str) -> T:
    if value is None:
        raise InvalidInput(f"enter the {name.replace('_', ' ')}", field=name)
    return value


class Availability:
    def __init__(self, ctx: Context, registry: Registry) -> None:
        self.ctx = ctx
        self.registry = registry

    def _provider(self, actor: UUID, provider_id: UUID) -> Person:
        provider = require_owner(self.ctx, actor, provider_id)
        if not provider.is_provider:
            raise PermissionDenied("only experts and peers publish availability")
        return provider

    def _checked_spec(self, provider: Person, window: WindowInput) -> WindowSpec:
        spec = window.to_spec()
        self.registry.require_live_themes(spec.theme_ids, field="theme_ids")
        for theme_id in spec.theme_ids:
            if theme_id not in provider.theme_ids:
                name = self.registry.theme(theme_id).name
                raise InvalidInput(
                    f"you do not offer {name}: add it to your themes first", field="theme_ids"
                )
        return spec

    @command
    def publish(self, actor: UUID, provider_id: UUID, window: WindowInput) -> UUID:
        provider = self._provider(actor, provider_id)
        spec = self._checked_spec(provider, window)
        published = AvailabilityWindow.publish(
            actor=actor, at=self.ctx.clock.now(), provider_id=provider_id, spec=spec
        )
        self.ctx.save(published)
        return published.id

    @command
    def change(self, actor: UUID, window_id: UUID, window: WindowInput) -> Changed:
        """Change a window. Bookings it no longer covers stay booked and are named."""
        unit = Unit(self.ctx)
        existing = unit.get(AvailabilityWindow, window_id, "availability window", field="window_id")
        provider = self._provider(actor, existing.provider_id)
        spec = self._checked_spec(provider, window)
        kept = [
            booking_id
            for booking_id, slot in self._bookings_from(unit, existing).items()
            if not _still_offered(spec, slot)
        ]
        existing.change(actor=actor, at=unit.now, spec=spec, bookings_kept=kept)
        unit.commit()
        return Changed(window_id, kept)

    def window_to_change(self, actor: UUID, window_id: UUID) -> None:
        """Refuse at once someone who may not change this window (only its provider may)."""
        window = self.ctx.load(
            AvailabilityWindow, window_id, "availability window", field="window_id"
        )
        self._provider(actor, window.provider_id)

    @command
    def withdraw(self, actor: UUID, window_id: UUID) -> Changed:
        """Withdraw a window: no new bookings. Those already made stay, and are named."""
        unit = Unit(self.ctx)
        existing = unit.get(AvailabilityWindow, window_id, "availability window", field="window_id")
        self._provider(actor, existing.provider_id)
        kept = list(self._bookings_from(unit, existing))
        existing.withdraw(actor=actor, at=unit.now, bookings_kept=kept)
        unit.commit()
        return Changed(window_id, kept)

    def _bookings_from(self, unit: Unit, window: AvailabilityWindow) -> dict[UUID, TimeRange]:
        """The bookings still to come from the window. The save relies on every diary they
        could be in, opened or not: a booking saved meanwhile makes the command run again,
        so that it is named (and the booking, which relies on the window, runs again
        after a change or withdrawal saved first)."""
        found: dict[UUID, TimeRange] = {}
        for day in window.days_with_possible_bookings(london_date(unit.now)):
            diary_id = ids.diary_id(window.provider_id, day)
            diary = self.ctx.peek(ProviderDiary, diary_id)
            if diary is None:
                unit.relies_on_absence(diary_id)
            else:
                unit.relies_on(diary)
                found |= diary.bookings_from(window.id, unit.now)
        return found

    @command
    def add_time_off(
        self,
        actor: UUID,
        provider_id: UUID,
        *,
        first_day: date,
        last_day: date,
        note: str = "",
        from_time: str | None = None,
        until_time: str | None = None,
    ) -> Changed:
        """Block whole days, or part of them: from ``from_time`` on the first day until
        ``until_time`` on the last (London wall-clock times; None for the whole day).
        Bookings already in that time are kept and named, never dropped."""
        self._provider(actor, provider_id)
        unit = Unit(self.ctx)
        if first_day < london_date(unit.now):
            raise InvalidInput("time off cannot start in the past", field="first_day")
        parts = []
        if (last_day - first_day).days < MAX_TIME_OFF_DAYS:  # else TimeOff.add says why
            span = time_off_span(first_day, last_day, from_time, until_time)
            parts = day_parts(span, first_day, last_day)
        diaries = [(unit.diary(provider_id, day), part) for day, part in parts]
        kept = sorted({b for d, part in diaries for b in d.bookings_within(part, unit.now)})
        time_off = unit.add(
            TimeOff.add(
                actor=actor,
                at=unit.now,
                provider_id=provider_id,
                first_day=first_day,
                last_day=last_day,
                note=note,
                bookings_kept=kept,
                from_time=from_time,
                until_time=until_time,
            )
        )
        for diary, part in diaries:
            diary.block(actor=actor, at=unit.now, block_id=time_off.id, span=part)
        unit.commit()
        return Changed(time_off.id, kept)

    @command
    def remove_time_off(self, actor: UUID, time_off_id: UUID) -> None:
        unit = Unit(self.ctx)
        time_off = unit.get(TimeOff, time_off_id, "time off", field="time_off_id")
        self._provider(actor, time_off.provider_id)
        time_off.remove(actor=actor, at=unit.now)
        for day in london_days(time_off.first_day, time_off.last_day):
            diary = unit.find(ProviderDiary, ids.diary_id(time_off.provider_id, day))
            if diary is not None:
                diary.unblock(actor=actor, at=unit.now, block_id=time_off.id)
        unit.commit()

    def window(self, window_id: UUID) -> WindowRecord:
        return window_record(
            self.ctx.load(AvailabilityWindow, window_id, "availability window", field="window_id")
        )

    def own_window(self, actor: UUID, window_id: UUID) -> WindowRecord:
        """A window for its provider's editor: nobody else may open it to change it."""
        window = self.ctx.load(
            AvailabilityWindow, window_id, "availability window", field="window_id"
        )
        self._provider(actor, window.provider_id)
        return window_record(window)

    def time_off(self, time_off_id: UUID) -> TimeOffRecord:
        return time_off_record(self.ctx.load(TimeOff, time_off_id, "time off", field="time_off_id"))

    @staticmethod
    def preview(window: WindowInput, start: datetime, end: datetime) -> list[TimeRange]:
        """The slots a window would produce between two instants (for the editor)."""
        begin, end = as_utc(start, "the start", field="start"), as_utc(end, "the end", field="end")
        return list(window.to_spec().slots(begin, end))

    @staticmethod
    def first_slots(window: WindowInput, now: datetime, span: timedelta) -> list[TimeRange]:
        """The window's slots over ``span`` from when it opens, or from now if it is open
        already: a window starting in six weeks previews its first slots."""
        opens = now
        if window.kind == "one_off" and window.starts_at is not None:
            opens = window.starts_at
        elif window.first_date is not None:
            opens = london_day(window.first_date).start
        begin = max(as_utc(now, "now", field="start"), as_utc(opens, "the start", field="start"))
        return Availability.preview(window, begin, begin + span)


def _still_offered(spec: WindowSpec, slot: TimeRange) -> bool:
    try:
        return spec.slot_at(slot.start) == slot
    except SlotUnavailable:
        return False
