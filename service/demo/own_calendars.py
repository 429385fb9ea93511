"""Two providers connect their own calendars (scenario 7), so that anyone can see busy time
block free slots, and a clash told to a peer.

The demo cannot reach Outlook or Google, so their calendars are files the app serves
itself from the data folder (``/demo/calendars/NAME.ics``, at ``EXPERTBANK_BASE_URL``).
While the demo is seeded no server answers there yet, so the first reading is given the
file's text; the worker reads the address like any other from then on. That address is on
this machine, which calendars may only be read from where ``EXPERTBANK_CALENDAR_ALLOW_PRIVATE``
allows it (``make run`` does): without it, or without a key to seal the address with, the
demo leaves the calendars out and says so.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.errors import InvalidInput
from domain.time import LONDON
from service.demo.stage import Stage
from service.demo.timeline import FRI, MON, THU, TUE, WED, Story

FOLDER = "demo-calendars"


def connect_calendars(stage: Stage) -> Story:
    """Sarah connects her Outlook calendar: a client meeting every Tuesday afternoon (one
    week moved to the Wednesday), a weekly lunch marked free, an all-day conference. Ruth
    connects her Google calendar, whose team meeting falls on a peer session already
    booked with her: the clash is recorded, she is told, and it waits on her home page."""
    yield stage.at(-1, MON, "08:40")
    _connect(stage, "sarah", "sarah-quinn", "Work (Outlook)", _outlook(stage))
    yield stage.at(-1, FRI, "16:30")
    _connect(stage, "ruth", "ruth-patel", "Library diary (Google)", _google(stage))


def _connect(stage: Stage, who: str, name: str, label: str, text: bytes) -> None:
    bank = stage.bank
    folder = bank.settings.data_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ics").write_bytes(text)
    person = stage.people[who]
    try:
        bank.own_calendars.connect(
            person,
            person,
            kind="ical",
            label=label,
            address=f"{bank.mail_settings.base_url}/demo/calendars/{name}.ics",
            first_reading=[text],
        )
    except InvalidInput as refused:
        stage.notes.append(f"{label} of {who} not connected: {refused.message}")


def _outlook(stage: Stage) -> bytes:
    cal = stage.calendar
    first = _wall(stage.at(-2, TUE, "14:00"))
    moved_from = _wall(stage.at(1, TUE, "14:00"))
    return _calendar(
        _event(
            "sarah-clients",
            f"DTSTART;TZID=Europe/London:{first}",
            f"DTEND;TZID=Europe/London:{_wall(stage.at(-2, TUE, '16:00'))}",
            "RRULE:FREQ=WEEKLY",
            "SUMMARY:Client meeting (private)",
        ),
        _event(
            "sarah-clients",
            f"RECURRENCE-ID;TZID=Europe/London:{moved_from}",
            f"DTSTART;TZID=Europe/London:{_wall(stage.at(1, WED, '10:00'))}",
            f"DTEND;TZID=Europe/London:{_wall(stage.at(1, WED, '12:00'))}",
            "SUMMARY:Client meeting (private)",
        ),
        _event(
            "sarah-lunch",
            f"DTSTART;TZID=Europe/London:{_wall(stage.at(-2, THU, '12:30'))}",
            f"DTEND;TZID=Europe/London:{_wall(stage.at(-2, THU, '13:30'))}",
            "RRULE:FREQ=WEEKLY",
            "TRANSP:TRANSPARENT",
            "SUMMARY:Lunch (private)",
        ),
        _event(
            "sarah-conference",
            f"DTSTART;VALUE=DATE:{cal.day(3, THU):%Y%m%d}",
            f"DTEND;VALUE=DATE:{cal.day(3, FRI):%Y%m%d}",
            "SUMMARY:Conference (private)",
        ),
    )


def _google(stage: Stage) -> bytes:
    meeting = stage.at(2, TUE, "10:00")
    return _calendar(
        _event(
            "ruth-team",
            f"DTSTART:{_wall(meeting)}",
            f"DTEND:{_wall(meeting + timedelta(hours=1))}",
            "SUMMARY:Team meeting (private)",
        ),
        header="X-WR-CALNAME:Library diary\r\nX-WR-TIMEZONE:Europe/London\r\n",
    )


def _wall(instant: datetime) -> str:
    return f"{instant.astimezone(LONDON):%Y%m%dT%H%M%S}"


def _event(uid: str, *lines: str) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n{body}END:VEVENT\r\n"


def _calendar(*events: str, header: str = "") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Expert Bank demo//EN\r\n"
        f"{header}{''.join(events)}END:VCALENDAR\r\n"
    ).encode()
