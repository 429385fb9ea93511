"""Turning a calendar's text into entries the busy rules read (``domain.busy``).

- Google's X-WR-TIMEZONE (the calendar's zone for times written without one) is made
  standard first (``x-wr-timezone``).
- Recurring events are expanded with their exceptions, moved and cancelled occurrences
  (``recurring-ical-events``), zone by zone (TZID), so a weekly 14:00 stays at 14:00 local
  across both clock changes.
- An all-day event covers its dates in London; a time with no zone at all is London time.
- Only an entry's UID, start, end and how it shows its owner's time are taken out: never
  its title, attendees, location or description.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar, Component

from domain.busy import Entry, Showing, showing
from domain.time import LONDON, TimeRange, london_day
from infrastructure.calendar_http import CalendarUnreadable

FOLD = re.compile(rb"\r?\n[ \t]")
COMPONENTS = frozenset({b"VCALENDAR", b"VEVENT", b"VTIMEZONE", b"STANDARD", b"DAYLIGHT"})
PROPERTIES = frozenset(
    {
        b"VERSION",
        b"PRODID",
        b"CALSCALE",
        b"X-WR-TIMEZONE",
        b"UID",
        b"DTSTART",
        b"DTEND",
        b"DURATION",
        b"RRULE",
        b"RDATE",
        b"EXDATE",
        b"EXRULE",
        b"RECURRENCE-ID",
        b"STATUS",
        b"TRANSP",
        b"X-MICROSOFT-CDO-BUSYSTATUS",
    }
)
RUNAWAY = re.compile(rb"FREQ=(SECONDLY|MINUTELY)")
STEP = timedelta(days=31)
MAX_ENTRIES = 20_000
"""More occurrences than this in a year is not a person's diary (a rule repeating every
minute, say): such a calendar is refused rather than read for minutes."""


def entries(texts: Iterable[bytes], span: TimeRange, most: int = MAX_ENTRIES) -> list[Entry]:
    """Every occurrence in ``span`` of every event in the calendars, as entries; refused
    if there are more than ``most``."""
    found: list[Entry] = []
    for text in texts:
        found.extend(_entries_of(essentials(text), span, most - len(found)))
    return found


def essentials(text: bytes) -> bytes:
    """The calendar with only what the busy rules read: events' times, recurrence rules,
    UIDs and showing, and the time zones (whole). Parsing costs by the line, and titles,
    descriptions and attendees are most of the lines; they are dropped before parsing, so
    they are never even held as values. Alarms, tasks and the like go whole."""
    kept: list[bytes] = []
    skipping = 0
    zone = False
    for line in FOLD.sub(b"", text).splitlines():
        name, _, value = line.partition(b":")
        name, value = name.split(b";", 1)[0].strip().upper(), value.strip().upper()
        if name == b"RRULE" and RUNAWAY.search(value):
            raise CalendarUnreadable(
                "the calendar has an event repeating every minute or second, which is not "
                "a diary Expert Bank can read"
            )
        if name == b"BEGIN" and (skipping or value not in COMPONENTS):
            skipping += 1
        elif name == b"END" and skipping:
            skipping -= 1
        elif not skipping and (zone or name in PROPERTIES or name in (b"BEGIN", b"END")):
            kept.append(line)
            if value == b"VTIMEZONE":
                zone = name == b"BEGIN"
    return b"\r\n".join(kept) + b"\r\n"


def _entries_of(text: bytes, span: TimeRange, most: int) -> list[Entry]:
    found: list[Entry] = []
    try:
        calendar = x_wr_timezone.to_standard(Calendar.from_ical(text))
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        begin = span.start
        while begin < span.end:  # a month at a time, so that a runaway rule stops early
            end = min(begin + STEP, span.end)
            for event in query.between(begin, end):
                start = _instant(event.start)
                if begin <= start < end or (start < begin == span.start):
                    found.append(
                        Entry(
                            uid=str(event.get("UID", "")),
                            start=start,
                            end=_instant(event.end),
                            showing=_showing(event),
                        )
                    )
            if len(found) > most:
                raise CalendarUnreadable(
                    f"the calendar has more than {MAX_ENTRIES:,} events in the next year"
                )
            begin = end
    except CalendarUnreadable:
        raise
    except Exception:  # untrusted text through third-party parsers: any failure is the text's
        raise CalendarUnreadable(
            "the calendar could not be read: its contents are not valid iCalendar"
        ) from None
    return found


def _showing(event: Component) -> Showing:
    return showing(
        transp=str(event.get("TRANSP", "")),
        status=str(event.get("STATUS", "")),
        busy_status=str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")),
    )


def _instant(value: date | datetime) -> datetime:
    if not isinstance(value, datetime):
        return london_day(value).start
    if value.tzinfo is None:
        return value.replace(tzinfo=LONDON).astimezone(UTC)
    return value.astimezone(UTC)
