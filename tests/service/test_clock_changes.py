"""Rule 6 across the 2027 clock changes: sessions booked from weekly windows keep their
instants (UTC in the stored events) and their Europe/London wall-clock times; the hour
that does not exist in spring is never offered, the hour that happens twice in autumn is
offered once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.errors import InvalidInput, SlotUnavailable
from domain.time import LONDON
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from service.availability import WindowInput
from tests.service.support import london, nothing_recorded
from tests.world import World


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def half_hours(weekday: int, start_time: str, end_time: str, theme: UUID) -> dict[str, Any]:
    return {
        "kind": "weekly",
        "weekday": weekday,
        "start_time": start_time,
        "end_time": end_time,
        "first_date": date(2027, 3, 1),
        "session_minutes": 30,
        "buffer_minutes": 0,
        "horizon_days": 365,
        "theme_ids": [theme],
        "mode": "online",
    }


def test_sessions_around_the_clock_changes_keep_their_instants_and_wall_times(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    expert = world.evaluator
    # The Monday after the clocks go forward in 2027 is Easter Monday: this expert works it.
    bank.people.set_bank_holidays(
        expert, expert, nation="england_and_wales", works_bank_holidays=True
    )
    engagement = world.engagement(
        world.worcs_head, expert, world.evaluation, hours=8, ends_on=date(2027, 12, 31)
    )
    sundays_terms = half_hours(6, "00:30", "12:00", world.evaluation)
    sundays = world.window(expert, **sundays_terms)
    mondays = world.window(expert, **half_hours(0, "09:00", "12:00", world.evaluation))

    def book(window: UUID, start: datetime) -> UUID:
        return bank.bookings.book(
            world.worcs_head,
            service_id=world.worcestershire,
            provider_id=expert,
            window_id=window,
            start=start,
            engagement_id=engagement,
        )

    expected = {
        book(sundays, london(2027, 3, 28, 10)): utc(2027, 3, 28, 9),  # first day of BST
        book(mondays, london(2027, 3, 29, 9)): utc(2027, 3, 29, 8),
        book(sundays, london(2027, 10, 31, 10)): utc(2027, 10, 31, 10),  # back to GMT
        book(mondays, london(2027, 11, 1, 9)): utc(2027, 11, 1, 9),
    }

    clock.set(utc(2027, 4, 1, 12))  # read back after the spring change
    booked = bank.store.recorder.select_notifications(
        start=1, limit=10_000, topics=["expertbank:Booking.Booked"]
    )
    stored = {UUID(str(n.originator_id)): n.state for n in booked}
    for booking_id, instant in expected.items():
        view = bank.bookings.booking(world.worcs_head, booking_id)
        stored_start = f'"start":{{"_type_":"datetime_iso","_data_":"{instant.isoformat()}"}}'
        assert stored_start.encode() in stored[booking_id]  # the UTC instant, "+00:00"
        assert (view.start, view.end - view.start) == (instant, timedelta(minutes=30))
        wall = view.start.astimezone(LONDON)
        assert (wall.hour, wall.minute) == ((10, 0) if wall.weekday() == 6 else (9, 0))

    # 01:30 does not exist on 28 March: it is not offered, and asking for it is refused.
    spring_day = bank.availability.preview(
        WindowInput(**sundays_terms), london(2027, 3, 28), london(2027, 3, 29)
    )
    spring_walls = [slot.start.astimezone(LONDON).strftime("%H:%M") for slot in spring_day]
    assert spring_walls[:3] == ["00:30", "02:00", "02:30"]
    clock.set(utc(2027, 3, 1, 9))
    with nothing_recorded(bank, InvalidInput, "does not exist in Europe/London", "start"):
        book(sundays, london(2027, 3, 28, 1, 30))

    # 01:30 happens twice on 31 October: offered once, at its first occurrence (BST).
    autumn_day = bank.availability.preview(
        WindowInput(**sundays_terms),
        london(2027, 10, 31),
        london(2027, 11, 1),
    )
    autumn_walls = [slot.start.astimezone(LONDON).strftime("%H:%M") for slot in autumn_day]
    assert autumn_walls[:4] == ["00:30", "01:00", "01:30", "02:00"]
    assert autumn_walls.count("01:30") == 1
    first_one_thirty = book(sundays, london(2027, 10, 31, 1, 30))
    assert bank.bookings.booking(expert, first_one_thirty).start == utc(2027, 10, 31, 0, 30)
    second_one_thirty = datetime(2027, 10, 31, 1, 30, tzinfo=LONDON, fold=1)
    with nothing_recorded(bank, SlotUnavailable, "not one of the window's slots"):
        book(sundays, second_one_thirty)
