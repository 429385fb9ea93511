"""Time off for part of a day: from a time on the first day until a time on the last.
Only that time is closed to bookings (search leaves it out, booking refuses it); sessions
already in it are kept and named, as whole days off keep theirs."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import pytest

from domain.errors import InvalidInput, SlotUnavailable
from service.application import ExpertBank
from tests.service.support import london, nothing_recorded
from tests.world import World

TUESDAY = date(2027, 3, 9)


def _starts(bank: ExpertBank, world: World) -> list[datetime]:
    bank.read_models.runner.catch_up()
    page = bank.read_models.availability.search(
        provider_id=world.evaluator, first_day=TUESDAY, last_day=TUESDAY
    )
    return [slot.start for slot in page.slots]


def _book(bank: ExpertBank, world: World, window: UUID, engagement: UUID, hour: int) -> UUID:
    return bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=window,
        start=london(2027, 3, 9, hour),
        engagement_id=engagement,
    )


def test_an_afternoon_off_closes_the_afternoon_only(bank: ExpertBank, world: World) -> None:
    expert = world.evaluator
    window = world.window(
        expert, start_time="09:00", end_time="17:00", session_minutes=60, buffer_minutes=0
    )
    engagement = world.engagement(world.worcs_head, expert, world.evaluation, hours=20)
    kept = _book(bank, world, window, engagement, 14)

    changed = bank.availability.add_time_off(
        expert,
        expert,
        first_day=TUESDAY,
        last_day=TUESDAY,
        from_time="13:30",
        until_time="16:00",
        note="School play",
    )

    assert changed.bookings_kept == [kept]
    assert [s.astimezone(london(2027, 3, 9).tzinfo).hour for s in _starts(bank, world)] == [
        9,
        10,
        11,
        12,
        16,
    ]
    with nothing_recorded(bank, SlotUnavailable, "the provider has time off then", "start"):
        _book(bank, world, window, engagement, 13)
    _book(bank, world, window, engagement, 12)  # ends at 13:00, before the time off
    entry = bank.read_models.windows.time_off(expert)[0]
    assert (entry.from_time, entry.until_time) == ("13:30", "16:00")

    bank.availability.remove_time_off(expert, changed.id)
    free_again = [s.astimezone(london(2027, 3, 9).tzinfo).hour for s in _starts(bank, world)]
    assert free_again == [9, 10, 11, 13, 15, 16]  # 12:00 and 14:00 are booked


def test_time_off_from_one_afternoon_to_the_next_morning(bank: ExpertBank, world: World) -> None:
    expert = world.evaluator
    world.window(expert, start_time="09:00", end_time="17:00", session_minutes=60, buffer_minutes=0)
    world.window(
        expert,
        weekday=2,
        start_time="09:00",
        end_time="17:00",
        session_minutes=60,
        buffer_minutes=0,
    )
    bank.availability.add_time_off(
        expert,
        expert,
        first_day=TUESDAY,
        last_day=date(2027, 3, 10),
        from_time="15:00",
        until_time="11:00",
    )
    bank.read_models.runner.catch_up()
    page = bank.read_models.availability.search(
        provider_id=expert, first_day=TUESDAY, last_day=date(2027, 3, 10)
    )
    local = [s.start.astimezone(london(2027, 3, 9).tzinfo) for s in page.slots]
    assert [(t.day, t.hour) for t in local] == [
        (9, 9),
        (9, 10),
        (9, 11),
        (9, 12),
        (9, 13),
        (9, 14),
        (10, 11),
        (10, 12),
        (10, 13),
        (10, 14),
        (10, 15),
        (10, 16),
    ]


@pytest.mark.parametrize(
    ("times", "message", "field"),
    [
        (("14:00", "13:00"), "the time off must end after it starts", "until_time"),
        (("14:00", "14:00"), "the time off must end after it starts", "until_time"),
        (("2pm", ""), "the start time must be a time such as 09:30", "from_time"),
        (("", "25:00"), "the end time must be a time such as 09:30", "until_time"),
    ],
)
def test_times_that_make_no_time_off_are_refused(
    bank: ExpertBank, world: World, times: tuple[str, str], message: str, field: str
) -> None:
    expert = world.evaluator
    with nothing_recorded(bank, InvalidInput, message, field):
        bank.availability.add_time_off(
            expert,
            expert,
            first_day=TUESDAY,
            last_day=TUESDAY,
            from_time=times[0],
            until_time=times[1],
        )


def test_a_time_that_does_not_exist_is_refused(bank: ExpertBank, world: World) -> None:
    expert = world.evaluator
    with nothing_recorded(bank, InvalidInput, "does not exist in the UK", "from_time"):
        bank.availability.add_time_off(
            expert,
            expert,
            first_day=date(2027, 3, 28),
            last_day=date(2027, 3, 28),
            from_time="01:30",
        )
