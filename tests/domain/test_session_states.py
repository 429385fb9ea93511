"""Every state of a booking and its session has its own name: a request waiting for the
peer is never the same as a session that took place; a peer declines with or without a
reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.bookings import BookingStatus, SessionState, session_state, was_declined
from domain.errors import IllegalTransition
from tests.domain.support import NOW, SERVICE_HEAD, refused
from tests.domain.test_bookings import START, booked, held

END = START + timedelta(minutes=90)
S = SessionState


@pytest.mark.parametrize(
    ("status", "outcome", "declined", "now", "state"),
    [
        ("held", None, False, NOW, S.REQUESTED),
        ("confirmed", None, False, NOW, S.BOOKED),
        ("confirmed", None, False, END, S.TO_RECORD),
        ("confirmed", "held", False, END, S.TOOK_PLACE),
        ("confirmed", "no_show", False, END, S.NO_SHOW),
        ("cancelled", None, True, NOW, S.DECLINED),
        ("cancelled", None, False, NOW, S.CANCELLED),
        ("lapsed", None, False, NOW, S.NOT_ANSWERED),
    ],
)
def test_each_state_has_its_own_name(
    status: str, outcome: str | None, declined: bool, now: object, state: SessionState
) -> None:
    assert session_state(status=status, outcome=outcome, declined=declined, end=END, now=now) == (
        state
    )


def test_a_request_cancelled_by_the_peer_while_waiting_was_declined() -> None:
    assert was_declined(BookingStatus.HELD, "provider")
    assert not was_declined(BookingStatus.HELD, "service")
    assert not was_declined(BookingStatus.CONFIRMED, "provider")


def test_a_peer_declines_a_waiting_request_without_giving_a_reason() -> None:
    booking = held()
    booking.decline(actor=booking.provider_id, at=NOW, reason="")
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancelled_by_side == "provider" and booking.reason == ""


def test_only_a_waiting_request_can_be_declined() -> None:
    booking = booked()
    with refused(booking, IllegalTransition, "decline"):
        booking.decline(actor=SERVICE_HEAD, at=NOW, reason="")
