"""A booking made while its window is withdrawn or changed, or its provider deactivated.

Two banks on one store stand for two web processes. Each race is played in every order,
deterministically: one command after the other, both ways, and interleaved, where the
second command runs to its end between the first one's reads and its save (the first
bank's save is held back until then). Whatever the order, a booking either is refused or
is named among the bookings the withdrawal or change kept, which is how the provider is
told of it; never a booking on a withdrawn window that nobody was told of.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.availability import AvailabilityWindow
from domain.bookings import Booking
from domain.errors import CapExceeded, SlotUnavailable
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from service.availability import WindowInput
from tests.world import World

TUESDAY_9AM = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)  # London is on GMT until 28 March


@pytest.fixture
def other(settings: Settings, clock: ManualClock) -> Iterator[ExpertBank]:
    """A second bank on the same store, as another web process would have."""
    app = bootstrap(settings, clock)
    yield app
    app.close()


class Race:
    """The booking of one slot, and the provider's (or staff's) change racing with it."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.window = world.window(world.evaluator)
        self.engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)

    def book(self, bank: ExpertBank) -> UUID:
        return bank.bookings.book(
            self.world.worcs_head,
            service_id=self.world.worcestershire,
            provider_id=self.world.evaluator,
            window_id=self.window,
            start=TUESDAY_9AM,
            engagement_id=self.engagement,
        )

    def withdraw(self, bank: ExpertBank) -> list[UUID]:
        return bank.availability.withdraw(self.world.evaluator, self.window).bookings_kept

    def move_to_wednesdays(self, bank: ExpertBank) -> list[UUID]:
        """Change the window to Wednesdays: the Tuesday slot is no longer offered."""
        changed = WindowInput(
            kind="weekly",
            weekday=2,
            start_time="09:00",
            end_time="12:00",
            first_date=self.world.today(),
            session_minutes=45,
            buffer_minutes=15,
            horizon_days=120,
            mode="online",
            location="https://meet.example.org/room",
            theme_ids=[self.world.evaluation],
        )
        return bank.availability.change(self.world.evaluator, self.window, changed).bookings_kept

    def deactivate(self, bank: ExpertBank) -> None:
        bank.people.deactivate(self.world.manager, self.world.evaluator, reason="Left the bank")

    def bookings(self, bank: ExpertBank) -> list[UUID]:
        """Every booking stored, read from the log itself."""
        found = bank.store.recorder.select_notifications(
            1, 1000, topics=["expertbank:Booking.Booked"]
        )
        return [n.originator_id for n in found if bank.store.repository.get(n.originator_id)]

    def kept_in_store(self, bank: ExpertBank) -> list[UUID]:
        """The bookings named by the window's last change or withdrawal, as stored."""
        events = list(bank.store.events.get(self.window))
        last: Any = events[-1]
        assert isinstance(last, AvailabilityWindow.Event), last
        return list(last.bookings_kept)


@pytest.fixture
def race(world: World) -> Race:
    return Race(world)


def between_reads_and_save(
    bank: ExpertBank, monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], object]
) -> list[object]:
    """Hold ``bank``'s next save back until ``meanwhile`` has run to its end (once); the
    list returned gets what ``meanwhile`` returned."""
    store, save, results = bank.store, bank.store.save, []

    def late_save(*args: Any, **kwargs: Any) -> Any:
        if not results:
            results.append(meanwhile())
        return save(*args, **kwargs)

    monkeypatch.setattr(store, "save", late_save)
    return results


def test_a_booking_made_before_the_withdrawal_is_named_in_it(
    bank: ExpertBank, other: ExpertBank, race: Race
) -> None:
    booking = race.book(bank)

    assert race.withdraw(other) == [booking]
    assert race.kept_in_store(bank) == [booking]


def test_a_booking_after_the_withdrawal_is_refused(
    bank: ExpertBank, other: ExpertBank, race: Race
) -> None:
    assert race.withdraw(other) == []

    with pytest.raises(SlotUnavailable, match="withdrawn"):
        race.book(bank)
    assert race.bookings(bank) == []


def test_a_withdrawal_saved_while_a_booking_is_made_refuses_the_booking(
    bank: ExpertBank, other: ExpertBank, race: Race, monkeypatch: pytest.MonkeyPatch
) -> None:
    withdrawn = between_reads_and_save(bank, monkeypatch, lambda: race.withdraw(other))

    with pytest.raises(SlotUnavailable, match="withdrawn"):
        race.book(bank)

    assert withdrawn == [[]]
    assert race.bookings(bank) == []
    assert bank.ctx.retries == 1  # the booking's save failed on the window, and ran again


def test_a_booking_saved_while_a_withdrawal_is_made_is_named_in_it(
    bank: ExpertBank, other: ExpertBank, race: Race, monkeypatch: pytest.MonkeyPatch
) -> None:
    booked = between_reads_and_save(bank, monkeypatch, lambda: race.book(other))

    kept = race.withdraw(bank)

    assert len(booked) == 1 and kept == booked
    assert race.kept_in_store(bank) == booked
    assert race.bookings(bank) == booked
    assert bank.ctx.retries == 1  # the withdrawal's save failed on the diary, and ran again


