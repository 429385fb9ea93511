"""Busy times from calendar text: recurrences with exceptions and moved occurrences, time
zones (TZID and Google's X-WR-TIMEZONE), all-day events, free and cancelled ones left
out, tentative ones by the setting, both clock changes, our own sessions not counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.busy import busy_intervals
from domain.time import LONDON, TimeRange
from infrastructure.calendar_http import CalendarUnreadable
from infrastructure.calendar_reading import entries
from tests.calendars.ics import calendar, event, google_diary, outlook_diary

SPAN = TimeRange(datetime(2027, 3, 1, tzinfo=UTC), datetime(2028, 3, 1, tzinfo=UTC))


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON).astimezone(UTC)


def busy(text: bytes, *, tentative: bool = True, ours: frozenset[str] = frozenset()) -> list:
    return [
        (span.start, span.end)
        for span in busy_intervals(
            entries([text], SPAN), span=SPAN, tentative_busy=tentative, is_ours=ours.__contains__
        )
    ]


def test_a_weekly_series_keeps_its_exceptions_and_its_moved_week() -> None:
    two_hours = london(2027, 3, 2, 16) - london(2027, 3, 2, 14)
    series = [(start, end) for start, end in busy(outlook_diary()) if end - start == two_hours]
    tuesdays = [(london(2027, 3, d, 14), london(2027, 3, d, 16)) for d in (2, 9)]
    assert series == [
        tuesdays[0],
        tuesdays[1],
        # 16 March removed (EXDATE); 23 March moved to Wednesday 24th 10:00.
        (london(2027, 3, 24, 10), london(2027, 3, 24, 12)),
        # 30 March is after the spring change: still 14:00 London, now 13:00 UTC.
        (london(2027, 3, 30, 14), london(2027, 3, 30, 16)),
        # 6 April cancelled; the series runs on to its tenth week.
        (london(2027, 4, 13, 14), london(2027, 4, 13, 16)),
        (london(2027, 4, 20, 14), london(2027, 4, 20, 16)),
        (london(2027, 4, 27, 14), london(2027, 4, 27, 16)),
        (london(2027, 5, 4, 14), london(2027, 5, 4, 16)),
    ]
    assert london(2027, 3, 30, 14) == datetime(2027, 3, 30, 13, tzinfo=UTC)


def test_free_time_and_all_day_events() -> None:
    found = busy(outlook_diary())
    starts = {start for start, _ in found}
    assert london(2027, 3, 3, 12, 30) not in starts, "a lunch marked free is not busy"
    assert datetime(2027, 3, 4, 15, tzinfo=UTC) not in starts, "Outlook's FREE is not busy"
    assert (london(2027, 3, 5), london(2027, 3, 6)) in found, "an all-day event is its day"


def test_tentative_events_count_only_by_the_setting() -> None:
    maybe = (datetime(2027, 3, 4, 9, tzinfo=UTC), datetime(2027, 3, 4, 10, tzinfo=UTC))
    assert maybe in busy(outlook_diary(), tentative=True)
    assert maybe not in busy(outlook_diary(), tentative=False)


def test_googles_calendar_zone_applies_to_times_without_one_across_the_autumn_change() -> None:
    # 18:00 in New York each Monday: 22:00 UTC while New York keeps summer time (to
    # 7 November), whatever London does on 31 October.
    assert busy(google_diary()) == [
        (datetime(2027, 10, d, 22, tzinfo=UTC), datetime(2027, 10, d, 23, tzinfo=UTC))
        for d in (18, 25)
    ] + [(datetime(2027, 11, 1, 22, tzinfo=UTC), datetime(2027, 11, 1, 23, tzinfo=UTC))]


def test_a_time_without_any_zone_is_london_time_across_both_changes() -> None:
    text = calendar(
        event("a", "DTSTART:20270329T090000", "DTEND:20270329T100000"),
        event("b", "DTSTART:20271101T090000", "DTEND:20271101T100000"),
    )
    assert busy(text) == [
        (datetime(2027, 3, 29, 8, tzinfo=UTC), datetime(2027, 3, 29, 9, tzinfo=UTC)),
        (datetime(2027, 11, 1, 9, tzinfo=UTC), datetime(2027, 11, 1, 10, tzinfo=UTC)),
    ]


def test_overlapping_entries_merge_and_our_own_sessions_are_not_counted_twice() -> None:
    ours = str(UUID(int=77))
    text = calendar(
        event("x", "DTSTART:20270302T100000Z", "DTEND:20270302T110000Z"),
        event("y", "DTSTART:20270302T103000Z", "DTEND:20270302T113000Z"),
        event("z", "DTSTART:20270302T113000Z", "DTEND:20270302T120000Z"),
        event(ours, "DTSTART:20270303T100000Z", "DTEND:20270303T110000Z"),
    )
    assert busy(text, ours=frozenset({ours})) == [
        (datetime(2027, 3, 2, 10, tzinfo=UTC), datetime(2027, 3, 2, 12, tzinfo=UTC))
    ]


@pytest.mark.parametrize(
    "text",
    [b"<html>not a calendar</html>", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\n"],
)
def test_text_that_is_not_icalendar_is_refused_with_a_reason(text: bytes) -> None:
    with pytest.raises(CalendarUnreadable, match="not valid iCalendar"):
        entries([text], SPAN)


def test_a_rule_repeating_every_minute_is_refused_rather_than_read_for_minutes() -> None:
    text = calendar(event("m", "DTSTART:20270302T100000Z", "DURATION:PT1M", "RRULE:FREQ=MINUTELY"))
    with pytest.raises(CalendarUnreadable, match="repeating every minute"):
        entries([text], SPAN)


def test_a_calendar_with_too_many_events_is_refused_early() -> None:
    text = calendar(event("h", "DTSTART:20270302T100000Z", "DURATION:PT10M", "RRULE:FREQ=HOURLY"))
    assert len(entries([text], TimeRange(SPAN.start, SPAN.start + timedelta(days=2)))) == 14
    with pytest.raises(CalendarUnreadable, match="more than 20,000 events"):
        entries([text], SPAN, most=100)
