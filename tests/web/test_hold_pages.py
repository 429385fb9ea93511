"""A peer who confirms each booking: the service is told it has requested, not booked, and
until when; the peer sees what waits for their answer; confirming and declining say what
happened; every state has its own word."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from flask import Flask

from tests.web.conftest import Browser
from tests.world import World

FORM = "/book?window_id={window}&provider_id={peer}&start=2027-03-09T09:00:00%2B00:00"


@pytest.fixture
def asked(app: Flask, world: World) -> dict[str, Any]:
    """Nottingham asks Leicestershire's peer, who confirms each booking, for a session."""
    world.bank.people.set_peer_settings(
        world.leics_peer,
        world.leics_peer,
        monthly_cap_hours=4,
        requires_confirmation=True,
    )
    window = world.window(world.leics_peer)
    notts = Browser(app.test_client(), world).sign_in("notts_staff")
    form_page = FORM.format(window=window, peer=world.leics_peer)
    form = notts.get(form_page).text
    hidden = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', form))
    booked = notts.submit("/book", {**hidden, "cover": "Partnerships"}, form_page=form_page)
    assert booked.status_code == 302, booked.text
    peer = Browser(app.test_client(), world).sign_in("leics_peer")
    return {"form": form, "session": booked.headers["Location"], "notts": notts, "peer": peer}


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_booking_form_says_it_sends_a_request_and_until_when(asked: dict[str, Any]) -> None:
    form = _text(asked["form"])
    assert "Leics Peer confirms each booking" in form
    assert "the time is kept for you until Wednesday 3 March 2027, 09:00" in form
    assert "Send the request" in form and "Book this session" not in form


def test_after_booking_the_service_reads_requested_not_booked(asked: dict[str, Any]) -> None:
    page = _text(asked["notts"].get(asked["session"]).text)
    assert "Your request is sent to Leics Peer. It is not booked yet" in page
    assert "until Wednesday 3 March 2027, 09:00 to confirm or decline" in page
    assert " Requested " in page and "Waiting for the peer to confirm or decline" in page
    assert " Booked " not in page
    assert "Peer to answer by Wednesday 3 March 2027, 09:00" in page


def test_the_peer_home_page_shows_what_waits_for_their_answer(asked: dict[str, Any]) -> None:
    home = _text(asked["peer"].get("/").text)
    assert "Waiting for your answer" in home
    assert (
        "Nottingham City: Tuesday 9 March 2027, 09:00 to 09:45 . "
        "Answer by Wednesday 3 March 2027, 09:00." in home
    )


def test_confirming_says_what_happened(asked: dict[str, Any]) -> None:
    session, peer = asked["session"], asked["peer"]
    done = peer.client.post(
        f"{session}/confirm", data={"csrf_token": peer.token(session)}, follow_redirects=True
    )
    page = _text(done.text)
    assert "You confirmed the session with Nottingham City on Tuesday 9 March 2027, 09:00" in page
    assert " Booked " in page and "Peer to answer by" not in page
    assert "Waiting for your answer" not in _text(peer.get("/").text)


def test_declining_asks_for_an_optional_reason_and_says_what_happened(
    asked: dict[str, Any],
) -> None:
    session, peer, notts = asked["session"], asked["peer"], asked["notts"]
    form = peer.get(f"{session}/decline").text
    assert "Why can you not take it? (optional)" in form
    done = peer.client.post(
        f"{session}/decline",
        data={"reason": "", "csrf_token": peer.token(f"{session}/decline")},
        follow_redirects=True,
    )
    page = _text(done.text)
    assert "You declined Nottingham City's request for Tuesday 9 March 2027, 09:00" in page
    seen = _text(notts.get(session).text)
    assert " Declined " in seen and "the time is free again" in seen
    for gone in ("Held until", "held until", "Peer to answer by", " Requested "):
        assert gone not in seen


def test_a_declined_request_reads_as_declined_in_the_history(
    asked: dict[str, Any], world: World
) -> None:
    session, peer = asked["session"], asked["peer"]
    peer.submit(f"{session}/decline", {"reason": "Away that week"})
    staff = Browser(asked["notts"].client.application.test_client(), world).sign_in("manager")
    history = _text(staff.get(f"/history?subject={world.nottingham}").text)
    assert "Leics Peer declined Nottingham City's request for the 9 March session" in history
    assert "Away that week" in history
    assert ": declined" in history


def test_a_session_that_took_place_never_reads_held(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    page = f"/bookings/{scene['booking']}"
    assert " Booked " in _text(
        Browser(app.test_client(), world).sign_in("worcs_head").get(page).text
    )
    world.clock.advance(timedelta(days=1, hours=3))
    service = Browser(app.test_client(), world).sign_in("worcs_head")  # a new day's session
    assert " To record " in _text(service.get(page).text)
    world.bank.sessions.record(world.evaluator, scene["booking"], outcome="held")
    shown = _text(service.get(page).text)
    assert " Took place " in shown and "Recorded by the expert or peer as taking place" in shown
    assert " Held " not in shown
    home = _text(service.get("/").text)
    assert " Took place " in home and "What these states mean" in home
