"""Finding and booking: a service sees only what it can book and why, a refusal names
what is really in the way (never another service) with the next free times, on pages and
in the API; filters that cannot match say so."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from typing import Any
from uuid import uuid4

import pytest
from flask import Flask

from domain.errors import SlotTaken
from tests.web.conftest import Browser
from tests.world import World

TUESDAY_9 = datetime(2027, 3, 9, 9, 0, tzinfo=UTC)


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_experts_show_only_where_the_service_has_hours_left(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    worcs = Browser(app.test_client(), world).sign_in("worcs_head")
    own = _text(worcs.get("/availability").text)
    assert "with Evaluator (expert" in own
    assert "shown only where your service has an engagement with hours left: Evaluator." in own
    haringey = Browser(app.test_client(), world).sign_in("haringey_head")
    other = _text(haringey.get("/availability").text)
    assert "with Evaluator" not in other
    assert "No experts are shown: your service has no engagement with hours left" in other


def test_a_region_with_experts_only_says_it_cannot_match(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    worcs = Browser(app.test_client(), world).sign_in("worcs_head")
    page = _text(
        worcs.get(f"/availability?provider_kind=expert&region_id={world.west_midlands}").text
    )
    assert "no expert matches a region" in page


def test_booking_a_time_the_service_already_has_names_its_own_session(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    worcs = Browser(app.test_client(), world).sign_in("worcs_head")
    start = "2027-03-02T09:00:00+00:00"
    form_page = (
        f"/book?window_id={scene['window']}&provider_id={world.evaluator}"
        f"&start={start.replace('+', '%2B')}&engagement_id={scene['engagement']}"
    )
    refused = worcs.submit(
        "/book",
        {
            "booking_id": str(uuid4()),
            "window_id": str(scene["window"]),
            "provider_id": str(world.evaluator),
            "start": start,
            "engagement_id": str(scene["engagement"]),
        },
        form_page=form_page,
    )
    page = _text(refused.text)
    assert (
        "Your service already has a session with this expert then: the one on "
        "Tuesday 2 March 2027 at 09:00 (UK time)"
    ) in page
    assert "The next free times are Tuesday 2 March 2027, 10:00" in page
    assert "just booked by someone else" not in page


@pytest.fixture
def peer_at_nine(world: World) -> dict[str, Any]:
    """Leicestershire's peer offers Tuesdays 09:00 and 09:45 in two windows; Nottingham
    has booked 09:00."""
    peer = world.leics_peer
    first = world.window(peer, end_time="09:45")
    second = world.window(peer, start_time="09:45", end_time="10:30")
    world.bank.bookings.book(
        world.notts_staff,
        service_id=world.nottingham,
        provider_id=peer,
        window_id=first,
        start=TUESDAY_9,
    )
    return {"first": first, "second": second}


def test_a_time_another_service_has_is_refused_without_naming_it(
    world: World, peer_at_nine: dict[str, Any]
) -> None:
    with pytest.raises(SlotTaken) as taken:
        world.bank.bookings.book(
            world.derby_staff,
            service_id=world.derby,
            provider_id=world.leics_peer,
            window_id=peer_at_nine["first"],
            start=TUESDAY_9,
        )
    assert taken.value.message == "another library service has booked this time"
    assert "Nottingham" not in taken.value.message


def test_a_time_in_the_peers_gap_between_sessions_says_so(
    app: Flask, world: World, peer_at_nine: dict[str, Any]
) -> None:
    derby = Browser(app.test_client(), world).sign_in("derby_staff")
    token = derby.get("/api/me").json["csrf_token"]  # type: ignore[index]
    body = {
        "provider_id": str(world.leics_peer),
        "window_id": str(peer_at_nine["second"]),
        "start": "2027-03-09T09:45:00+00:00",
    }
    refused = derby.client.post("/api/bookings", json=body, headers={"X-CSRFToken": token})
    assert refused.status_code == 409, refused.json
    answer = refused.json
    assert answer is not None
    assert answer["message"] == (
        "this peer keeps 15 minutes free between sessions, and another session is booked "
        "too close to this time"
    )
    assert answer["next_free"][0] == "2027-03-16T09:45:00+00:00"


def test_a_booked_session_offers_its_calendar_file_and_links_its_meeting(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    worcs = Browser(app.test_client(), world).sign_in("worcs_head")
    page = worcs.get(f"/bookings/{scene['booking']}").text
    assert "An invitation was emailed to both sides" in page
    assert '<a class="govuk-link" href="https://meet.example.org/room">' in page
    assert "Evaluator (expert)" in page
    ics = worcs.get(f"/bookings/{scene['booking']}/session.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert "attachment" in ics.headers["Content-Disposition"]
    unfolded = ics.text.replace("\r\n ", "")
    assert f"UID:{scene['booking']}" in unfolded and "SEQUENCE:0" in unfolded
    other = Browser(app.test_client(), world).sign_in("haringey_head")
    assert other.get(f"/bookings/{scene['booking']}/session.ics").status_code == 403


def test_a_peer_session_names_the_peers_library_service(
    app: Flask, world: World, peer_at_nine: dict[str, Any]
) -> None:
    notts = Browser(app.test_client(), world).sign_in("notts_staff")
    session = world.bank.read_models.bookings.for_service(world.nottingham)[0]
    page = _text(notts.get(f"/bookings/{session.booking_id}").text)
    assert "Leics Peer (peer, Leicestershire)" in page
