"""When the scheduler's notices are due: reminders, follow-ups, warnings, the digest."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from domain.bookings import Outcome, Side
from domain.engagements import Engagement
from domain.notices import (
    FOLLOW_UP_WINDOW,
    OUTCOME_GRACE,
    Notice,
    NoticeKind,
    allowance_warning_due,
    digest_week_due,
    feedback_request_due,
    outcome_reminder_due,
    reminder_due,
)
from tests.domain.support import EXPERT, NOW, SERVICE, SERVICE_HEAD, STAFF, THEME, at
from tests.domain.test_bookings import SPEC, START, booked

LEADS = (timedelta(hours=24), timedelta(hours=1))
DAY, HOUR = LEADS


def test_the_reminder_due_is_the_shortest_lead_whose_time_has_come() -> None:
    booking = booked()
    assert reminder_due(booking, LEADS, START - DAY - timedelta(minutes=1)) is None
    assert reminder_due(booking, LEADS, START - DAY) == DAY
    assert reminder_due(booking, LEADS, START - HOUR) == HOUR
    assert reminder_due(booking, LEADS, START - timedelta(minutes=1)) == HOUR
    assert reminder_due(booking, LEADS, START) is None  # started: too late


def test_a_session_booked_after_a_reminder_time_skips_that_reminder() -> None:
    booking = booked()
    booking.reschedule(
        actor=EXPERT,
        at=START - timedelta(hours=10),
        window_id=booking.window_id,
        spec=SPEC,
        slot=booking.slot,
        reason="",
    )
    assert reminder_due(booking, LEADS, START - timedelta(hours=9)) is None
    assert reminder_due(booking, LEADS, START - HOUR) == HOUR


def test_a_cancelled_or_held_session_is_never_reminded() -> None:
    cancelled = booked()
    cancelled.cancel(actor=SERVICE_HEAD, at=NOW, side=Side.SERVICE, reason="Illness")
    held = booked(hold_until=NOW + timedelta(hours=48))
    for booking in (cancelled, held):
        assert reminder_due(booking, LEADS, START - HOUR) is None


def test_follow_ups_are_due_after_the_session_and_not_for_ever() -> None:
    booking = booked()
    end = booking.end
    assert not outcome_reminder_due(booking, end)
    assert outcome_reminder_due(booking, end + OUTCOME_GRACE)
    assert not outcome_reminder_due(booking, end + FOLLOW_UP_WINDOW)
    booking.record_session(
        actor=EXPERT, at=end, outcome=Outcome.HELD, notes="", outcomes="", actions=""
    )
    assert not outcome_reminder_due(booking, end + OUTCOME_GRACE)
    assert feedback_request_due(booking, end + OUTCOME_GRACE)
    booking.give_feedback(actor=SERVICE_HEAD, at=end, rating=5, comment="")
    assert not feedback_request_due(booking, end + OUTCOME_GRACE)


def test_an_allowance_warning_is_due_near_the_end_with_hours_unused() -> None:
    engagement = Engagement.commission(
        actor=STAFF,
        at=NOW,
        request_id=UUID(int=400),
        service_id=SERVICE,
        expert_id=EXPERT,
        theme_id=THEME,
        allowance_minutes=8 * 60,
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 31),
    )
    assert not allowance_warning_due(engagement, date(2027, 3, 16), 14)
    assert allowance_warning_due(engagement, date(2027, 3, 17), 14)
    assert allowance_warning_due(engagement, date(2027, 3, 31), 14)
    assert not allowance_warning_due(engagement, date(2027, 4, 1), 14)


def test_the_digest_is_due_from_monday_7_in_london_once_per_iso_week() -> None:
    assert digest_week_due(at(2027, 3, 29, 5, 59)) is None  # 06:59 BST
    assert digest_week_due(at(2027, 3, 29, 6, 0)) == "2027-W13"  # 07:00 BST
    assert digest_week_due(at(2027, 4, 4, 22)) == "2027-W13"  # Sunday night
    assert digest_week_due(at(2027, 11, 1, 6, 59)) is None  # 06:59 GMT
    assert digest_week_due(at(2027, 11, 1, 7, 0)) == "2027-W44"  # 07:00 GMT


def test_the_same_notice_recorded_twice_conflicts_on_save() -> None:
    kwargs = {
        "actor": STAFF,
        "at": NOW,
        "kind": NoticeKind.SESSION_REMINDER,
        "subject_id": UUID(int=200),
        "occasion": "2027-03-10T10:00:00+00:00/60m",
        "recipients": [SERVICE_HEAD, EXPERT, SERVICE_HEAD],
        "facts": {"lead_minutes": 60},
    }
    first, second = Notice.record(**kwargs), Notice.record(**kwargs)
    assert first.recipients == [SERVICE_HEAD, EXPERT]
    store = Application[UUID]()
    store.save(first)
    with pytest.raises(IntegrityError):
        store.save(second)
    with pytest.raises(ValueError):
        Notice.record(**{**kwargs, "kind": "gossip"})
