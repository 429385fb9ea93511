"""Bank holidays: no session starts on one of the provider's nation unless they work them;
search leaves them out and booking refuses them, whichever nation (England and Wales,
Scotland, Northern Ireland) the provider follows."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.errors import InvalidInput, SlotUnavailable
from service.application import ExpertBank
from tests.service.support import london, nothing_recorded
from tests.world import World

EASTER_MONDAY = date(2027, 3, 29)  # a bank holiday in England and Wales, not in Scotland


def _mondays(bank: ExpertBank, world: World) -> list[date]:
    bank.read_models.runner.catch_up()
    page = bank.read_models.availability.search(
        provider_id=world.evaluator, first_day=date(2027, 3, 22), last_day=date(2027, 4, 5)
    )
    return sorted({slot.start.date() for slot in page.slots})


def _book(bank: ExpertBank, world: World, window: UUID, engagement: UUID) -> UUID:
    return bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=window,
        start=london(2027, 3, 29, 9),
        engagement_id=engagement,
    )


def test_no_slots_on_the_providers_bank_holidays_unless_they_work_them(
    bank: ExpertBank, world: World
) -> None:
    expert = world.evaluator
    window = world.window(expert, weekday=0, session_minutes=60, buffer_minutes=0)
    engagement = world.engagement(world.worcs_head, expert, world.evaluation)

    assert _mondays(bank, world) == [date(2027, 3, 22), date(2027, 4, 5)]
    with nothing_recorded(bank, SlotUnavailable, r"bank holiday \(Easter Monday\)", "start"):
        _book(bank, world, window, engagement)

    bank.people.set_bank_holidays(expert, expert, nation="scotland", works_bank_holidays=False)
    assert EASTER_MONDAY in _mondays(bank, world)

    bank.people.set_bank_holidays(
        expert, expert, nation="england_and_wales", works_bank_holidays=True
    )
    assert _mondays(bank, world) == [date(2027, 3, 22), EASTER_MONDAY, date(2027, 4, 5)]
    _book(bank, world, window, engagement)


def test_a_nation_not_in_the_list_is_refused(bank: ExpertBank, world: World) -> None:
    with nothing_recorded(bank, InvalidInput, "choose England and Wales, Scotland", "nation"):
        bank.people.set_bank_holidays(
            world.evaluator, world.evaluator, nation="wales", works_bank_holidays=False
        )
    with nothing_recorded(bank, InvalidInput, "only experts and peers"):
        bank.people.set_bank_holidays(
            world.worcs_head, world.worcs_head, nation="scotland", works_bank_holidays=False
        )
