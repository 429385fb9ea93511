"""The aggregate cache: shared between threads, yet as fresh as the store for every command.

A second ExpertBank on the same store stands for another process: it has a cache of its
own, which the first bank's changes never touch.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

import pytest

from domain.availability import AvailabilityWindow
from domain.errors import IllegalTransition, SlotUnavailable
from domain.people import Person
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from service.availability import WindowInput
from tests.world import World

TUESDAY_9AM = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def other(settings: Settings, clock: ManualClock) -> Iterator[ExpertBank]:
    """Another process's view of the same store."""
    bank = bootstrap(settings, clock)
    yield bank
    bank.close()


def book(world: World, bank: ExpertBank, window: UUID, hour: int) -> None:
    bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=window,
        start=TUESDAY_9AM.replace(hour=hour),
        engagement_id=world.ids["engagement"],
    )


@pytest.fixture
def window(world: World) -> UUID:
    world.ids["engagement"] = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    return world.window(world.evaluator)


@pytest.mark.parametrize("pages", [None, 1], ids=["catching-up", "far-behind"])
def test_a_command_sees_what_another_process_changed_since(
    world: World, other: ExpertBank, window: UUID, pages: int | None
) -> None:
    book(world, world.bank, window, 9)  # this bank now caches the window as published
    if pages is not None:  # so far behind that the cache forgets all it held
        world.bank.ctx.cache.PAGE, world.bank.ctx.cache.MOST_PAGES = 2, pages

    other.availability.withdraw(world.evaluator, window)

    with pytest.raises(SlotUnavailable, match="withdrawn"):
        book(world, world.bank, window, 10)


def test_a_read_outside_commands_is_as_fresh_as_the_store(
    world: World, other: ExpertBank, window: UUID
) -> None:
    assert world.bank.availability.window(window).status == "published"

    other.availability.withdraw(world.evaluator, window)

    assert world.bank.availability.window(window).status == "withdrawn"


def test_an_aggregate_once_read_never_changes_under_its_reader(
    bank: ExpertBank, world: World
) -> None:
    before = bank.ctx.peek(Person, world.communicator)
    assert before is not None

    bank.people.deactivate(world.manager, world.communicator, reason="Left the programme")

    after = bank.ctx.peek(Person, world.communicator)
    assert (before.status, after and after.status) == ("active", "deactivated")
    mine = bank.ctx.find(Person, world.communicator)
    assert mine is not None and mine is not after and mine.status == "deactivated"


def test_a_save_overtaken_by_a_catch_up_leaves_its_aggregates_doubtful(
    world: World, other: ExpertBank
) -> None:
    """A thread's catch-up can pass over another process's change to an aggregate that
    this process has just saved but not yet cached: it must be read again, not trusted."""
    window = other.availability.publish(  # never read by this process
        world.evaluator,
        world.evaluator,
        WindowInput(
            kind="weekly",
            weekday=3,
            start_time="09:00",
            end_time="12:00",
            first_date=world.today(),
            session_minutes=45,
            theme_ids=[world.evaluation],
            mode="online",
        ),
    )
    as_saved = other.ctx.find(AvailabilityWindow, window)
    assert as_saved is not None
    cache = world.bank.ctx.cache
    looked_to = cache.position

    other.availability.withdraw(world.evaluator, window)
    cache.catch_up()  # by another thread, while this one saves
    cache.saved([as_saved], [], looked_to=looked_to, copy=True)

    with cache.current():
        seen = world.bank.ctx.peek(AvailabilityWindow, window)
    assert seen is not None and seen.status == "withdrawn"


def test_a_refusal_drawn_from_reads_overtaken_by_another_process_is_decided_again(
    world: World, other: ExpertBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The peer confirms a hold just as its service, in another process, cancels it: this
    process has caught up and trusts its cached booking (still held), but reads the diary
    afresh (already released). On that mixture the diary refuses; the command must not
    answer so, but decide again on what stands: the booking is cancelled."""
    peer = world.leics_peer
    world.bank.people.set_peer_settings(
        peer, peer, monthly_cap_hours=None, requires_confirmation=True
    )
    held = other.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=peer,
        window_id=world.window(peer),
        start=TUESDAY_9AM,
    )
    assert world.bank.bookings.booking(peer, held).status == "held"  # now cached here
    cache = world.bank.ctx.cache
    caught_up = cache.catch_up

    def catch_up_then_cancel_elsewhere() -> None:
        caught_up()
        if not cancelled:
            cancelled.append(held)
            other.bookings.cancel(world.worcs_head, held, reason="No longer needed")

    cancelled: list[UUID] = []
    monkeypatch.setattr(cache, "catch_up", catch_up_then_cancel_elsewhere)

    with pytest.raises(IllegalTransition, match="cancelled"):
        world.bank.bookings.confirm_hold(peer, held)
    assert cancelled == [held]
