"""An expert's or peer's home page: sessions that have ended wait there to be recorded, and
a peer sees their monthly cap and the hours held and booked this month."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_an_ended_session_is_offered_for_recording_on_the_home_page(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    before = Browser(app.test_client(), world).sign_in("evaluator").get("/").text
    assert "Sessions to record" not in before
    world.clock.advance(timedelta(days=1, hours=3))
    home = Browser(app.test_client(), world).sign_in("evaluator").get("/").text
    assert f'href="/bookings/{scene["booking"]}/record"' in home
    assert "Record the session with Worcestershire" in _text(home)
    world.bank.sessions.record(world.evaluator, scene["booking"], outcome="held")
    after = Browser(app.test_client(), world).sign_in("evaluator").get("/").text
    assert "Sessions to record" not in after


def test_a_peer_sees_their_cap_and_this_months_hours(app: Flask, world: World) -> None:
    peer = world.leics_peer
    world.bank.people.set_peer_settings(
        peer, peer, monthly_cap_hours=4, requires_confirmation=False
    )
    window = world.window(peer)
    first, _ = (
        world.bank.bookings.book(
            world.notts_staff,
            service_id=world.nottingham,
            provider_id=peer,
            window_id=window,
            start=datetime(2027, 3, day, 9, tzinfo=UTC),
        )
        for day in (2, 9)
    )
    world.clock.advance(timedelta(days=1, hours=3))
    world.bank.sessions.record(peer, first, outcome="held")
    home = _text(Browser(app.test_client(), world).sign_in("leics_peer").get("/").text)
    assert "Your peer support this month" in home
    assert "Monthly cap 4 hours" in home
    assert "Sessions that took place 45 minutes" in home
    assert "Booked this month, in all 1.5 hours" in home
    assert "Left under your cap 2.5 hours" in home


def test_service_staff_get_their_calendar_address_with_a_webcal_link(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    staff = Browser(app.test_client(), world).sign_in("worcs_head")
    assert "Get a calendar address" in staff.get("/account").text
    page = staff.submit("/provider/calendar", {}, form_page="/account").text
    address = re.search(
        r'<code id="calendar-link">https?://([^<]*/calendar/[\w-]+\.ics)</code>', page
    )
    assert address, page
    assert f'href="webcal://{address.group(1)}"' in page
    assert 'data-copy="calendar-link" hidden' in page
    feed = app.test_client().get("/" + address.group(1).split("/", 1)[1])
    assert feed.status_code == 200
    assert f"UID:{scene['booking']}" in feed.text.replace("\r\n ", "")
    stopped = staff.submit("/provider/calendar/stop", {}, form_page="/account")
    assert stopped.headers["Location"].endswith("/account")


def test_a_provider_reads_who_booked_each_session_they_give(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    for path in ("/", "/provider/sessions"):
        page = expert.get(path).text
        link = f'/bookings/{scene["booking"]}"'
        row = re.search(
            rf'<tr class="govuk-table__row">\s*<td[^>]*><a[^>]*{link}.*?</tr>', page, re.S
        )
        assert row, f"{path} lists no session {scene['booking']}"
        cells = _text(row.group(0))
        assert "Worcs Head" in cells and "Evaluator" not in cells, f"{path}: {cells}"
        assert ">Booked by</th>" in page and ">With</th>" not in page
    service = Browser(app.test_client(), world).sign_in("worcs_head").get("/").text
    assert ">With</th>" in service
