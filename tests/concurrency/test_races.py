"""Rules 1 and 2 under concurrency: 16 racers at the same moment, in one process or four.

Each test runs on SQLite and PostgreSQL, with threads and with processes (the ``race``
fixture). After every race the whole store is read back (``assert_rules_hold``): no
overlapping sessions, no seat, minute or cap too many, nothing half-written. Losers must be
refused with a named rule, or told to try again (Conflict): never any other error.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

import pytest

from domain.availability import AvailabilityWindow
from domain.diary import ProviderDiary
from domain.errors import SlotTaken
from domain.ids import diary_id
from domain.time import london_date, london_instant
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from tests.concurrency.checks import assert_rules_hold
from tests.concurrency.conftest import Race
from tests.concurrency.racers import THREADS, Attempt, Outcome
from tests.world import World

TUESDAY_9AM = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)  # London is on GMT until 28 March


def refusals(outcomes: list[Outcome]) -> Counter[str]:
    unexpected = [o.unexpected for o in outcomes if o.unexpected]
    assert not unexpected, "a racer failed with an unexpected error:\n" + "\n".join(unexpected)
    return Counter(o.refused for o in outcomes if o.refused)


def booked(outcomes: list[Outcome]) -> list[UUID]:
    return [o.booked for o in outcomes if o.booked is not None]


def tuesdays(weeks: int, times: list[str], first: date = date(2027, 3, 2)) -> list[datetime]:
    """The instants of London wall ``times`` on ``weeks`` weekly dates from ``first``."""
    instants = [
        london_instant(first + timedelta(weeks=week), time.fromisoformat(wall))
        for week in range(weeks)
        for wall in times
    ]
    return [instant for instant in instants if instant is not None]


def test_one_slot_is_booked_once(
    world: World, race: Race, services: list[tuple[UUID, UUID]]
) -> None:
    window = world.window(world.evaluator)
    attempts = [
        Attempt(
            staff,
            service,
            world.evaluator,
            window,
            TUESDAY_9AM,
            world.engagement(staff, world.evaluator, world.evaluation),
        )
        for service, staff in services
    ]

    outcomes = race(attempts)

    assert len(booked(outcomes)) == 1
    assert refusals(outcomes).keys() <= {"SlotTaken", "Conflict"}
    books = assert_rules_hold(world.bank)
    assert [b.id for b in books.live] == booked(outcomes)


def test_moves_and_new_bookings_racing_for_one_slot_take_it_once(
    world: World, race: Race, services: list[tuple[UUID, UUID]]
) -> None:
    """Eight sessions are moved into the slot that eight new bookings want: one of the 16
    gets it; a session that could not move keeps its old time, and no time is held twice."""
    window = world.window(world.evaluator)
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    later = tuesdays(9, ["10:00"])[1:]
    sessions = [
        world.bank.bookings.book(
            world.worcs_head,
            service_id=world.worcestershire,
            provider_id=world.evaluator,
            window_id=window,
            start=start,
            engagement_id=engagement,
        )
        for start in later
    ]
    moves = [
        Attempt(world.worcs_head, world.worcestershire, world.evaluator, window, TUESDAY_9AM,
                action="move", target=session)
        for session in sessions
    ]  # fmt: skip
    new = [
        Attempt(staff, service, world.evaluator, window, TUESDAY_9AM,
                world.engagement(staff, world.evaluator, world.evaluation))
        for service, staff in services[: THREADS - len(moves)]
    ]  # fmt: skip

    outcomes = race([attempt for pair in zip(moves, new, strict=True) for attempt in pair])

    assert len(booked(outcomes)) == 1
    assert refusals(outcomes).keys() <= {"SlotTaken", "Conflict"}
    books = assert_rules_hold(world.bank)
    at_nine = [b for b in books.live if b.start == TUESDAY_9AM]
    assert [b.id for b in at_nine] == booked(outcomes)
    stayed = {b.id: b.start for b in books.live if b.id in sessions and b.start != TUESDAY_9AM}
    assert stayed == {
        session: start for session, start in zip(sessions, later, strict=True) if session in stayed
    }
    assert len(stayed) == len(sessions) - len(set(booked(outcomes)) & set(sessions))


def test_a_held_booking_is_settled_once_while_others_want_its_slot(
    world: World, race: Race, services: list[tuple[UUID, UUID]]
) -> None:
    """At one moment the peer confirms and declines a hold, its service cancels it, and
    other services try to book its slot: the hold is settled once (confirmed, declined or
    cancelled; once confirmed it may still be cancelled), every change is recorded once,
    and the slot is booked again only if the hold was given up."""
    peer = world.leics_peer
    world.bank.people.set_peer_settings(
        peer, peer, monthly_cap_hours=None, requires_confirmation=True
    )
    window = world.window(peer)
    (service, staff), *others = services
    held = world.bank.bookings.book(
        staff, service_id=service, provider_id=peer, window_id=window, start=TUESDAY_9AM
    )
    assert world.bank.bookings.booking(staff, held).status == "held"
    settling = {
        "confirm": Attempt(peer, service, peer, window, TUESDAY_9AM, action="confirm", target=held),
        "decline": Attempt(peer, service, peer, window, TUESDAY_9AM, action="decline", target=held),
        "cancel": Attempt(staff, service, peer, window, TUESDAY_9AM, action="cancel", target=held),
    }
    newcomers = [Attempt(them, theirs, peer, window, TUESDAY_9AM) for theirs, them in others[:4]]
    attempts = [*settling.values(), newcomers[0]] * 3 + newcomers[1:] + [settling["confirm"]]
    assert len(attempts) == THREADS

    outcomes = race(attempts)

    refused = refusals(outcomes)
    assert refused.keys() <= {"IllegalTransition", "SlotTaken", "Conflict"}
    settled = sorted(
        (o.attempt.action for o in outcomes if o.booked == held), key=list(RECORDED).index
    )
    assert settled in ([], ["confirm"], ["decline"], ["cancel"], ["confirm", "cancel"])
    assert settled or refused["Conflict"]
    recorded = [type(e).__name__ for e in world.bank.store.events.get(held)]
    assert recorded == ["Booked"] + [RECORDED[action] for action in settled]
    books = assert_rules_hold(world.bank)
    (after,) = [b for b in books.bookings if b.id == held]
    given_up = any(action in ("cancel", "decline") for action in settled)
    assert after.status == ("cancelled" if given_up else "confirmed" if settled else "held")
    taken = [o.booked for o in outcomes if o.attempt.action == "book" and o.booked]
    assert len(taken) <= (1 if given_up else 0)
    assert [b.id for b in books.live] == ([held] if after.is_live else taken)


RECORDED = {"confirm": "HoldConfirmed", "decline": "Cancelled", "cancel": "Cancelled"}  # in order


def test_overlapping_slots_from_different_windows_never_double_book_the_provider(
    world: World, race: Race, clock: ManualClock
) -> None:
    """Four windows on one morning, with different lengths and buffers, cut slots that
    overlap each other; whichever wins, the provider's sessions never overlap."""
    expert = world.evaluator
    windows = [
        world.window(expert),  # 09:00, 10:00, 11:00: 45 minutes, 15 buffer
        world.window(expert, start_time="09:30", end_time="12:30", session_minutes=60,
                     buffer_minutes=0),  # 09:30, 10:30, 11:30
        world.window(expert, kind="one_off", starts_at=TUESDAY_9AM + timedelta(minutes=15),
                     ends_at=TUESDAY_9AM + timedelta(hours=2, minutes=15), session_minutes=30,
                     buffer_minutes=10),  # 09:15, 09:55, 10:35
        world.window(expert, start_time="08:40", end_time="10:40", session_minutes=50,
                     buffer_minutes=5),  # 08:40, 09:35
    ]  # fmt: skip
    day = london_date(TUESDAY_9AM)
    slots = [
        (window, slot.start)
        for window in windows
        for slot in world.bank.ctx.load(
            AvailabilityWindow, window, "window", field=None
        ).spec.slots(TUESDAY_9AM - timedelta(hours=1), TUESDAY_9AM + timedelta(hours=4))
    ]
    assert len(slots) == 11
    heads = [world.worcs_head, world.haringey_head, world.notts_staff, world.derby_staff]
    engagements = [world.engagement(head, expert, world.evaluation) for head in heads]
    attempts = [
        Attempt(heads[n % 4], _service(world, heads[n % 4]), expert, window, start,
                engagements[n % 4])
        for n, (window, start) in enumerate(slots * 2)
    ][:THREADS]  # fmt: skip

    outcomes = race(attempts)

    assert booked(outcomes)
    assert refusals(outcomes).keys() <= {"SlotTaken", "Conflict"}
    assert_rules_hold(world.bank)
    diary = world.bank.ctx.load(ProviderDiary, diary_id(expert, day), "diary", field=None)
    for outcome in outcomes:
        if outcome.refused == "SlotTaken":
            _assert_still_taken(world.bank, diary, outcome.attempt, clock.now())


