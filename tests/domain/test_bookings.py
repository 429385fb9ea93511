"""Bookings: held → confirmed → moved or cancelled before the start; lapsed holds; the
session recorded once after its start; feedback once after a held session (rule 3)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pytest

from domain.availability import WindowSpec
from domain.bookings import Booking, BookingStatus, Outcome, Side
from domain.errors import IllegalTransition, InvalidInput
from domain.time import TimeRange
from tests.domain.support import (
    EXPERT,
    NOW,
    SERVICE,
    SERVICE_HEAD,
    THEME,
    WINDOW,
    at,
    event_names,
    refused,
)

BOOKING = UUID(int=200)
START = at(2027, 3, 10, 10)
SPEC = WindowSpec.one_off(
    starts_at=at(2027, 3, 10, 9),
    ends_at=at(2027, 3, 10, 17),
    session_minutes=90,
    buffer_minutes=15,
    notice_minutes=0,
    horizon_days=90,
    theme_ids=[THEME],
    mode="online",
    location="https://meet.example.org/room",
)


def booked(hold_until: datetime | None = None, start: datetime = START) -> Booking:
    return Booking.book(
        booking_id=BOOKING,
        actor=SERVICE_HEAD,
        at=NOW,
        service_id=SERVICE,
        provider_id=EXPERT,
        window_id=WINDOW,
        spec=SPEC,
        slot=TimeRange(start, start + timedelta(minutes=90)),
        theme_id=THEME,
        engagement_id=UUID(int=300),
        cover="Our evaluation framework",
        hold_until=hold_until,
    )


def held() -> Booking:
    return booked(hold_until=NOW + timedelta(hours=48))


def move(booking: Booking, when: datetime, start: datetime = START + timedelta(days=7)) -> None:
    booking.reschedule(
        actor=EXPERT,
        at=when,
        window_id=WINDOW,
        spec=SPEC,
        slot=TimeRange(start, start + timedelta(minutes=90)),
        reason="Clash with a council meeting",
    )


def record(booking: Booking, when: datetime, outcome: Outcome = Outcome.HELD) -> None:
    booking.record_session(
        actor=EXPERT,
        at=when,
        outcome=outcome,
        notes="Walked through the logic model",
        outcomes="Draft indicators",
        actions="Service to collect baseline data",
    )


AFTER = START + timedelta(minutes=100)


def test_a_booking_without_a_hold_is_confirmed_at_once_and_keeps_its_id() -> None:
    booking = booked()

    assert booking.id == BOOKING
    assert booking.status == BookingStatus.CONFIRMED
    assert (booking.start, booking.minutes, booking.sequence) == (START, 90, 0)
    assert booking.span_with_buffer() == TimeRange(
        START - timedelta(minutes=15), START + timedelta(minutes=105)
    )


def test_a_held_booking_is_confirmed_before_its_hold_expires() -> None:
    booking = held()

    booking.confirm_hold(actor=EXPERT, at=NOW + timedelta(hours=47))

    assert (booking.status, booking.hold_until) == (BookingStatus.CONFIRMED, None)
    assert event_names(booking) == ["Booked", "HoldConfirmed"]


def test_a_hold_cannot_be_confirmed_once_it_has_expired() -> None:
    booking = held()

    with refused(booking, IllegalTransition, "the hold has lapsed: the service must book again"):
        booking.confirm_hold(actor=EXPERT, at=NOW + timedelta(hours=48))


def test_a_confirmed_booking_cannot_be_confirmed_again() -> None:
    booking = booked()

    with refused(booking, IllegalTransition, "cannot confirm a booking that is confirmed"):
        booking.confirm_hold(actor=EXPERT, at=NOW)


def test_an_expired_hold_lapses() -> None:
    booking = held()

    booking.lapse(actor=UUID(int=0), at=NOW + timedelta(hours=48))

    assert (booking.status, booking.sequence) == (BookingStatus.LAPSED, 1)


def test_a_hold_cannot_lapse_before_it_expires() -> None:
    booking = held()

    with refused(booking, IllegalTransition, "the hold has not expired yet"):
        booking.lapse(actor=UUID(int=0), at=NOW + timedelta(hours=47, minutes=59))


def test_a_confirmed_booking_never_lapses() -> None:
    booking = booked()

    with refused(booking, IllegalTransition, "cannot lapse a booking that is confirmed"):
        booking.lapse(actor=UUID(int=0), at=START)


def test_a_booking_moved_before_its_start_changes_time_and_sequence() -> None:
    booking = booked()

    move(booking, when=START - timedelta(minutes=1))

    assert booking.start == START + timedelta(days=7)
    assert (booking.status, booking.sequence) == (BookingStatus.CONFIRMED, 1)


def test_a_booking_cannot_be_moved_once_it_has_started() -> None:
    booking = booked()

    with refused(booking, IllegalTransition, "cannot move a session that has already started"):
        move(booking, when=START)


@pytest.mark.parametrize("status", ["held", "cancelled"])
def test_only_a_confirmed_booking_can_be_moved(status: str) -> None:
    booking = held()
    if status == "cancelled":
        booking.cancel(actor=SERVICE_HEAD, at=NOW, side=Side.SERVICE, reason="Illness")

    with refused(booking, IllegalTransition, f"cannot move a booking that is {status}"):
        move(booking, when=NOW)


def test_either_side_cancels_before_the_start_with_a_reason() -> None:
    booking = booked()
    move(booking, when=NOW)

    booking.cancel(actor=EXPERT, at=NOW, side=Side.PROVIDER, reason="  Expert unwell  ")

    assert booking.status == BookingStatus.CANCELLED
    assert (booking.cancelled_by_side, booking.reason) == ("provider", "Expert unwell")
    assert booking.sequence == 2


def test_a_cancellation_without_a_reason_is_refused() -> None:
    booking = booked()

    with refused(booking, InvalidInput, "enter a reason") as refusal:
        booking.cancel(actor=SERVICE_HEAD, at=NOW, side=Side.SERVICE, reason="  ")
    assert refusal.value.field == "reason"


def test_a_booking_cannot_be_cancelled_once_it_has_started() -> None:
    booking = booked()

    with refused(booking, IllegalTransition, "cannot cancel a session that has already started"):
        booking.cancel(actor=SERVICE_HEAD, at=START, side=Side.SERVICE, reason="Too late")


@pytest.mark.parametrize("finish", ["cancel", "lapse"])
def test_a_cancelled_or_lapsed_booking_cannot_be_cancelled(finish: str) -> None:
    booking = held()
    if finish == "cancel":
        booking.cancel(actor=SERVICE_HEAD, at=NOW, side=Side.SERVICE, reason="Illness")
    else:
        booking.lapse(actor=UUID(int=0), at=NOW + timedelta(hours=48))

    with refused(booking, IllegalTransition, f"cannot cancel a booking that is {finish}"):
        booking.cancel(actor=SERVICE_HEAD, at=NOW, side=Side.SERVICE, reason="Again")


def test_a_session_is_recorded_after_its_start() -> None:
    booking = booked()

    record(booking, when=AFTER)

    assert booking.outcome == Outcome.HELD
    assert event_names(booking)[-1] == "SessionRecorded"


def test_a_session_cannot_be_recorded_before_it_starts() -> None:
    booking = booked()

    with refused(booking, IllegalTransition, "the session has not started yet"):
        record(booking, when=START - timedelta(seconds=1))


def test_a_session_is_recorded_only_once() -> None:
    booking = booked()
    record(booking, when=AFTER, outcome=Outcome.NO_SHOW)

    with refused(booking, IllegalTransition, "this session is already recorded"):
        record(booking, when=AFTER, outcome=Outcome.HELD)


@pytest.mark.parametrize("status", ["held", "cancelled"])
def test_only_a_confirmed_booking_has_its_session_recorded(status: str) -> None:
    booking = held()
    if status == "cancelled":
        booking.cancel(actor=SERVICE_HEAD, at=NOW, side=Side.SERVICE, reason="Illness")

    with refused(
        booking, IllegalTransition, f"cannot record the session of a booking that is {status}"
    ):
        record(booking, when=AFTER)


def test_the_service_rates_a_held_session_once() -> None:
    booking = booked()
    record(booking, when=AFTER)

    booking.give_feedback(actor=SERVICE_HEAD, at=AFTER, rating=5, comment="Very useful")

    assert booking.rating == 5
    with refused(booking, IllegalTransition, "feedback for this session has already been given"):
        booking.give_feedback(actor=SERVICE_HEAD, at=AFTER, rating=4, comment="")


@pytest.mark.parametrize("outcome", [None, Outcome.NO_SHOW])
def test_feedback_needs_a_held_session(outcome: Outcome | None) -> None:
    booking = booked()
    if outcome is not None:
        record(booking, when=AFTER, outcome=outcome)

    with refused(
        booking, IllegalTransition, "feedback can be given once the session has been held"
    ):
        booking.give_feedback(actor=SERVICE_HEAD, at=AFTER, rating=4, comment="")


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        (0, "the rating must be between 1 and 5"),
        (6, "the rating must be between 1 and 5"),
        ("5", "the rating must be a whole number"),
        (True, "the rating must be a whole number"),
        (4.5, "the rating must be a whole number"),
    ],
)
def test_a_rating_is_a_whole_number_from_1_to_5(rating: object, message: str) -> None:
    booking = booked()
    record(booking, when=AFTER)

    with refused(booking, InvalidInput, message):
        booking.give_feedback(actor=SERVICE_HEAD, at=AFTER, rating=rating, comment="")  # type: ignore[arg-type]


@pytest.mark.parametrize("rating", [1, 5])
def test_the_rating_bounds_are_accepted(rating: int) -> None:
    booking = booked()
    record(booking, when=AFTER)

    booking.give_feedback(actor=SERVICE_HEAD, at=AFTER, rating=rating, comment="")

    assert booking.rating == rating
