"""The worker's jobs, as idempotent sweepers.

Each sweeper finds candidates in the views, then acts through a command that checks the
current state and records what it did as an event. Nothing is scheduled per booking, so a
restart loses nothing: the next run finds whatever is due, late runs included, and what was
already done is not done again. Each returns how many things it did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from domain.errors import IllegalTransition, InvalidInput
from domain.notices import FOLLOW_UP_WINDOW, OUTCOME_GRACE, Fact
from domain.time import london_date
from infrastructure.clock import Clock
from infrastructure.settings import Settings
from projections.worklists import WorklistQueries
from service.bookings import Bookings
from service.calendars.own import OwnCalendars
from service.notices import Notices

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class ScheduleSettings:
    reminder_leads: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    allowance_warning_days: int = 14

    @classmethod
    def from_settings(cls, settings: Settings) -> ScheduleSettings:
        env = settings.extra
        return cls(
            reminder_leads=_hours_list(env.get("EXPERTBANK_REMINDER_HOURS", "24,1")),
            allowance_warning_days=_days(env.get("EXPERTBANK_ALLOWANCE_WARNING_DAYS", "14")),
        )


def _hours_list(text: str) -> tuple[timedelta, ...]:
    try:
        hours = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        hours = [-1.0]
    if any(not 0 < h <= 24 * 14 for h in hours):
        raise InvalidInput(
            "EXPERTBANK_REMINDER_HOURS must be hours before a session, such as 24,1",
            field="EXPERTBANK_REMINDER_HOURS",
        )
    return tuple(sorted({timedelta(hours=h) for h in hours}, reverse=True))


def _days(text: str) -> int:
    if not text.strip().isdigit() or not 0 < int(text) <= 366:
        raise InvalidInput(
            "EXPERTBANK_ALLOWANCE_WARNING_DAYS must be a number of days such as 14",
            field="EXPERTBANK_ALLOWANCE_WARNING_DAYS",
        )
    return int(text)


class Sweepers:
    def __init__(
        self,
        *,
        clock: Clock,
        bookings: Bookings,
        notices: Notices,
        worklists: WorklistQueries,
        settings: ScheduleSettings,
        calendars: OwnCalendars,
    ) -> None:
        self.clock = clock
        self.bookings = bookings
        self.notices = notices
        self.worklists = worklists
        self.settings = settings
        self.calendars = calendars

    def lapse_holds(self) -> int:
        """Holds past their time lapse, and their slots free."""
        lapsed = 0
        for booking_id in self.worklists.holds_expired(self.clock.now()):
            try:
                self.bookings.lapse_hold(booking_id)
            except IllegalTransition:
                continue  # confirmed, declined or lapsed meanwhile
            lapsed += 1
        return lapsed

    def remind_sessions(self) -> int:
        now = self.clock.now()
        leads = self.settings.reminder_leads
        rows = self.worklists.confirmed_starting(now, now + max(leads, default=timedelta()))
        return sum(self.notices.remind(row.booking_id, leads) for row in rows)

    def follow_up_sessions(self) -> int:
        """Feedback requests for held sessions; outcome reminders for unrecorded ones."""
        now = self.clock.now()
        done = 0
        for row in self.worklists.confirmed_ending(now - FOLLOW_UP_WINDOW, now):
            if row.outcome == "held" and not row.rated:
                done += self.notices.request_feedback(row.booking_id)
            elif row.outcome is None and row.end + OUTCOME_GRACE <= now:
                done += self.notices.remind_outcome(row.booking_id)
        return done

    def warn_allowances(self) -> int:
        today = london_date(self.clock.now())
        days = self.settings.allowance_warning_days
        ending = self.worklists.engagements_ending(today, today + timedelta(days=days))
        return sum(
            self.notices.warn_allowance_ending(engagement_id, [submitter], days)
            for engagement_id, submitter in ending
        )

    def refresh_calendars(self) -> int:
        """Providers' own calendars due a reading are read (each on its own schedule, with
        back-off after failures)."""
        return self.calendars.refresh_due()

    def weekly_digest(self) -> int:
        return int(self.notices.send_digest(self.digest_facts(), self.worklists.programme_staff()))

    def digest_facts(self) -> Mapping[str, Fact]:
        now = self.clock.now()
        ended = self.worklists.confirmed_ending(now - WEEK, now)
        return {
            "requests_waiting": self.worklists.requests_waiting(),
            "requests_new": self.worklists.requests_submitted(now - WEEK, now),
            "sessions_held": sum(row.outcome == "held" for row in ended),
            "no_shows": sum(row.outcome == "no_show" for row in ended),
            "sessions_unrecorded": sum(row.outcome is None for row in ended),
            "sessions_coming": len(self.worklists.confirmed_starting(now, now + WEEK)),
        }
