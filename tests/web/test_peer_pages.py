"""A peer's settings, and holds they confirm, through the pages."""

from __future__ import annotations

import re

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def test_a_peer_who_confirms_each_booking_gets_a_hold_and_confirms_it(
    app: Flask, world: World
) -> None:
    peer = Browser(app.test_client(), world).sign_in("leics_peer")
    saved = peer.submit(
        "/provider/profile",
        {
            "theme_ids": [str(world.partnerships)],
            "monthly_cap_hours": "4",
            "requires_confirmation": "y",
        },
    )
    assert saved.status_code == 302, saved.text
    window = world.window(world.leics_peer)
    notts = Browser(app.test_client(), world).sign_in("notts_staff")
    form_page = (
        f"/book?window_id={window}&provider_id={world.leics_peer}&start=2027-03-02T09:00:00%2B00:00"
    )
    hidden = dict(
        re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', notts.get(form_page).text)
    )

    booked = notts.submit("/book", {**hidden, "cover": "Partnerships"}, form_page=form_page)
    session = booked.headers["Location"]
    assert "Peer to answer by" in notts.get(session).text

    confirmed = peer.submit(f"{session}/confirm", {}, form_page=session)
    assert confirmed.status_code == 302
    assert re.search(r"govuk-tag--green\">\s*Booked\s*<", peer.get(session).text)


def test_a_cap_that_is_not_a_number_is_named(app: Flask, world: World) -> None:
    peer = Browser(app.test_client(), world).sign_in("leics_peer")

    page = peer.submit(
        "/provider/profile",
        {"theme_ids": [str(world.comms)], "monthly_cap_hours": "lots"},
    ).text

    assert re.search(
        r'href="#monthly_cap_hours">\s*The monthly cap must be a number of hours', page
    )
    assert 'value="lots"' in page
    assert world.bank.people.person(world.leics_peer).theme_ids == [world.partnerships]


def test_a_provider_gets_a_calendar_address_and_can_stop_it(
    app: Flask, world: World, scene: dict[str, object]
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")

    page = expert.submit("/provider/calendar", {}, form_page="/provider/profile").text
    address = re.search(r'<code id="calendar-link">[^<]*(/calendar/[\w-]+\.ics)</code>', page)
    assert address, page
    feed = app.test_client().get(address.group(1))  # a calendar app, not signed in
    assert feed.status_code == 200
    assert "BEGIN:VEVENT" in feed.text and f"UID:{scene['booking']}" in feed.text.replace(
        "\r\n ", ""
    )

    expert.submit("/provider/calendar/stop", {}, form_page="/provider/profile")
    assert app.test_client().get(address.group(1)).status_code == 404