def test_a_change_saved_while_a_booking_is_made_refuses_a_slot_it_no_longer_offers(
    bank: ExpertBank, other: ExpertBank, race: Race, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = between_reads_and_save(bank, monkeypatch, lambda: race.move_to_wednesdays(other))

    with pytest.raises(SlotUnavailable):
        race.book(bank)

    assert changed == [[]]
    assert race.bookings(bank) == []


def test_a_booking_saved_while_a_change_is_made_is_named_in_it(
    bank: ExpertBank, other: ExpertBank, race: Race, monkeypatch: pytest.MonkeyPatch
) -> None:
    booked = between_reads_and_save(bank, monkeypatch, lambda: race.book(other))

    kept = race.move_to_wednesdays(bank)

    assert len(booked) == 1 and kept == booked
    assert race.kept_in_store(bank) == booked


def test_a_booking_made_before_a_change_is_named_in_it(
    bank: ExpertBank, other: ExpertBank, race: Race
) -> None:
    booking = race.book(bank)

    assert race.move_to_wednesdays(other) == [booking]


def test_a_deactivation_saved_while_a_booking_is_made_refuses_the_booking(
    bank: ExpertBank, other: ExpertBank, race: Race, monkeypatch: pytest.MonkeyPatch
) -> None:
    between_reads_and_save(bank, monkeypatch, lambda: race.deactivate(other))

    with pytest.raises(SlotUnavailable, match="not taking bookings"):
        race.book(bank)

    assert race.bookings(bank) == []
    assert bank.ctx.retries == 1


def test_a_provider_deactivated_before_or_after_a_booking(
    bank: ExpertBank, other: ExpertBank, race: Race
) -> None:
    """Deactivated after: the booking stays. Deactivated before: refused."""
    booking = race.book(bank)
    race.deactivate(other)

    moved = TUESDAY_9AM.replace(hour=10)
    with pytest.raises(SlotUnavailable, match="not taking bookings"):
        bank.bookings.book(
            race.world.worcs_head,
            service_id=race.world.worcestershire,
            provider_id=race.world.evaluator,
            window_id=race.window,
            start=moved,
            engagement_id=race.engagement,
        )
    live = bank.store.repository.get(booking)
    assert isinstance(live, Booking) and live.is_live
    assert race.bookings(bank) == [booking]


def test_a_peer_booking_saved_while_the_cap_is_lowered_keeps_the_cap_above_it(
    bank: ExpertBank, other: ExpertBank, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap's check read the month before the booking was saved: it runs again, and
    refuses a cap below the hours now committed."""
    peer = world.leics_peer
    window = world.window(peer, theme_ids=[world.partnerships])

    def book_peer_support() -> UUID:
        return other.bookings.book(
            world.worcs_head,
            service_id=world.worcestershire,
            provider_id=peer,
            window_id=window,
            start=TUESDAY_9AM,
        )

    booked = between_reads_and_save(bank, monkeypatch, book_peer_support)

    with pytest.raises(CapExceeded, match="45 minutes are already committed"):
        bank.people.set_peer_settings(
            peer, peer, monthly_cap_hours="0.5", requires_confirmation=False
        )

    assert len(booked) == 1
    assert bank.people.person(peer).peer_cap_minutes is None


def test_bookings_racing_a_withdrawal_are_each_refused_or_named_in_it(
    bank: ExpertBank, race: Race
) -> None:
    """Eight services book eight times of the window while its provider withdraws it, all
    released at once on one bank's threads: whatever the order, every booking made is
    named among those the withdrawal kept, and the others were refused as withdrawn."""
    starts = [
        TUESDAY_9AM + timedelta(weeks=week, hours=hour) for week in range(4) for hour in (0, 2)
    ]
    barrier = threading.Barrier(len(starts) + 1)

    def book(start: datetime) -> UUID | str:
        barrier.wait(timeout=60)
        try:
            return bank.bookings.book(
                race.world.worcs_head,
                service_id=race.world.worcestershire,
                provider_id=race.world.evaluator,
                window_id=race.window,
                start=start,
                engagement_id=race.engagement,
            )
        except SlotUnavailable as refused:
            return refused.message

    def withdraw() -> list[UUID]:
        barrier.wait(timeout=60)
        return race.withdraw(bank)

    with ThreadPoolExecutor(max_workers=len(starts) + 1) as pool:
        bookings = [pool.submit(book, start) for start in starts]
        withdrawal = pool.submit(withdraw)
        kept = withdrawal.result(timeout=120)
        outcomes = [b.result(timeout=120) for b in bookings]

    made = [o for o in outcomes if isinstance(o, UUID)]
    assert all(o == "that availability has been withdrawn" for o in outcomes if o not in made)
    assert sorted(kept) == sorted(made) == sorted(race.bookings(bank))
