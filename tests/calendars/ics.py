"""Calendars as Outlook, Google and Apple publish them, written out for tests. Every event
has a title, a description and attendees, so that tests can show none of them is kept."""

from __future__ import annotations

SECRET_WORDS = ("Confidential merger talks", "Dr Jekyll", "hyde@example.com", "Lunch with Mum")


def calendar(*events: str, extra: str = "") -> bytes:
    body = "".join(events)
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//Calendars//EN\r\n"
        f"{extra}{body}END:VCALENDAR\r\n"
    )
    return text.encode()


def event(uid: str, *lines: str, summary: str = SECRET_WORDS[0]) -> str:
    props = "".join(f"{line}\r\n" for line in lines)
    return (
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:{summary}\r\n"
        f"DESCRIPTION:About {SECRET_WORDS[1]}\r\n"
        f"ATTENDEE;CN={SECRET_WORDS[1]}:mailto:{SECRET_WORDS[2]}\r\n"
        f"{props}END:VEVENT\r\n"
    )


LONDON_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\n"
    "DTSTART:19700329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\n"
    "DTSTART:19701025T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)


def outlook_diary() -> bytes:
    """Scenario 7: a weekly Tuesday 14:00-16:00 client meeting from 2 March 2027 for ten
    weeks (TZID Europe/London, across the spring change), one week moved to Wednesday
    10:00, one cancelled, one removed (EXDATE); a private lunch marked free; an all-day
    conference; a tentative event; one Outlook calls FREE though it is opaque."""
    return calendar(
        event(
            "client-series",
            "DTSTART;TZID=Europe/London:20270302T140000",
            "DTEND;TZID=Europe/London:20270302T160000",
            "RRULE:FREQ=WEEKLY;COUNT=10",
            "EXDATE;TZID=Europe/London:20270316T140000",
        ),
        event(
            "client-series",
            "RECURRENCE-ID;TZID=Europe/London:20270323T140000",
            "DTSTART;TZID=Europe/London:20270324T100000",
            "DTEND;TZID=Europe/London:20270324T120000",
        ),
        event(
            "client-series",
            "RECURRENCE-ID;TZID=Europe/London:20270406T140000",
            "DTSTART;TZID=Europe/London:20270406T140000",
            "DTEND;TZID=Europe/London:20270406T160000",
            "STATUS:CANCELLED",
        ),
        event(
            "lunch",
            "DTSTART;TZID=Europe/London:20270303T123000",
            "DTEND;TZID=Europe/London:20270303T133000",
            "TRANSP:TRANSPARENT",
            summary=SECRET_WORDS[3],
        ),
        event("conference", "DTSTART;VALUE=DATE:20270305", "DTEND;VALUE=DATE:20270306"),
        event(
            "maybe",
            "DTSTART:20270304T090000Z",
            "DTEND:20270304T100000Z",
            "STATUS:TENTATIVE",
        ),
        event(
            "outlook-free",
            "DTSTART:20270304T150000Z",
            "DTEND:20270304T160000Z",
            "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
        ),
        extra=LONDON_ZONE,
    )


def google_diary() -> bytes:
    """Google's secret iCal address: times in UTC or floating, the zone only in
    X-WR-TIMEZONE; an evening meeting each Monday across the autumn change."""
    return calendar(
        event(
            "google-series",
            "DTSTART:20271018T180000",
            "DTEND:20271018T190000",
            "RRULE:FREQ=WEEKLY;COUNT=3",
        ),
        extra="X-WR-CALNAME:Work\r\nX-WR-TIMEZONE:America/New_York\r\n",
    )
