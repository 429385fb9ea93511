"""Reading a connected calendar: busy times kept, failures and recoveries recorded, and
sessions that now clash with busy time found.

A reading is not an event. What it finds replaces the calendar's busy times beside the
views (``projections.busy``). What people must know is recorded as events: that a
calendar cannot be read (once, after ``FAILURES_TO_TELL`` readings in a row have failed,
so that a moment's outage mails nobody), that it is read again, and each session found to
clash with busy time imported after it was booked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.busy import busy_intervals, busy_span, is_busy
from domain.calendars import CalendarConnection
from domain.clashes import SessionClash, clash_id
from domain.ids import SYSTEM_ACTOR
from domain.time import TimeRange
from infrastructure.calendar_access import Access, CalendarAccess
from infrastructure.calendar_http import CalendarUnreadable, Fetcher
from infrastructure.calendar_reading import entries
from infrastructure.calendar_settings import CalendarSettings
from infrastructure.calendar_sources import read_calendar
from infrastructure.stored_values import instant, to_instant
from projections.busy import Feed
from projections.read_models import ReadModels
from service.context import Context, command

FAILURES_TO_TELL = 3
FULL_READING_EVERY = timedelta(hours=24)
"""A calendar unchanged for this long is read in full again all the same: busy times are
kept a year ahead, and a year from now moves on while the calendar stands still."""
MOST_BACK_OFF = timedelta(hours=1)


@dataclass(frozen=True)
class Outcome:
    """How a reading went: ``busy_count`` busy times kept now; ``failure`` says why not."""

    read: bool
    busy_count: int
    failure: str = ""


@dataclass(frozen=True)
class Found:
    """What reading a calendar gave: its busy intervals (None: unchanged), and what to send
    next time to ask whether it changed."""

    busy: list[TimeRange] | None
    validators: dict[str, str]


class CalendarReader:
    def __init__(
        self,
        ctx: Context,
        access: CalendarAccess,
        fetcher: Fetcher,
        settings: CalendarSettings,
        read_models: Callable[[], ReadModels],
    ) -> None:
        self.ctx = ctx
        self.access = access
        self.fetcher = fetcher
        self.settings = settings
        self.read_models = read_models

    def find(
        self,
        kind: str,
        access: Access,
        provider_id: UUID,
        now: datetime,
        feed: Feed | None = None,
    ) -> Found:
        """Read the calendar; raises ``CalendarUnreadable``."""
        span = busy_span(now)
        asked = feed.validators if feed is not None and _recent(feed, now) else {}
        reading = read_calendar(self.fetcher, kind, access, asked, span)
        if reading.unchanged:
            return Found(None, dict(asked))
        return self.found_in(reading.texts, provider_id, now, reading.validators)

    def found_in(
        self,
        texts: list[bytes],
        provider_id: UUID,
        now: datetime,
        validators: dict[str, str] | None = None,
    ) -> Found:
        """The busy intervals in a calendar's text (raises ``CalendarUnreadable``)."""
        span = busy_span(now)
        ours = self.read_models().own_calendars.booking_ids_of(provider_id)
        busy = busy_intervals(
            entries(texts, span),
            span=span,
            tentative_busy=self.settings.tentative_busy,
            is_ours=lambda uid: _as_id(uid) in ours,
        )
        return Found(busy, {**(validators or {}), "parsed_at": instant(now)})

    def keep(self, connection: CalendarConnection, found: Found, now: datetime) -> int:
        """Keep what a good reading found; find sessions it makes clash. Returns how many
        busy times are kept now."""
        views = self.read_models()
        views.busy.read(
            connection.id,
            connection.provider_id,
            busy=found.busy,
            validators=found.validators,
            at=now,
            next_at=now + self.settings.refresh_every,
        )
        if found.busy is not None:
            self.find_clashes(connection.provider_id, now)
        feed = views.busy.feed(connection.id)
        return feed.busy_count if feed else 0

    def refresh(self, connection_id: UUID) -> Outcome:
        """Read one connected calendar now and keep what it says (the worker's job, and
        "refresh now")."""
        now = self.ctx.clock.now()
        views = self.read_models()
        connection = self.ctx.find(CalendarConnection, connection_id)
        if connection is None or not connection.is_connected:
            views.busy.forget(connection_id)
            return Outcome(False, 0, "the calendar is not connected")
        try:
            access = self.access.get(connection_id)
            if access is None:
                raise CalendarUnreadable(
                    "the calendar's address can no longer be opened: connect the calendar again"
                )
            found = self.find(
                connection.kind, access, connection.provider_id, now, views.busy.feed(connection_id)
            )
        except CalendarUnreadable as failure:
            return self._failed(connection, str(failure), now)
        count = self.keep(connection, found, now)
        if connection.failing_since is not None:
            self._recovered(connection_id)
        return Outcome(True, count)

    def _failed(self, connection: CalendarConnection, reason: str, now: datetime) -> Outcome:
        feed = self.read_models().busy.failed(
            connection.id,
            connection.provider_id,
            at=now,
            reason=reason,
            next_at=lambda failures: now + self._back_off(failures),
            stale_after=self.settings.stale_after,
        )
        if feed.failures >= FAILURES_TO_TELL and feed.failed_since is not None:
            self._failing(connection.id, feed.failed_since, reason)
        return Outcome(False, feed.busy_count, reason)

    def _back_off(self, failures: int) -> timedelta:
        """1, 2, 4, 8 ... minutes after readings fail in a row, at most an hour (or the
        refresh interval, if longer)."""
        most = max(MOST_BACK_OFF, self.settings.refresh_every)
        return min(timedelta(minutes=2 ** min(failures - 1, 12)), most)

    @command
    def _failing(self, connection_id: UUID, since: datetime, reason: str) -> None:
        connection = self.ctx.find(CalendarConnection, connection_id)
        now = self.ctx.clock.now()
        if connection is not None and connection.fail(
            actor=SYSTEM_ACTOR, at=now, since=since, reason=reason
        ):
            self.ctx.save(connection)

    @command
    def _recovered(self, connection_id: UUID) -> None:
        connection = self.ctx.find(CalendarConnection, connection_id)
        if connection is not None and connection.recover(
            actor=SYSTEM_ACTOR, at=self.ctx.clock.now()
        ):
            self.ctx.save(connection)

    def find_clashes(self, provider_id: UUID, now: datetime) -> int:
        """Record each session still to come that busy time in force now overlaps, once
        per session and start. Returns how many were new."""
        views = self.read_models()
        sessions = views.own_calendars.sessions_to_come(provider_id, now)
        if not sessions:
            return 0
        span = TimeRange(sessions[0].start, max(s.end for s in sessions))
        busy = views.busy.of_provider(provider_id, span, now)
        clashing = [s for s in sessions if is_busy(TimeRange(s.start, s.end), timedelta(), busy)]
        return sum(self._clash(provider_id, s.booking_id, s.start, s.end) for s in clashing)

    @command
    def _clash(self, provider_id: UUID, booking_id: UUID, start: datetime, end: datetime) -> bool:
        if self.ctx.find(SessionClash, clash_id(booking_id, start)) is not None:
            return False
        self.ctx.save(
            SessionClash.find(
                actor=SYSTEM_ACTOR,
                at=self.ctx.clock.now(),
                booking_id=booking_id,
                provider_id=provider_id,
                start=start,
                end=end,
            )
        )
        return True


def _recent(feed: Feed, now: datetime) -> bool:
    parsed = feed.validators.get("parsed_at")
    return parsed is not None and now - to_instant(parsed) < FULL_READING_EVERY


def _as_id(uid: str) -> str:
    """A UID as our invitations write it (a booking id), if it is one."""
    try:
        return str(UUID(uid.strip()))
    except ValueError:
        return ""
