"""The scheduler's once-only actions, each recorded as a Notice event (see domain.notices).

Each command loads the current state, asks the domain whether the notice is due, and
records it. Recording is the whole effect: the outbox derives the messages from the event.
A notice already recorded (by an earlier run, or by a concurrent one whose save won) makes
the command return False, so running a job twice has one effect.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from uuid import UUID

from domain.bookings import Booking
from domain.engagements import Engagement
from domain.ids import SYSTEM_ACTOR
from domain.notices import (
    Fact,
    Notice,
    NoticeKind,
    allowance_warning_due,
    digest_week_due,
    feedback_request_due,
    notice_id,
    outcome_reminder_due,
    reminder_due,
    reminder_occasion,
)
from domain.time import london_date
from service.context import Context, command


class Notices:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @command
    def remind(self, booking_id: UUID, leads: Sequence[timedelta]) -> bool:
        """Remind both sides of a session coming up, if a reminder is due now."""
        booking = self.ctx.find(Booking, booking_id)
        lead = reminder_due(booking, leads, self.ctx.clock.now()) if booking else None
        if booking is None or lead is None:
            return False
        return self._record(
            NoticeKind.SESSION_REMINDER,
            booking.id,
            reminder_occasion(booking.start, lead),
            [booking.booked_by, booking.provider_id],
            {"start": booking.start.isoformat(), "lead_minutes": int(lead.total_seconds() // 60)},
        )

    @command
    def request_feedback(self, booking_id: UUID) -> bool:
        """Ask the service that booked a held session how it went."""
        booking = self.ctx.find(Booking, booking_id)
        if booking is None or not feedback_request_due(booking, self.ctx.clock.now()):
            return False
        return self._record(
            NoticeKind.FEEDBACK_REQUEST, booking.id, "after", [booking.booked_by], {}
        )

    @command
    def remind_outcome(self, booking_id: UUID) -> bool:
        """Ask the provider to record a session that ended and is not yet recorded."""
        booking = self.ctx.find(Booking, booking_id)
        if booking is None or not outcome_reminder_due(booking, self.ctx.clock.now()):
            return False
        return self._record(
            NoticeKind.OUTCOME_REMINDER, booking.id, "after", [booking.provider_id], {}
        )

    @command
    def warn_allowance_ending(
        self, engagement_id: UUID, contacts: Sequence[UUID], warn_days: int
    ) -> bool:
        """Warn the expert and the service's contacts of hours unused as the period ends;
        once per end date (a new end date gets a new warning)."""
        engagement = self.ctx.find(Engagement, engagement_id)
        today = london_date(self.ctx.clock.now())
        if engagement is None or not allowance_warning_due(engagement, today, warn_days):
            return False
        return self._record(
            NoticeKind.ALLOWANCE_ENDING,
            engagement.id,
            engagement.ends_on.isoformat(),
            [engagement.expert_id, *contacts],
            {
                "ends_on": engagement.ends_on.isoformat(),
                "allowance_minutes": engagement.allowance_minutes,
                "booked_minutes": engagement.booked_minutes,
                "used_minutes": engagement.used_minutes,
                "service_id": str(engagement.service_id),
                "theme_id": str(engagement.theme_id),
            },
        )

    @command
    def send_digest(self, facts: Mapping[str, Fact], recipients: Sequence[UUID]) -> bool:
        """The weekly digest for programme staff, once per ISO week, from Monday morning."""
        week = digest_week_due(self.ctx.clock.now())
        if week is None:
            return False
        return self._record(NoticeKind.WEEKLY_DIGEST, SYSTEM_ACTOR, week, recipients, facts)

    def _record(
        self,
        kind: NoticeKind,
        subject_id: UUID,
        occasion: str,
        recipients: Iterable[UUID],
        facts: Mapping[str, Fact],
    ) -> bool:
        if self.ctx.find(Notice, notice_id(kind, subject_id, occasion)) is not None:
            return False
        self.ctx.save(
            Notice.record(
                actor=SYSTEM_ACTOR,
                at=self.ctx.clock.now(),
                kind=kind,
                subject_id=subject_id,
                occasion=occasion,
                recipients=recipients,
                facts=facts,
            )
        )
        return True
