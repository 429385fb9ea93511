"""Booking sessions through the service's commands, for the mail and calendar tests."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.time import LONDON
from tests.world import World


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


class Sessions:
    """Worcestershire's engagement with the evaluation expert, and windows on every day
    (bank holidays too: the Monday after the clocks go forward in 2027 is Easter Monday)."""

    def __init__(self, world: World, ends_on: date = date(2027, 12, 31)) -> None:
        self.world = world
        world.bank.people.set_bank_holidays(
            world.evaluator, world.evaluator, nation="england_and_wales", works_bank_holidays=True
        )
        self.engagement = world.engagement(
            world.worcs_head, world.evaluator, world.evaluation, hours=20, ends_on=ends_on
        )
        self.windows = {
            weekday: world.window(
                world.evaluator,
                weekday=weekday,
                start_time="09:00",
                end_time="17:00",
                horizon_days=365,
            )
            for weekday in range(7)
        }

    def window_for(self, start: datetime) -> UUID:
        return self.windows[start.astimezone(LONDON).weekday()]

    def book(self, start: datetime, cover: str = "Show impact to councillors") -> UUID:
        w = self.world
        return w.bank.bookings.book(
            w.worcs_head,
            service_id=w.worcestershire,
            provider_id=w.evaluator,
            window_id=self.window_for(start),
            engagement_id=self.engagement,
            start=start,
            cover=cover,
        )

    def move(self, booking_id: UUID, start: datetime, reason: str = "Clash") -> None:
        w = self.world
        w.bank.bookings.reschedule(
            w.evaluator, booking_id, window_id=self.window_for(start), start=start, reason=reason
        )

    def cancel(self, booking_id: UUID, reason: str = "Staff illness") -> None:
        self.world.bank.bookings.cancel(self.world.worcs_head, booking_id, reason=reason)
