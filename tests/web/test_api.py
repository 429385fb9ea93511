"""The JSON API: the same rules as the pages, one error shape, schemas at the edge."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from flask import Flask

from domain.ids import diary_id
from tests.web.conftest import Browser
from tests.world import World


def _signed_in(app: Flask, world: World, who: str) -> tuple[Browser, dict[str, str]]:
    browser = Browser(app.test_client(), world).sign_in(who)
    token = browser.get("/api/me").json["csrf_token"]  # type: ignore[index]
    return browser, {"X-CSRFToken": token}


def test_the_api_needs_a_signed_in_person(app: Flask) -> None:
    response = app.test_client().get("/api/slots")

    assert response.status_code == 401
    assert response.json is not None and response.json["error"] == "Unauthorized"


def test_a_service_finds_a_slot_and_books_it_once(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    browser, headers = _signed_in(app, world, "worcs_head")
    search = {"provider_id": str(world.evaluator), "limit": "2"}
    page = browser.get("/api/slots", query_string=search).json
    assert page is not None
    slots = page["slots"]
    assert [s["start"] for s in slots] == ["2027-03-02T10:00:00+00:00", "2027-03-02T11:00:00+00:00"]
    later = browser.get("/api/slots", query_string={**search, "after": page["next"]}).json
    assert later is not None and later["slots"][0]["start"] == "2027-03-09T09:00:00+00:00"
    body = {
        "provider_id": str(world.evaluator),
        "window_id": slots[0]["window_id"],
        "start": slots[0]["start"],
        "engagement_id": str(scene["engagement"]),
        "booking_id": str(uuid4()),
    }

    first = browser.client.post("/api/bookings", json=body, headers=headers)
    again = browser.client.post("/api/bookings", json=body, headers=headers)

    assert first.status_code == 201, first.json
    assert first.json is not None and again.json is not None
    assert first.json["id"] == again.json["id"]  # the reference's own, in its namespace
    assert first.json["status"] == "confirmed"


def test_writes_without_the_csrf_header_are_refused(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    browser, _ = _signed_in(app, world, "worcs_head")

    response = browser.client.post(
        f"/api/bookings/{scene['booking']}/cancel", json={"reason": "ill"}
    )

    assert response.status_code == 400
    assert world.bank.bookings.booking(world.manager, scene["booking"]).status == "confirmed"


def test_malformed_input_names_the_field(app: Flask, world: World) -> None:
    browser, headers = _signed_in(app, world, "worcs_head")

    response = browser.client.post(
        "/api/requests",
        json={"theme_id": str(world.evaluation), "need": "x", "outcomes": "y", "hours_hoped": "8"},
        headers=headers,
    )

    assert response.status_code == 422
    assert response.json == {
        "error": "InvalidInput",
        "message": "hours_hoped: must be a number of hours, like 8 or 7.5",
        "field": "hours_hoped",
        "fields": {"hours_hoped": ["must be a number of hours, like 8 or 7.5"]},
    }


def test_a_rule_refusal_keeps_the_one_error_shape(app: Flask, world: World) -> None:
    browser, headers = _signed_in(app, world, "worcs_head")

    response = browser.client.post(
        "/api/requests",
        json={
            "theme_id": str(world.evaluation),
            "need": "x",
            "outcomes": "y",
            "hours_hoped": 10000,
        },
        headers=headers,
    )

    assert response.status_code == 422
    assert response.json is not None
    assert response.json["field"] == "hours_hoped"
    assert response.json["message"].endswith("hours hoped for must be between 0.5 and 100 hours")


def test_another_service_gets_403_and_none_of_the_booking(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    browser, _ = _signed_in(app, world, "haringey_head")

    response = browser.get(f"/api/bookings/{scene['booking']}")

    assert response.status_code == 403
    assert "confidential" not in response.text
    assert response.json is not None and response.json["error"] == "PermissionDenied"


def test_the_history_as_of_a_moment_leaves_out_what_came_after(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    from datetime import timedelta

    world.clock.advance(timedelta(hours=1))
    world.bank.bookings.cancel(world.worcs_head, scene["booking"], reason="staff illness")
    auditor, _ = _signed_in(app, world, "auditor")
    subject = f"/api/history?subject={world.worcestershire}"

    now = auditor.get(subject).json["events"]  # type: ignore[index]
    before = auditor.get(subject + "&as_of=2027-03-01T09:30:00%2B00:00").json["events"]  # type: ignore[index]

    assert any("staff illness" in e["what"] for e in now)
    assert not any("staff illness" in e["what"] for e in before)
    assert len(before) < len(now)


def test_a_lone_surrogate_or_a_nul_is_refused_with_the_field_and_nothing_is_stored(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    browser, headers = _signed_in(app, world, "worcs_head")
    headers = {**headers, "Content-Type": "application/json"}
    before = world.bank.head_position()

    cancel = browser.client.post(
        f"/api/bookings/{scene['booking']}/cancel",
        data='{"reason": "ill \\ud800"}',
        headers=headers,
    )
    request = browser.client.post(
        "/api/requests",
        json={
            "theme_id": str(world.evaluation),
            "need": "x\x00",
            "outcomes": "y",
            "hours_hoped": 2,
        },
        headers=headers,
    )

    assert (cancel.status_code, request.status_code) == (422, 422)
    assert cancel.json is not None and request.json is not None
    assert (cancel.json["error"], cancel.json["field"]) == ("InvalidInput", "reason")
    assert "(U+D800)" in cancel.json["message"]
    assert (request.json["field"], "(U+0000)" in request.json["message"]) == ("need", True)
    assert world.bank.head_position() == before


def test_a_booking_reference_equal_to_a_diarys_id_gets_an_id_of_its_own(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    browser, headers = _signed_in(app, world, "worcs_head")
    diary = diary_id(world.evaluator, date(2027, 3, 9))
    body = {
        "provider_id": str(world.evaluator),
        "window_id": str(scene["window"]),
        "start": "2027-03-09T09:00:00+00:00",
        "engagement_id": str(scene["engagement"]),
        "booking_id": str(diary),
    }

    booked = browser.client.post("/api/bookings", json=body, headers=headers)
    later = browser.client.post(
        "/api/bookings",
        json={**body, "start": "2027-03-09T10:00:00+00:00", "booking_id": None},
        headers=headers,
    )
    wrong = browser.get(f"/api/bookings/{diary}")

    assert (booked.status_code, later.status_code) == (201, 201), booked.json
    assert booked.json is not None and booked.json["id"] != str(diary)
    assert wrong.status_code == 422 and wrong.json is not None
    assert wrong.json["error"] == "WrongKind"
