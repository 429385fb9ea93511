"""Reading a provider's calendar from where it lives: a private iCalendar address (one GET,
made conditional with the ETag and Last-Modified of the last reading) or a CalDAV
calendar (its collection tag or sync token first; the events only when it changed).

Both go through ``Fetcher``, so the same address checks, redirect rules, deadline and size
limit apply. What comes back is the calendar's text, for ``calendar_reading``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from domain.calendars import CalendarKind
from domain.time import TimeRange
from infrastructure.calendar_access import Access
from infrastructure.calendar_http import Answer, CalendarUnreadable, Fetcher

DAV, CALDAV, CS = "DAV:", "urn:ietf:params:xml:ns:caldav", "http://calendarserver.org/ns/"
XML = {"Content-Type": "application/xml; charset=utf-8"}

PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">
  <d:prop><d:resourcetype/><cs:getctag/><d:sync-token/></d:prop>
</d:propfind>"""

QUERY = """<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><c:calendar-data/></d:prop>
  <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
    <c:time-range start="{start}" end="{end}"/>
  </c:comp-filter></c:comp-filter></c:filter>
</c:calendar-query>"""


@dataclass(frozen=True)
class Reading:
    """What one reading found: the calendar texts (none if ``unchanged``), and what to send
    next time to ask whether it changed."""

    texts: list[bytes]
    unchanged: bool
    validators: dict[str, str] = field(default_factory=dict)


def read_ical(fetcher: Fetcher, url: str, validators: Mapping[str, str]) -> Reading:
    headers = {"Accept": "text/calendar, */*;q=0.5"}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    answer = fetcher.request("GET", url, headers=headers)
    if answer.status == 304:
        return Reading([], unchanged=True, validators=dict(validators))
    _require(answer, 200, access="the calendar's server refused access: was the address reset?")
    if not answer.body.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR"):
        raise CalendarUnreadable(
            "that address gives a web page, not a calendar: copy the calendar's own address "
            "(the one ending .ics, or called iCal or ICS)"
        )
    kept = {"etag": answer.headers.get("etag", ""), "last_modified": ""}
    kept["last_modified"] = answer.headers.get("last-modified", "")
    return Reading([answer.body], unchanged=False, validators={k: v for k, v in kept.items() if v})


def read_caldav(
    fetcher: Fetcher,
    url: str,
    auth: tuple[str, str],
    validators: Mapping[str, str],
    span: TimeRange,
) -> Reading:
    answer = fetcher.request(
        "PROPFIND", url, headers={**XML, "Depth": "0"}, body=PROPFIND, auth=auth
    )
    _require(answer, 207, access="the calendar's server refused the user name or app password")
    props = _props(answer.body)
    if not props.get("calendar"):
        raise CalendarUnreadable(
            "that address is not a CalDAV calendar: give the address of the calendar itself"
        )
    tag = props.get("ctag") or props.get("sync_token") or ""
    if tag and tag == validators.get("tag"):
        return Reading([], unchanged=True, validators=dict(validators))
    query = QUERY.format(start=_stamp(span.start), end=_stamp(span.end)).encode()
    answer = fetcher.request("REPORT", url, headers={**XML, "Depth": "1"}, body=query, auth=auth)
    _require(answer, 207, access="the calendar's server refused the user name or app password")
    return Reading(
        _calendar_data(answer.body), unchanged=False, validators={"tag": tag} if tag else {}
    )


def _require(answer: Answer, status: int, *, access: str) -> None:
    if answer.status == status:
        return
    if answer.status in (401, 403):
        raise CalendarUnreadable(access)
    if answer.status in (404, 410):
        raise CalendarUnreadable(
            "the calendar's server has no calendar at that address: it may have been "
            "unpublished or reset"
        )
    if answer.status == 429:
        raise CalendarUnreadable("the calendar's server asked us to wait (too many requests)")
    if answer.status >= 500:
        raise CalendarUnreadable(f"the calendar's server had an error ({answer.status})")
    raise CalendarUnreadable(f"the calendar's server answered {answer.status}")


def _parse(body: bytes) -> ET.Element:
    try:
        return ET.fromstring(body)
    except ET.ParseError:
        raise CalendarUnreadable(
            "the calendar's server sent an answer that is not CalDAV"
        ) from None


def _props(body: bytes) -> dict[str, str]:
    """The collection's own properties, from a PROPFIND multistatus (Depth 0)."""
    found: dict[str, str] = {}
    for prop in _parse(body).iter(f"{{{DAV}}}prop"):
        kind = prop.find(f"{{{DAV}}}resourcetype")
        if kind is not None and kind.find(f"{{{CALDAV}}}calendar") is not None:
            found["calendar"] = "yes"
        for name, tag in (("ctag", f"{{{CS}}}getctag"), ("sync_token", f"{{{DAV}}}sync-token")):
            element = prop.find(tag)
            if element is not None and element.text:
                found[name] = element.text.strip()
    return found


def _calendar_data(body: bytes) -> list[bytes]:
    return [
        element.text.encode()
        for element in _parse(body).iter(f"{{{CALDAV}}}calendar-data")
        if element.text
    ]


def _stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def read_calendar(
    fetcher: Fetcher,
    kind: str,
    access: Access,
    validators: Mapping[str, str],
    span: TimeRange,
) -> Reading:
    """Read a calendar of either kind (``domain.calendars.CalendarKind``)."""
    if kind == CalendarKind.CALDAV:
        return read_caldav(fetcher, access.url, access.auth or ("", ""), validators, span)
    return read_ical(fetcher, access.url, validators)
