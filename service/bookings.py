"""Booking, confirming, moving, cancelling and lapsing: the commands behind rules 1 and 2.

Each command changes the booking, the provider's diaries for the days it touches, and the
engagement or peer month it draws on, in one atomic save. A concurrent change to any of
them makes the save fail; the command is then run again on fresh state (see ``command``),
where a slot taken meanwhile is refused with the next free times.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from domain import ids
from domain.availability import AvailabilityWindow, WindowSpec
from domain.bookings import Booking, Side
from domain.busy import check_not_busy
from domain.diary import ProviderDiary, group_key
from domain.engagements import Engagement
from domain.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    SessionFull,
    SlotTaken,
    SlotUnavailable,
)
from domain.ids import SYSTEM_ACTOR
from domain.peer_month import PeerMonth
from domain.people import Person, Role
from domain.registry import LibraryService
from domain.time import TimeRange, as_utc, month_key
from projections.bookings_read import BookingSummary
from projections.busy import BusyTimes
from projections.read_models import ReadModels
from service.access import active_person, require_staff_of, staff_of
from service.clashes import in_the_way
from service.context import Context, command
from service.unit import Unit

NEXT_FREE_COUNT = 3
NEXT_FREE_SEARCH = timedelta(days=60)


class Bookings:
    def __init__(
        self,
        ctx: Context,
        read_models: Callable[[], ReadModels],
        busy: Callable[[], BusyTimes],
    ) -> None:
        self.ctx = ctx
        self.read_models = read_models
        self.busy = busy
        """Busy times from providers' own calendars: a slot that became busy since it was
        offered is refused, with the next free times."""

    @command
    def book(
        self,
        actor: UUID,
        *,
        service_id: UUID,
        provider_id: UUID,
        window_id: UUID,
        start: datetime,
        engagement_id: UUID | None = None,
        theme_id: UUID | None = None,
        cover: str = "",
        booking_id: UUID | None = None,
    ) -> UUID:
        """Book a slot for a service: for an engagement (an expert), or as peer support.

        ``booking_id`` lets a form carry its own reference: sent twice, it books once.
        """
        unit = Unit(self.ctx)
        if booking_id is not None:
            booking_id = ids.booking_id(booking_id, service_id)
            existing = unit.find(Booking, booking_id)
            if existing is not None:
                return _same_booking_again(existing, actor, service_id)
        self.ctx.read(LibraryService, service_id, "library service", field="service_id")
        require_staff_of(self.ctx, actor, service_id)
        window = self.ctx.read(
            AvailabilityWindow, window_id, "availability window", field="window_id"
        )
        if window.provider_id != provider_id:
            raise InvalidInput("that availability belongs to another provider", field="window_id")
        provider = self.ctx.read(Person, provider_id, "provider", field="provider_id")
        provider.check_takes_bookings()
        # Withdrawn, changed or deactivated meanwhile: the save fails and this runs again.
        unit.relies_on(window, provider)
        slot = window.offered_slot(as_utc(start, "the start", field="start"), unit.now)
        provider.check_works_on(slot)
        self._check_not_busy(window, slot, unit.now)
        theme, hold_until = self._terms(
            unit, provider, service_id, window.spec, slot, engagement_id, theme_id
        )
        booking = unit.add(
            Booking.book(
                booking_id=booking_id or ids.time_ordered_id(unit.now),
                actor=actor,
                at=unit.now,
                service_id=service_id,
                provider_id=provider_id,
                window_id=window_id,
                spec=window.spec,
                slot=slot,
                theme_id=theme,
                engagement_id=engagement_id,
                cover=cover,
                hold_until=hold_until,
            )
        )
        self._reserve(unit, booking, provider, window, actor)
        unit.commit()
        return booking.id

    def _terms(
        self,
        unit: Unit,
        provider: Person,
        service_id: UUID,
        spec: WindowSpec,
        slot: TimeRange,
        engagement_id: UUID | None,
        theme_id: UUID | None,
    ) -> tuple[UUID, datetime | None]:
        """The booking's theme, and until when it is only held (None: confirmed at once)."""
        if engagement_id is not None:
            engagement = unit.get(Engagement, engagement_id, "engagement", field="engagement_id")
            if engagement.service_id != service_id:
                raise PermissionDenied("that engagement belongs to another library service")
            if engagement.expert_id != provider.id:
                raise InvalidInput("that engagement is with another expert", field="engagement_id")
            if engagement.theme_id not in spec.theme_ids:
                raise SlotUnavailable(
                    "this availability is not offered for the engagement's theme", field="window_id"
                )
            return engagement.theme_id, None
        provider.check_offers_peer_support_to(service_id)
        return _peer_theme(spec, theme_id), self._hold_until(provider, spec, slot.start, unit.now)

    def _hold_until(
        self, provider: Person, spec: WindowSpec, start: datetime, now: datetime
    ) -> datetime | None:
        """Until when a peer who confirms each booking has to answer (None: booked at once;
        experts' sessions and group sessions are never held)."""
        if not provider.peer_requires_confirmation or spec.is_group:
            return None
        return min(now + timedelta(hours=self.ctx.settings.hold_hours), start)

    def answer_due(self, window_id: UUID, start: datetime) -> datetime | None:
        """Until when a peer's booking of this slot, made now, would wait for their answer
        (None: it would be booked at once), for the booking form to say before booking."""
        window = self.ctx.read(
            AvailabilityWindow, window_id, "availability window", field="window_id"
        )
        provider = self.ctx.read(Person, window.provider_id, "provider", field="provider_id")
        if not provider.has(Role.PEER):
            return None
        start = as_utc(start, "the start", field="start")
        return self._hold_until(provider, window.spec, start, self.ctx.clock.now())

    def _reserve(
        self,
        unit: Unit,
        booking: Booking,
        provider: Person,
        window: AvailabilityWindow,
        actor: UUID,
    ) -> None:
        """Put the booking in the provider's diaries and draw on its allowance or cap."""
        try:
            for day in booking.span_with_buffer().london_dates():
                diary = unit.diary(provider.id, day)
                self._lapse_expired_holds(unit, diary)
                diary.reserve(
                    actor=actor,
                    at=unit.now,
                    booking_id=booking.id,
                    window_id=booking.window_id,
                    slot=booking.slot,
                    buffer_minutes=booking.buffer_minutes,
                    seats=booking.seats,
                    hold_until=booking.hold_until,
                )
        except SlotTaken as taken:
            raise SlotTaken(
                in_the_way(self.ctx, taken, booking),
                field="start",
                next_free=self.next_free(window, booking.start, unit.now),
            ) from None
        if booking.engagement_id is not None:
            engagement = unit.get(Engagement, booking.engagement_id, "engagement", field=None)
            engagement.reserve(
                actor=actor,
                at=unit.now,
                booking_id=booking.id,
                minutes=booking.minutes,
                start=booking.start,
            )
        else:
            month = unit.peer_month(provider.id, month_key(booking.start))
            cap = provider.peer_cap_minutes
            if cap is not None and month.committed_minutes + booking.minutes > cap:
                self._lapse_expired_holds_in(unit, month)
            key = (
                group_key(booking.window_id, booking.start)
                if booking.seats > 1
                else str(booking.id)
            )
            month.reserve(
                actor=actor,
                at=unit.now,
                booking_id=booking.id,
                key=key,
                minutes=booking.minutes,
                cap_minutes=provider.peer_cap_minutes,
            )

    def _release(self, unit: Unit, booking: Booking, actor: UUID) -> None:
        """Give back the booking's time in the diaries and its minutes or cap."""
        for day in booking.span_with_buffer().london_dates():
            diary = unit.find(ProviderDiary, ids.diary_id(booking.provider_id, day))
            if diary is not None:
                diary.release(actor=actor, at=unit.now, booking_id=booking.id)
        if booking.engagement_id is not None:
            engagement = unit.get(Engagement, booking.engagement_id, "engagement", field=None)
            engagement.release(actor=actor, at=unit.now, booking_id=booking.id)
        else:
            month = unit.find(
                PeerMonth, ids.peer_month_id(booking.provider_id, month_key(booking.start))
            )
            if month is not None:
                month.release(actor=actor, at=unit.now, booking_id=booking.id)

    def _lapse_expired_holds(self, unit: Unit, diary: ProviderDiary) -> None:
        """A hold past its time frees its slot now, whether or not the sweeper has run."""
        for booking_id in diary.expired_holds(unit.now):
            held = unit.get(Booking, booking_id, "booking", field=None)
            held.lapse(actor=SYSTEM_ACTOR, at=unit.now)
            self._release(unit, held, SYSTEM_ACTOR)

    def _lapse_expired_holds_in(self, unit: Unit, month: PeerMonth) -> None:
        """A hold past its time gives its hours back now, whether or not the sweeper has run."""
        for booking_id in month.booking_ids():
            held = unit.get(Booking, booking_id, "booking", field=None)
            if held.hold_expired(unit.now):
                held.lapse(actor=SYSTEM_ACTOR, at=unit.now)
                self._release(unit, held, SYSTEM_ACTOR)

    def next_free(
        self, window: AvailabilityWindow, after: datetime, now: datetime
    ) -> list[datetime]:
        """Up to three bookable start times of the window after ``after``."""
        provider = self.ctx.read(Person, window.provider_id, "provider", field=None)
        found: list[datetime] = []
        begin = after + timedelta(microseconds=1)
        for slot in window.spec.slots(begin, begin + NEXT_FREE_SEARCH):
            if len(found) == NEXT_FREE_COUNT:
                break
            if self._is_free(window, provider, slot, now):
                found.append(slot.start)
        return found

    def _busy_around(
        self, window: AvailabilityWindow, slot: TimeRange, now: datetime
    ) -> list[TimeRange]:
        return self.busy().of_provider(window.provider_id, slot.widened(window.spec.buffer), now)

    def _check_not_busy(self, window: AvailabilityWindow, slot: TimeRange, now: datetime) -> None:
        try:
            check_not_busy(slot, window.spec.buffer, self._busy_around(window, slot, now))
        except SlotTaken as busy:
            raise SlotTaken(
                busy.message, field="start", next_free=self.next_free(window, slot.start, now)
            ) from None

    def _is_free(
        self, window: AvailabilityWindow, provider: Person, slot: TimeRange, now: datetime
    ) -> bool:
        try:
            window.spec.check_bookable(slot, now)
            provider.check_works_on(slot)
            check_not_busy(slot, window.spec.buffer, self._busy_around(window, slot, now))
            for day in slot.widened(window.spec.buffer).london_dates():
                diary = self.ctx.peek(ProviderDiary, ids.diary_id(window.provider_id, day))
                if diary is not None:
                    diary.check_free(
                        at=now,
                        booking_id=uuid4(),
                        window_id=window.id,
                        slot=slot,
                        buffer_minutes=window.spec.buffer_minutes,
                        seats=window.spec.seats,
                    )
        except (SlotTaken, SlotUnavailable, SessionFull):
            return False
        return True

    def _side(self, actor: UUID, booking: Booking) -> Side:
        person = active_person(self.ctx, actor)
        if staff_of(person, booking.service_id):
            return Side.SERVICE
        if person.id == booking.provider_id:
            return Side.PROVIDER
        raise PermissionDenied("only the booking's service or its provider can change it")

    @command
    def reschedule(
        self, actor: UUID, booking_id: UUID, *, window_id: UUID, start: datetime, reason: str = ""
    ) -> None:
        """Move a confirmed booking to another slot of the same provider."""
        unit = Unit(self.ctx)
        booking = unit.get(Booking, booking_id, "booking", field="booking_id")
        side = self._side(actor, booking)
        window = unit.get(AvailabilityWindow, window_id, "availability window", field="window_id")
        unit.relies_on(window)
        if window.provider_id != booking.provider_id:
            raise InvalidInput("choose a time from the same provider", field="window_id")
        if booking.theme_id not in window.spec.theme_ids:
            raise SlotUnavailable(
                "that availability is not offered for this booking's theme", field="window_id"
            )
        slot = _slot_for(window, as_utc(start, "the start", field="start"), unit.now, side)
        provider = unit.get(Person, booking.provider_id, "provider", field=None)
        provider.check_works_on(slot)
        self._check_not_busy(window, slot, unit.now)
        self._release(unit, booking, actor)
        booking.reschedule(
            actor=actor,
            at=unit.now,
            window_id=window_id,
            spec=window.spec,
            slot=slot,
            reason=reason,
        )
        self._reserve(unit, booking, provider, window, actor)
        unit.commit()

    @command
    def cancel(self, actor: UUID, booking_id: UUID, *, reason: str) -> None:
        unit = Unit(self.ctx)
        booking = unit.get(Booking, booking_id, "booking", field="booking_id")
        booking.cancel(actor=actor, at=unit.now, side=self._side(actor, booking), reason=reason)
        self._release(unit, booking, actor)
        unit.commit()

    @command
    def confirm_hold(self, actor: UUID, booking_id: UUID) -> None:
        unit = Unit(self.ctx)
        booking = self._as_provider(unit, actor, booking_id)
        booking.confirm_hold(actor=actor, at=unit.now)
        for day in booking.span_with_buffer().london_dates():
            diary = unit.get(
                ProviderDiary, ids.diary_id(booking.provider_id, day), "diary", field=None
            )
            diary.confirm_hold(actor=actor, at=unit.now, booking_id=booking.id)
        unit.commit()

    @command
    def decline_hold(self, actor: UUID, booking_id: UUID, *, reason: str = "") -> None:
        unit = Unit(self.ctx)
        booking = self._as_provider(unit, actor, booking_id)
        booking.decline(actor=actor, at=unit.now, reason=reason)
        self._release(unit, booking, actor)
        unit.commit()

    def _as_provider(self, unit: Unit, actor: UUID, booking_id: UUID) -> Booking:
        booking = unit.get(Booking, booking_id, "booking", field="booking_id")
        if active_person(self.ctx, actor).id != booking.provider_id:
            raise PermissionDenied("only the provider can confirm or decline a hold")
        return booking

    @command
    def lapse_hold(self, booking_id: UUID) -> None:
        """Lapse a hold whose time is up (the scheduler's sweeper calls this)."""
        unit = Unit(self.ctx)
        booking = unit.get(Booking, booking_id, "booking", field="booking_id")
        booking.lapse(actor=SYSTEM_ACTOR, at=unit.now)
        self._release(unit, booking, SYSTEM_ACTOR)
        unit.commit()

    def booking(self, actor: UUID, booking_id: UUID) -> BookingSummary:
        """The booking as the read models show it, to those who may see it."""
        booking = self.ctx.read(Booking, booking_id, "booking", field="booking_id")
        person = active_person(self.ctx, actor)
        if not (
            person.has(Role.PROGRAMME_STAFF)
            or person.has(Role.AUDITOR)
            or person.id == booking.provider_id
            or staff_of(person, booking.service_id)
        ):
            raise PermissionDenied(
                "only the booking's service, its provider, programme staff and auditors can see it"
            )
        found = self.read_models().bookings.get(booking_id)
        if found is None:
            raise NotFound(f"there is no booking with id {booking_id}", field="booking_id")
        return found


def _same_booking_again(existing: Booking, actor: UUID, service_id: UUID) -> UUID:
    if existing.service_id == service_id and existing.booked_by == actor:
        return existing.id
    raise InvalidInput("that booking reference is already used", field="booking_id")


def _peer_theme(spec: WindowSpec, theme_id: UUID | None) -> UUID:
    if theme_id is None:
        if len(spec.theme_ids) == 1:
            return spec.theme_ids[0]
        raise InvalidInput("choose a theme for the session", field="theme_id")
    if theme_id not in spec.theme_ids:
        raise InvalidInput("this availability is not offered for that theme", field="theme_id")
    return theme_id


def _slot_for(window: AvailabilityWindow, start: datetime, now: datetime, side: Side) -> TimeRange:
    """The service is held to notice and horizon; the provider moving their own session is
    held to the horizon only (so that withdrawing the window can find every booking it
    has), and only into their published availability, never into the past."""
    if side == Side.SERVICE:
        return window.offered_slot(start, now)
    if not window.is_published:
        raise SlotUnavailable("that availability has been withdrawn", field="window_id")
    slot = window.spec.slot_at(start)
    window.spec.check_bookable(slot, now, notice=False)
    return slot
