"""What the demo stories share: the bank, the calendar, the ids made so far, and the few
moves every story repeats (book a session, record it, give feedback)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.bank_holidays import Nation, bank_holiday
from domain.time import london_date
from service.application import ExpertBank
from service.availability import WindowInput
from service.demo.cast import member
from service.demo.timeline import FRI, Calendar

NOTICE = timedelta(days=3)  # the longest a demo window asks
HORIZON = timedelta(days=56)  # the shortest a demo window allows


@dataclass
class Stage:
    bank: ExpertBank
    calendar: Calendar
    people: dict[str, UUID] = field(default_factory=dict)
    services: dict[str, UUID] = field(default_factory=dict)
    themes: dict[str, UUID] = field(default_factory=dict)
    windows: dict[str, UUID] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the demo could not do here, for the person who runs it."""

    def at(self, week: int, weekday: int, wall: str) -> datetime:
        return self.calendar.at(week, weekday, wall)

    def service_of(self, person: str) -> UUID:
        code = member(person).service
        assert code is not None, f"{person} belongs to no library service"
        return self.services[code]

    def submit(self, head: str, theme: str, hours: int, need: str, outcomes: str) -> UUID:
        """An expression of interest from ``head``'s service, hoping for help from next week."""
        return self.bank.requests.submit(
            self.people[head],
            service_id=self.service_of(head),
            theme_id=self.themes[theme],
            need=need,
            outcomes=outcomes,
            hours_hoped=hours,
            preferred_from=london_date(self.bank.clock.now()) + timedelta(weeks=1),
            preferred_to=self.calendar.day(12, FRI),
        )

    def publish(self, provider: str, key: str, **terms: Any) -> None:
        """Publish a window for ``provider``, themed by their own themes unless told."""
        theme_codes = terms.pop("themes", member(provider).themes)
        window = WindowInput(theme_ids=[self.themes[code] for code in theme_codes], **terms)
        person = self.people[provider]
        self.windows[key] = self.bank.availability.publish(person, person, window)

    def book(
        self,
        head: str,
        provider: str,
        window: str,
        start: datetime,
        cover: str,
        engagement: UUID | None = None,
    ) -> UUID:
        return self.bank.bookings.book(
            self.people[head],
            service_id=self.service_of(head),
            provider_id=self.people[provider],
            window_id=self.windows[window],
            start=self.working_day(start),
            engagement_id=engagement,
            cover=cover,
        )

    def working_day(self, start: datetime) -> datetime:
        """A session's start moved off a bank holiday (the demo's providers do not work
        them): to the same time a week or two before or after, staying on the same side
        of now, with the notice the windows ask, so that each story still plays."""
        if bank_holiday(london_date(start), Nation.ENGLAND_AND_WALES) is None:
            return start
        booked, now = self.bank.clock.now(), self.calendar.now
        for weeks in (-1, 1, -2, 2):
            moved = start + timedelta(weeks=weeks)
            in_the_past = moved + timedelta(days=2) < now
            if (
                bank_holiday(london_date(moved), Nation.ENGLAND_AND_WALES) is None
                and moved > booked + NOTICE
                and moved < booked + HORIZON
                and in_the_past == (start < now)
            ):
                return moved
        raise ValueError(f"no working day near {start.isoformat()} for a demo session")

    def held(self, provider: str, booking: UUID, notes: str, outcomes: str, actions: str) -> None:
        self.bank.sessions.record(
            self.people[provider],
            booking,
            outcome="held",
            notes=notes,
            outcomes=outcomes,
            actions=actions,
        )

    def feedback(self, head: str, booking: UUID, rating: int, comment: str) -> None:
        self.bank.sessions.give_feedback(self.people[head], booking, rating=rating, comment=comment)
