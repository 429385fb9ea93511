"""Engagements: an allowance of hours that bookings draw on and never exceed (rule 2)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.engagements import Engagement, EngagementState
from domain.errors import AllowanceExceeded, IllegalTransition, InvalidInput, SlotUnavailable
from tests.domain.support import EXPERT, NOW, SERVICE, STAFF, THEME, at, event_names, refused

REQUEST = UUID(int=50)
FIRST, SECOND, THIRD, FOURTH = (UUID(int=n) for n in range(101, 105))


def commissioned(allowance_minutes: int = 8 * 60, ends_on: date = date(2027, 6, 30)) -> Engagement:
    return Engagement.commission(
        actor=STAFF,
        at=NOW,
        request_id=REQUEST,
        service_id=SERVICE,
        expert_id=EXPERT,
        theme_id=THEME,
        allowance_minutes=allowance_minutes,
        starts_on=date(2027, 3, 1),
        ends_on=ends_on,
    )


def reserve(engagement: Engagement, booking: UUID, minutes: int, day: int = 10) -> None:
    engagement.reserve(
        actor=SERVICE, at=NOW, booking_id=booking, minutes=minutes, start=at(2027, 3, day, 10)
    )


def test_bookings_draw_their_minutes_from_the_allowance() -> None:
    engagement = commissioned()

    reserve(engagement, FIRST, 90)
    reserve(engagement, SECOND, 90, day=17)

    assert engagement.booked_minutes == 180
    assert engagement.minutes_left == 300
    assert event_names(engagement)[-2:] == ["HoursReserved", "HoursReserved"]


def test_a_booking_that_would_pass_the_allowance_is_refused_saying_what_is_left() -> None:
    engagement = commissioned()
    for booking, day in [(FIRST, 10), (SECOND, 17), (THIRD, 24)]:
        reserve(engagement, booking, 90, day)

    with refused(
        engagement,
        AllowanceExceeded,
        "only 3.5 hours left of the 8 hours allowance: this session needs 4 hours",
    ):
        reserve(engagement, FOURTH, 240, day=31)


def test_a_booking_can_use_exactly_the_hours_left() -> None:
    engagement = commissioned(allowance_minutes=180)
    reserve(engagement, FIRST, 90)

    reserve(engagement, SECOND, 90, day=17)

    assert engagement.minutes_left == 0


def test_a_moved_booking_draws_its_minutes_once() -> None:
    engagement = commissioned(allowance_minutes=120)
    reserve(engagement, FIRST, 90)

    reserve(engagement, FIRST, 120, day=24)

    assert engagement.booked_minutes == 120
    assert engagement.reservations[str(FIRST)]["start"] == at(2027, 3, 24, 10)


def test_a_booking_outside_the_engagement_period_is_refused() -> None:
    engagement = commissioned(ends_on=date(2027, 3, 31))

    with refused(engagement, SlotUnavailable, "runs from 1 March 2027 to 31 March 2027"):
        engagement.reserve(
            actor=SERVICE, at=NOW, booking_id=FIRST, minutes=60, start=at(2027, 4, 1, 9)
        )


def test_released_minutes_can_be_booked_again() -> None:
    engagement = commissioned(allowance_minutes=90)
    reserve(engagement, FIRST, 90)

    engagement.release(actor=SERVICE, at=NOW, booking_id=FIRST)
    reserve(engagement, SECOND, 90, day=17)

    assert list(engagement.reservations) == [str(SECOND)]


def test_releasing_a_booking_that_drew_nothing_records_nothing() -> None:
    engagement = commissioned()
    version = engagement.version

    engagement.release(actor=SERVICE, at=NOW, booking_id=FIRST)

    assert engagement.version == version


def test_hours_used_are_counted_per_booking() -> None:
    engagement = commissioned()
    reserve(engagement, FIRST, 90)

    engagement.record_use(actor=EXPERT, at=NOW, booking_id=FIRST, minutes=90)

    assert (engagement.booked_minutes, engagement.used_minutes) == (90, 90)


def test_use_of_a_booking_that_drew_nothing_is_refused() -> None:
    engagement = commissioned()

    with refused(engagement, InvalidInput, "that booking draws nothing from this engagement"):
        engagement.record_use(actor=EXPERT, at=NOW, booking_id=FIRST, minutes=90)


def test_the_allowance_can_be_raised_and_the_period_extended() -> None:
    engagement = commissioned()

    engagement.change_allowance(
        actor=STAFF, at=NOW, allowance_minutes=10 * 60, ends_on=date(2027, 7, 31)
    )

    assert (engagement.allowance_minutes, engagement.ends_on) == (600, date(2027, 7, 31))


def test_the_allowance_cannot_fall_below_the_hours_already_booked() -> None:
    engagement = commissioned()
    reserve(engagement, FIRST, 90)
    reserve(engagement, SECOND, 90, day=17)

    with refused(engagement, AllowanceExceeded, "3 hours are already booked"):
        engagement.change_allowance(
            actor=STAFF, at=NOW, allowance_minutes=120, ends_on=date(2027, 6, 30)
        )


def test_the_period_cannot_end_before_a_booked_session() -> None:
    engagement = commissioned()
    reserve(engagement, FIRST, 90, day=24)

    with refused(engagement, InvalidInput, "a session is booked on 24 March 2027") as refusal:
        engagement.change_allowance(
            actor=STAFF, at=NOW, allowance_minutes=480, ends_on=date(2027, 3, 20)
        )
    assert refusal.value.field == "ends_on"


def test_an_engagement_completes_once_no_session_is_still_to_come() -> None:
    engagement = commissioned()
    reserve(engagement, FIRST, 90)

    engagement.complete(actor=STAFF, at=at(2027, 3, 10, 12))

    assert engagement.state == EngagementState.COMPLETED


@pytest.mark.parametrize("action", ["complete", "close"])
def test_an_engagement_with_a_session_still_to_come_cannot_be_completed_or_closed(
    action: str,
) -> None:
    engagement = commissioned()
    reserve(engagement, FIRST, 90, day=10)
    reserve(engagement, SECOND, 90, day=17)
    engagement.record_use(actor=EXPERT, at=NOW, booking_id=FIRST, minutes=90)
    later = at(2027, 3, 11)

    with refused(
        engagement,
        IllegalTransition,
        f"cannot {action} the engagement: a session on 17 March 2027 is still to come",
    ):
        if action == "complete":
            engagement.complete(actor=STAFF, at=later)
        else:
            engagement.close(actor=STAFF, at=later, reason="Service restructured")


def test_a_closed_engagement_keeps_its_reason_and_takes_no_more_bookings() -> None:
    engagement = commissioned()
    engagement.close(actor=STAFF, at=NOW, reason="Service restructured")

    with refused(
        engagement, IllegalTransition, "cannot book a session for an engagement that is closed"
    ):
        reserve(engagement, FIRST, 60)


def test_closing_needs_a_reason() -> None:
    engagement = commissioned()

    with refused(engagement, InvalidInput, "enter a reason"):
        engagement.close(actor=STAFF, at=NOW, reason="")


@pytest.mark.parametrize(
    ("finish", "action", "message"),
    [
        ("complete", "complete", "cannot complete an engagement that is completed"),
        ("complete", "close", "cannot close an engagement that is completed"),
        ("close", "complete", "cannot complete an engagement that is closed"),
        ("complete", "allowance", "cannot change the allowance of an engagement that is completed"),
    ],
)
def test_a_finished_engagement_stays_finished(finish: str, action: str, message: str) -> None:
    engagement = commissioned()
    if finish == "complete":
        engagement.complete(actor=STAFF, at=NOW)
    else:
        engagement.close(actor=STAFF, at=NOW, reason="Ended early")

    with refused(engagement, IllegalTransition, message):
        if action == "complete":
            engagement.complete(actor=STAFF, at=NOW)
        elif action == "close":
            engagement.close(actor=STAFF, at=NOW, reason="Again")
        else:
            engagement.change_allowance(
                actor=STAFF, at=NOW, allowance_minutes=600, ends_on=date(2027, 6, 30)
            )


@pytest.mark.parametrize(
    ("minutes", "ends_on", "message", "field"),
    [
        (
            10,
            date(2027, 6, 30),
            "the allowance must be between 15 and 12000 minutes",
            "allowance_hours",
        ),
        (12001, date(2027, 6, 30), "between 15 and 12000 minutes", "allowance_hours"),
        (480, date(2027, 2, 27), "end of the period must be on or after its start", "ends_on"),
    ],
)
def test_a_commission_with_bad_terms_is_refused(
    minutes: int, ends_on: date, message: str, field: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as refusal:
        commissioned(minutes, ends_on)
    assert refusal.value.field == field


def test_a_commission_may_end_today() -> None:
    assert commissioned(ends_on=NOW.date()).ends_on == NOW.date()


def test_a_commission_whose_period_has_already_ended_is_refused() -> None:
    with pytest.raises(InvalidInput, match="the period must not end in the past"):
        Engagement.commission(
            actor=STAFF,
            at=NOW,
            request_id=REQUEST,
            service_id=SERVICE,
            expert_id=EXPERT,
            theme_id=THEME,
            allowance_minutes=480,
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 2, 28),
        )