def _service(world: World, staff: UUID) -> UUID:
    service = world.bank.people.person(staff).service_id
    assert service is not None
    return service


def _assert_still_taken(
    bank: ExpertBank, diary: ProviderDiary, attempt: Attempt, now: datetime
) -> None:
    """A refusal was not spurious: the slot clashes with what the diary holds."""
    window = bank.ctx.load(AvailabilityWindow, attempt.window_id, "window", field=None)
    with pytest.raises(SlotTaken):
        diary.check_free(
            at=now,
            booking_id=uuid4(),
            window_id=window.id,
            slot=window.spec.slot_at(attempt.start),
            buffer_minutes=window.spec.buffer_minutes,
            seats=window.spec.seats,
        )


def test_an_engagement_allowance_is_never_exceeded(world: World, race: Race) -> None:
    window = world.window(world.evaluator)
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation, hours=3)
    starts = tuesdays(6, ["09:00", "10:00", "11:00"])[:THREADS]
    attempts = [
        Attempt(world.worcs_head, world.worcestershire, world.evaluator, window, start, engagement)
        for start in starts
    ]

    outcomes = race(attempts)

    refused = refusals(outcomes)
    assert refused.keys() <= {"AllowanceExceeded", "Conflict"}
    winners = booked(outcomes)
    assert len(winners) == 4 if not refused["Conflict"] else len(winners) <= 4
    books = assert_rules_hold(world.bank)
    (allowance,) = [e for e in books.engagements if e.id == engagement]
    assert allowance.booked_minutes == 45 * len(winners) <= allowance.allowance_minutes == 180


