"""Holds that a peer confirms or that lapse; a form sent twice; availability changed or
withdrawn under existing bookings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.errors import IllegalTransition, InvalidInput, SlotTaken, SlotUnavailable
from domain.ids import time_ordered_id
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from service.availability import WindowInput
from tests.service.support import london, nothing_recorded
from tests.world import World


def test_a_peer_who_confirms_bookings_holds_each_until_confirmed_or_lapsed(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    peer, bookings = world.leics_peer, bank.bookings
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours="", requires_confirmation=True)
    window = world.window(peer)  # Tuesdays 09:00-12:00, 45 minutes, 15-minute buffer

    def book(staff: UUID, start: datetime) -> UUID:
        service = bank.people.person(staff).service_id
        assert service is not None
        return bookings.book(
            staff, service_id=service, provider_id=peer, window_id=window, start=start
        )

    # Held for the service, and the slot is taken while the hold lasts; the peer confirms.
    held = book(world.notts_staff, london(2027, 3, 9, 10))
    view = bookings.booking(peer, held)
    assert (view.status, view.hold_until) == ("held", clock.now() + timedelta(hours=48))
    with nothing_recorded(bank, SlotTaken, "another library service has booked this time"):
        book(world.derby_staff, london(2027, 3, 9, 10))
    bookings.confirm_hold(peer, held)
    assert (bookings.booking(peer, held).status, bookings.booking(peer, held).hold_until) == (
        "confirmed",
        None,
    )

    # A hold never confirmed expires: the next booker gets the slot, and it is lapsed.
    lapsing = book(world.derby_staff, london(2027, 3, 16, 10))
    clock.advance(timedelta(hours=48))
    next_booker = book(world.worcs_head, london(2027, 3, 16, 10))
    lapsed = bookings.booking(peer, lapsing)
    assert (lapsed.status, lapsed.sequence) == ("lapsed", 1)
    assert bookings.booking(peer, next_booker).status == "held"
    with nothing_recorded(bank, IllegalTransition, "cannot confirm a booking that is lapsed"):
        bookings.confirm_hold(peer, lapsing)

    # The sweeper lapses a hold nobody has needed yet, but only once its time is up.
    swept = book(world.haringey_head, london(2027, 3, 23, 10))
    with nothing_recorded(bank, IllegalTransition, "the hold has not expired yet"):
        bookings.lapse_hold(swept)
    clock.advance(timedelta(hours=48))
    bookings.lapse_hold(swept)
    assert bookings.booking(peer, swept).status == "lapsed"
    assert bookings.booking(peer, book(world.derby_staff, london(2027, 3, 23, 10))).status == (
        "held"
    )

    # The peer declines a hold, with a reason the service reads; the slot is free again.
    bookings.decline_hold(peer, next_booker, reason="I am at a conference that week")
    declined = bookings.booking(world.worcs_head, next_booker)
    assert (declined.status, declined.cancelled_by_side) == ("cancelled", "provider")
    assert declined.reason == "I am at a conference that week"
    book(world.notts_staff, london(2027, 3, 16, 10))


def test_a_hold_never_outlasts_the_start_of_its_session(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    peer = world.leics_peer
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=None, requires_confirmation=True)
    window = world.window(peer)

    held = bank.bookings.book(
        world.notts_staff,
        service_id=world.nottingham,
        provider_id=peer,
        window_id=window,
        start=london(2027, 3, 2, 10),
    )

    assert bank.bookings.booking(peer, held).hold_until == datetime(2027, 3, 2, 10, tzinfo=UTC)


def test_the_same_booking_form_sent_twice_books_once(bank: ExpertBank, world: World) -> None:
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    window = world.window(world.evaluator)
    form = time_ordered_id(bank.clock.now())  # as the booking page makes its reference

    def submit(actor: UUID, service: UUID) -> UUID:
        return bank.bookings.book(
            actor,
            service_id=service,
            provider_id=world.evaluator,
            window_id=window,
            start=london(2027, 3, 9, 10),
            engagement_id=engagement,
            booking_id=form,
        )

    assert submit(world.worcs_head, world.worcestershire) == form
    head = bank.head_position()
    assert submit(world.worcs_head, world.worcestershire) == form
    assert bank.head_position() == head
    assert bank.requests.engagement(world.worcs_head, engagement).booked_minutes == 45
    with nothing_recorded(bank, InvalidInput, "that booking reference is already used"):
        submit(world.notts_staff, world.nottingham)


def test_changing_or_withdrawing_a_window_keeps_its_bookings_and_names_them(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    expert = world.evaluator
    engagement = world.engagement(world.worcs_head, expert, world.evaluation)
    window = world.window(expert, horizon_days=28)  # Tuesdays 09:00-12:00

    def book(start: datetime) -> UUID:
        return bank.bookings.book(
            world.worcs_head,
            service_id=world.worcestershire,
            provider_id=expert,
            window_id=window,
            start=start,
            engagement_id=engagement,
        )

    early, late, past = book(london(2027, 3, 9, 9)), book(london(2027, 3, 16, 11)), None
    past = book(london(2027, 3, 2, 10))
    clock.set(london(2027, 3, 2, 12))  # the first session is over

    mornings = WindowInput(
        kind="weekly",
        weekday=1,
        start_time="09:00",
        end_time="10:00",
        first_date=date(2027, 3, 1),
        session_minutes=45,
        buffer_minutes=15,
        horizon_days=28,
        theme_ids=[world.evaluation],
        mode="online",
        location="https://meet.example.org/room",
    )
    changed = bank.availability.change(expert, window, mornings)
    assert changed.bookings_kept == [late]  # 11:00 is no longer offered; 09:00 still is

    withdrawn = bank.availability.withdraw(expert, window)
    assert sorted(withdrawn.bookings_kept) == sorted([early, late])
    assert past not in withdrawn.bookings_kept
    assert {bank.bookings.booking(expert, b).status for b in (early, late)} == {"confirmed"}
    with nothing_recorded(bank, SlotUnavailable, "that availability has been withdrawn"):
        book(london(2027, 3, 23, 9))


def test_a_provider_moves_a_session_inside_the_notice_but_not_past_the_horizon(
    bank: ExpertBank, world: World
) -> None:
    expert = world.evaluator
    engagement = world.engagement(world.worcs_head, expert, world.evaluation)
    window = world.window(expert, horizon_days=14, notice_minutes=2 * 24 * 60)
    booking = bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=expert,
        window_id=window,
        start=london(2027, 3, 9, 10),
        engagement_id=engagement,
    )

    with nothing_recorded(bank, SlotUnavailable, "takes bookings up to 14 days ahead", "start"):
        bank.bookings.reschedule(expert, booking, window_id=window, start=london(2027, 4, 20, 10))
    with nothing_recorded(bank, SlotUnavailable, "needs 2 days' notice", "start"):
        bank.bookings.reschedule(
            world.worcs_head, booking, window_id=window, start=london(2027, 3, 2, 10)
        )
    bank.bookings.reschedule(expert, booking, window_id=window, start=london(2027, 3, 2, 10))

    assert bank.availability.withdraw(expert, window).bookings_kept == [booking]


def test_a_booking_kept_by_a_change_is_named_again_when_the_window_is_withdrawn(
    bank: ExpertBank, world: World
) -> None:
    expert = world.evaluator
    engagement = world.engagement(world.worcs_head, expert, world.evaluation)
    window = world.window(expert, last_date=date(2027, 3, 31))  # Tuesdays in March
    booking = bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=expert,
        window_id=window,
        start=london(2027, 3, 23, 10),
        engagement_id=engagement,
    )
    wednesdays_to_mid_march = WindowInput(
        kind="weekly",
        weekday=2,
        start_time="09:00",
        end_time="12:00",
        first_date=date(2027, 3, 1),
        last_date=date(2027, 3, 15),
        session_minutes=45,
        theme_ids=[world.evaluation],
        mode="online",
    )
    assert bank.availability.change(expert, window, wednesdays_to_mid_march).bookings_kept == [
        booking
    ]

    assert bank.availability.withdraw(expert, window).bookings_kept == [booking]
