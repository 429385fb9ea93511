"""iCalendar for sessions: iTIP invitations (REQUEST, CANCEL) and subscribed feeds.

Times are written in UTC (``DTSTART:20270328T090000Z``). A UTC instant means the same
moment to every client, and Outlook, Google and Apple calendars show it in the reader's own
zone, so a session never moves across a clock change. The alternative, local times with a
``VTIMEZONE``, is only as good as each client's reading of that block: icalendar's generated
ones use RDATE lists, which Outlook desktop is reported to mishandle. Sessions are single
instances (no RRULE), so nothing needs wall-clock recurrence rules.

Every session has one UID forever (its booking id) and SEQUENCE = the booking's change
count, so clients update or cancel the event they already have instead of adding another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from icalendar import Calendar, Event, vCalAddress, vDuration
from icalendar.enums import CUTYPE, PARTSTAT, ROLE, STATUS

from service.calendars.details import SessionDetails

PRODID = "-//Expert Bank//Sessions//EN"


class Method(StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class Party:
    name: str
    email: str


STATUS_OF = {
    "confirmed": STATUS.CONFIRMED,
    "held": STATUS.TENTATIVE,
    "cancelled": STATUS.CANCELLED,
    "lapsed": STATUS.CANCELLED,
}


def session_event(
    session: SessionDetails,
    *,
    stamp: datetime,
    status: STATUS,
    organizer: Party | None = None,
    attendees: Sequence[Party] = (),
) -> Event:
    """The VEVENT of a session. ``stamp`` is given (never "now"), so output is stable."""
    return Event.new(
        uid=str(session.booking_id),
        stamp=stamp,
        start=session.start,
        end=session.end,
        sequence=session.sequence,
        status=status,
        summary=session.summary,
        description=session.description,
        location=session.location or None,
        organizer=vCalAddress.new(organizer.email, cn=organizer.name) if organizer else None,
        attendees=[_attendee(party) for party in attendees] or None,
    )


def _attendee(party: Party) -> vCalAddress:
    # RSVP=FALSE: replies would go to the programme mailbox, where nobody acts on them.
    return vCalAddress.new(
        party.email,
        cn=party.name,
        cutype=CUTYPE.INDIVIDUAL,
        role=ROLE.REQ_PARTICIPANT,
        partstat=PARTSTAT.NEEDS_ACTION,
        rsvp=False,
    )


def _calendar(events: Sequence[Event], *, method: Method | None = None) -> Calendar:
    calendar = Calendar.new(prodid=PRODID, method=method, subcomponents=events, uid="-")
    del calendar["UID"]  # Calendar.new() always sets one; a random one would break ETags
    return calendar


def invitation(
    session: SessionDetails,
    *,
    method: Method,
    stamp: datetime,
    organizer: Party,
    attendees: Sequence[Party],
) -> bytes:
    """An iTIP message: REQUEST for a new or moved session, CANCEL for a cancelled one."""
    status = STATUS.CANCELLED if method == Method.CANCEL else STATUS.CONFIRMED
    event = session_event(
        session, stamp=stamp, status=status, organizer=organizer, attendees=attendees
    )
    return bytes(_calendar([event], method=method).to_ical())


def feed(name: str, sessions: Sequence[SessionDetails], refresh: timedelta) -> bytes:
    """A subscribed calendar: every session, cancelled ones marked CANCELLED."""
    calendar = _calendar(
        [
            session_event(session, stamp=session.changed_at, status=STATUS_OF[session.status])
            for session in sessions
        ]
    )
    calendar.calendar_name = name  # NAME and X-WR-CALNAME
    calendar.add("REFRESH-INTERVAL", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(refresh))
    return bytes(calendar.to_ical())
