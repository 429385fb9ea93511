"""Reading a calendar over HTTP: conditional requests, the deadline, the size limit, server
errors, and the address rules (https only, no private addresses, redirects checked again,
no sign-in sent to another host)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.time import TimeRange
from infrastructure.calendar_http import (
    AddressRefused,
    CalendarUnreadable,
    Fetcher,
    FetchRules,
    check_address,
)
from infrastructure.calendar_sources import read_caldav, read_ical
from tests.calendars.conftest import playing_public
from tests.calendars.ics import outlook_diary
from tests.calendars.server import CalendarServer, Served

DIARY = outlook_diary()
LOCAL = Fetcher(FetchRules(timeout=1, max_bytes=1024 * 1024, allow_private=True))


def test_a_calendar_unchanged_since_its_etag_is_not_sent_again(
    calendar_server: CalendarServer,
) -> None:
    calendar_server.files["/a.ics"] = Served(DIARY, etag='"v1"')
    first = read_ical(LOCAL, calendar_server.url("/a.ics"), {})
    assert first.texts == [DIARY] and first.validators == {"etag": '"v1"'}
    again = read_ical(LOCAL, calendar_server.url("/a.ics"), first.validators)
    assert again.unchanged and again.texts == []
    assert calendar_server.seen[-1].headers["if-none-match"] == '"v1"'
    calendar_server.files["/a.ics"] = Served(DIARY + b"\r\n", etag='"v2"')
    changed = read_ical(LOCAL, calendar_server.url("/a.ics"), first.validators)
    assert not changed.unchanged and changed.validators == {"etag": '"v2"'}


def test_last_modified_is_asked_about_too(calendar_server: CalendarServer) -> None:
    stamp = "Mon, 01 Mar 2027 09:00:00 GMT"
    calendar_server.files["/b.ics"] = Served(DIARY, last_modified=stamp)
    first = read_ical(LOCAL, calendar_server.url("/b.ics"), {})
    assert read_ical(LOCAL, calendar_server.url("/b.ics"), first.validators).unchanged
    assert calendar_server.seen[-1].headers["if-modified-since"] == stamp


def test_a_slow_calendar_is_given_up_at_the_deadline(calendar_server: CalendarServer) -> None:
    calendar_server.files["/slow.ics"] = Served(DIARY, delay=30)
    began = time.monotonic()
    with pytest.raises(CalendarUnreadable, match="did not answer within 1 seconds"):
        read_ical(LOCAL, calendar_server.url("/slow.ics"), {})
    assert time.monotonic() - began < 5


@pytest.mark.parametrize("declared", [True, False])
def test_a_calendar_over_the_size_limit_is_refused(
    calendar_server: CalendarServer, declared: bool
) -> None:
    calendar_server.files["/big.ics"] = Served(DIARY * 2000, declare_length=declared)
    with pytest.raises(CalendarUnreadable, match="larger than 1 MB"):
        read_ical(LOCAL, calendar_server.url("/big.ics"), {})


@pytest.mark.parametrize(
    ("served", "reason"),
    [
        (Served(b"oops", status=500), r"had an error \(500\)"),
        (Served(b"", status=404), "no calendar at that address"),
        (Served(b"", status=403), "refused access"),
        (Served(b"<html>Sign in</html>", content_type="text/html"), "gives a web page"),
    ],
)
def test_a_failed_reading_says_why(
    calendar_server: CalendarServer, served: Served, reason: str
) -> None:
    calendar_server.files["/x.ics"] = served
    with pytest.raises(CalendarUnreadable, match=reason) as failure:
        read_ical(LOCAL, calendar_server.url("/x.ics"), {})
    assert "127.0.0.1" not in str(failure.value), "the address is never repeated"


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("http://calendar.example.org/a.ics", "must start https://"),
        ("ftp://calendar.example.org/a.ics", "must start https://"),
        ("https:///a.ics", "must name a host"),
        ("https://me:secret@calendar.example.org/a.ics", "user name and password in their own"),
        ("https://calendar.example.org/a b.ics", "spaces"),
        ("", "enter the calendar's address"),
    ],
)
def test_addresses_that_are_not_read(address: str, reason: str) -> None:
    with pytest.raises(AddressRefused, match=reason):
        check_address(address, allow_private=False)


def test_webcal_links_are_read_over_https() -> None:
    assert check_address("webcal://p01-calendars.example.com/x", allow_private=False).scheme == (
        "https"
    )


def test_private_and_loopback_addresses_are_refused_unless_allowed(
    calendar_server: CalendarServer,
) -> None:
    calendar_server.files["/a.ics"] = Served(DIARY)
    strict = Fetcher(FetchRules(timeout=1, allow_private=False))
    with pytest.raises(AddressRefused, match="must start https"):
        read_ical(strict, calendar_server.url("/a.ics"), {})
    rebinding = Fetcher(
        FetchRules(timeout=1, allow_private=False), resolver=lambda host, port: ["127.0.0.1"]
    )
    with pytest.raises(AddressRefused, match="this machine or a private network"):
        read_ical(rebinding, f"https://calendar.example.org:{calendar_server.port}/a.ics", {})
    assert calendar_server.seen == [], "nothing was sent to a refused address"


def test_https_with_a_trusted_certificate_is_read(
    https_server: CalendarServer, tls_material: tuple[Path, Path, str]
) -> None:
    https_server.files["/a.ics"] = Served(DIARY, etag='"1"')
    reading = read_ical(
        playing_public(tls_material[2]), https_server.url("/a.ics", "calendar.test"), {}
    )
    assert reading.texts == [DIARY]


def test_a_certificate_nobody_vouches_for_is_refused(https_server: CalendarServer) -> None:
    https_server.files["/a.ics"] = Served(DIARY)
    untrusting = Fetcher(FetchRules(timeout=2, allow_private=True))
    with pytest.raises(CalendarUnreadable, match="no valid certificate"):
        read_ical(untrusting, https_server.url("/a.ics"), {})


def test_a_redirect_is_checked_again_and_private_addresses_refused_there(
    https_server: CalendarServer, tls_material: tuple[Path, Path, str]
) -> None:
    https_server.files["/moved.ics"] = Served(
        location=f"https://intranet.test:{https_server.port}/a.ics"
    )
    https_server.files["/a.ics"] = Served(DIARY)
    fetcher = playing_public(tls_material[2], private="intranet.test")
    with pytest.raises(AddressRefused, match="private network"):
        read_ical(fetcher, https_server.url("/moved.ics", "calendar.test"), {})
    assert [s.path for s in https_server.seen] == ["/moved.ics"]


def test_a_redirect_to_plain_http_is_refused(
    https_server: CalendarServer, tls_material: tuple[Path, Path, str]
) -> None:
    https_server.files["/moved.ics"] = Served(location="http://calendar.test/a.ics")
    with pytest.raises(AddressRefused, match="https"):
        read_ical(
            playing_public(tls_material[2]), https_server.url("/moved.ics", "calendar.test"), {}
        )


def test_endless_redirects_are_given_up(
    https_server: CalendarServer, tls_material: tuple[Path, Path, str]
) -> None:
    https_server.files["/loop.ics"] = Served(location="/loop.ics")
    with pytest.raises(CalendarUnreadable, match="redirects more than 5 times"):
        read_ical(
            playing_public(tls_material[2]), https_server.url("/loop.ics", "calendar.test"), {}
        )


def test_a_password_is_never_sent_to_another_host_after_a_redirect(
    https_server: CalendarServer, tls_material: tuple[Path, Path, str]
) -> None:
    https_server.files["/dav/"] = Served(
        location=f"https://other.test:{https_server.port}/elsewhere/"
    )
    span = TimeRange(datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))
    with pytest.raises(CalendarUnreadable):
        read_caldav(
            playing_public(tls_material[2]),
            https_server.url("/dav/", "calendar.test"),
            ("sarah", "app-password"),
            {},
            span,
        )
    first, second = https_server.seen
    assert first.headers["authorization"].startswith("Basic ")
    assert (second.path, "authorization" in second.headers) == ("/elsewhere/", False)