def test_a_peer_monthly_cap_is_never_exceeded(
    world: World, race: Race, services: list[tuple[UUID, UUID]]
) -> None:
    peer = world.leics_peer
    world.bank.people.set_peer_settings(
        peer, peer, monthly_cap_hours=3, requires_confirmation=False
    )
    on_tuesdays = world.window(peer)
    on_thursdays = world.window(peer, weekday=3)
    slots = [(on_tuesdays, start) for start in tuesdays(5, ["09:00", "10:00"])] + [
        (on_thursdays, start) for start in tuesdays(3, ["09:00", "10:00"], date(2027, 3, 4))
    ]
    attempts = [
        Attempt(staff, service, peer, window, start)
        for (service, staff), (window, start) in zip(services, slots, strict=True)
    ]
    assert {start.month for _, start in slots} == {3}

    outcomes = race(attempts)

    refused = refusals(outcomes)
    assert refused.keys() <= {"CapExceeded", "Conflict"}
    winners = booked(outcomes)
    assert len(winners) == 4 if not refused["Conflict"] else len(winners) <= 4
    books = assert_rules_hold(world.bank)
    (march,) = books.peer_months
    assert march.committed_minutes == 45 * len(winners) <= 180


def test_a_group_session_never_takes_more_bookings_than_seats(
    world: World, race: Race, services: list[tuple[UUID, UUID]]
) -> None:
    window = world.window(world.leics_peer, seats=5)
    attempts = [
        Attempt(staff, service, world.leics_peer, window, TUESDAY_9AM)
        for service, staff in services
    ]

    outcomes = race(attempts)

    refused = refusals(outcomes)
    assert refused.keys() <= {"SessionFull", "Conflict"}
    winners = booked(outcomes)
    assert len(winners) == 5 if not refused["Conflict"] else len(winners) <= 5
    books = assert_rules_hold(world.bank)
    assert sorted(b.id for b in books.live) == sorted(winners)
    (month,) = books.peer_months
    assert month.committed_minutes == 45  # a group session counts once against the cap
