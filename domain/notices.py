"""Notices: what the scheduler does once, recorded so that doing it again changes nothing.

A notice is one session reminder, feedback request, outcome reminder, allowance warning or
weekly digest, addressed to people by id. Its id comes from its kind, its subject and its
occasion (a reminder's occasion is the session's start and the lead time), so recording the
same notice twice conflicts on save: a second run of a job, a restarted worker or a second
worker cannot send it again. The rules for when each is due live here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.bookings import Booking, BookingStatus, Outcome
from domain.engagements import Engagement, EngagementState
from domain.ids import natural_id
from domain.time import london_date, london_instant

FOLLOW_UP_WINDOW = timedelta(days=14)
"""Feedback requests and outcome reminders are not sent for sessions older than this (a
worker started on old history does not mail about sessions long past)."""

OUTCOME_GRACE = timedelta(hours=1)
"""How long after a session ends its provider is reminded to record it."""

DIGEST_TIME = time(7, 0)
"""Monday morning, London time: well clear of the 01:00-02:00 hour of clock changes."""

Fact = int | str


class NoticeKind(StrEnum):
    SESSION_REMINDER = "session_reminder"
    FEEDBACK_REQUEST = "feedback_request"
    OUTCOME_REMINDER = "outcome_reminder"
    ALLOWANCE_ENDING = "allowance_ending"
    WEEKLY_DIGEST = "weekly_digest"
    CALENDAR_FAILING = "calendar_failing"
    """Drafted from ``CalendarConnection.Failing``, not recorded as a Notice."""
    SESSION_CLASH = "session_clash"
    """Drafted from ``SessionClash.Found``, not recorded as a Notice."""


class Notice(Aggregate):
    """One thing the scheduler did, to whom, with the facts it reported."""

    TOPIC = "expertbank:Notice"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:Notice.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:Notice.Created"

    @staticmethod
    def create_id(kind: str, subject_id: UUID, occasion: str) -> UUID:
        return notice_id(NoticeKind(kind), subject_id, occasion)

    @classmethod
    def record(
        cls,
        *,
        actor: UUID,
        at: datetime,
        kind: NoticeKind,
        subject_id: UUID,
        occasion: str,
        recipients: Iterable[UUID],
        facts: Mapping[str, Fact],
    ) -> Notice:
        return cls(
            actor=actor,
            timestamp=at,
            kind=NoticeKind(kind).value,
            subject_id=subject_id,
            occasion=occasion,
            recipients=list(dict.fromkeys(recipients)),
            facts=dict(facts),
        )

    @event("Recorded", topic="expertbank:Notice.Recorded")
    def __init__(
        self,
        actor: UUID,
        timestamp: datetime,
        kind: str,
        subject_id: UUID,
        occasion: str,
        recipients: list[UUID],
        facts: dict[str, Fact],
    ) -> None:
        self.kind = kind
        self.subject_id = subject_id
        self.occasion = occasion
        self.recipients = list(recipients)
        self.facts = dict(facts)


def notice_id(kind: NoticeKind, subject_id: UUID, occasion: str) -> UUID:
    return natural_id("notice", kind.value, subject_id, occasion)


def reminder_occasion(start: datetime, lead: timedelta) -> str:
    """A reminder belongs to one start time: a moved session is reminded afresh."""
    return f"{start.isoformat()}/{int(lead.total_seconds() // 60)}m"


def reminder_due(booking: Booking, leads: Sequence[timedelta], now: datetime) -> timedelta | None:
    """The lead of the reminder due for the session now, or None.

    Only confirmed sessions still to come are reminded. Of the leads whose time has come,
    the shortest is due (a worker that was down for a day sends the one-hour reminder, not
    both), and only if the session had its time before then: a session booked ten hours
    ahead gets no 24-hour reminder right after its invitation.
    """
    if booking.status != BookingStatus.CONFIRMED or booking.start <= now:
        return None
    due = [
        lead
        for lead in leads
        if booking.start - lead <= now and booking.placed_at <= booking.start - lead
    ]
    return min(due, default=None)


def feedback_request_due(booking: Booking, now: datetime) -> bool:
    """A session recorded as held, ended, not yet rated, and recent."""
    return (
        booking.outcome == Outcome.HELD
        and booking.rating is None
        and booking.end <= now < booking.end + FOLLOW_UP_WINDOW
    )


def outcome_reminder_due(booking: Booking, now: datetime) -> bool:
    """A confirmed session that ended a while ago and is still not recorded."""
    return (
        booking.status == BookingStatus.CONFIRMED
        and booking.outcome is None
        and booking.end + OUTCOME_GRACE <= now < booking.end + FOLLOW_UP_WINDOW
    )


def allowance_warning_due(engagement: Engagement, today: date, warn_days: int) -> bool:
    """An active engagement ending within ``warn_days`` with hours not yet used."""
    return (
        engagement.state == EngagementState.ACTIVE
        and today <= engagement.ends_on <= today + timedelta(days=warn_days)
        and engagement.used_minutes < engagement.allowance_minutes
    )


def digest_week_due(now: datetime) -> str | None:
    """The ISO week (``2027-W10``) whose digest is due from Monday 07:00 London, or None
    early on a Monday."""
    today = london_date(now)
    monday = today - timedelta(days=today.weekday())
    due_at = london_instant(monday, DIGEST_TIME)
    if due_at is None or now < due_at:
        return None
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
