"""Idempotency-Key on API writes: the same key and body answer as the first time and
change nothing twice, also from 8 threads at once; the same key with another body is 422."""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

from flask import Flask
from werkzeug.test import TestResponse

from tests.world import World


def _booking_body(world: World, scene: dict[str, Any], start: str) -> dict[str, str]:
    return {
        "provider_id": str(world.evaluator),
        "window_id": str(scene["window"]),
        "start": start,
        "engagement_id": str(scene["engagement"]),
    }


def _bookings_of_worcestershire(world: World) -> int:
    world.bank.read_models.sync()
    found = world.bank.read_models.bookings.for_service(world.worcestershire, when="all")
    return len(found)


def test_the_same_key_and_body_answer_as_the_first_time(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    token = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="t").token
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "booking-1"}
    body = _booking_body(world, scene, "2027-03-09T09:00:00+00:00")
    client = app.test_client()

    first = client.post("/api/v1/bookings", json=body, headers=headers)
    events = world.bank.head_position()
    again = client.post("/api/v1/bookings", json=dict(reversed(body.items())), headers=headers)
    other = client.post(
        "/api/v1/bookings",
        json={**body, "start": "2027-03-09T10:00:00+00:00"},
        headers=headers,
    )

    assert first.status_code == 201, first.json
    assert (again.status_code, again.json) == (201, first.json)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert world.bank.head_position() == events
    assert other.status_code == 422 and other.json is not None
    assert other.json["field"] == "Idempotency-Key"
    assert world.bank.head_position() == events
    assert _bookings_of_worcestershire(world) == 2


def test_a_refusal_is_the_first_answer_too(app: Flask, world: World, scene: dict[str, Any]) -> None:
    token = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="t").token
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "taken"}
    body = _booking_body(world, scene, "2027-03-02T09:00:00+00:00")  # the scene's booking
    client = app.test_client()

    first = client.post("/api/v1/bookings", json=body, headers=headers)
    again = client.post("/api/v1/bookings", json=body, headers=headers)

    assert first.status_code == 409
    assert (again.status_code, again.json) == (409, first.json)


def test_eight_threads_with_one_key_make_one_booking(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    token = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="t").token
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "the-same-one"}
    body = _booking_body(world, scene, "2027-03-16T10:00:00+00:00")
    before = _bookings_of_worcestershire(world)
    start = threading.Barrier(8)
    answers: list[TestResponse] = []

    def book() -> None:
        client = app.test_client()
        start.wait()
        answers.append(client.post("/api/v1/bookings", json=body, headers=headers))

    threads = [threading.Thread(target=book) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [a.status_code for a in answers] == [201] * 8, [a.json for a in answers]
    assert len({a.json["id"] for a in answers if a.json}) == 1
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 7
    assert _bookings_of_worcestershire(world) == before + 1


def test_a_key_must_be_printable_and_short(app: Flask, world: World) -> None:
    token = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="t").token
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "x" * 201}

    response = app.test_client().post("/api/v1/me/tokens", json={"name": "n"}, headers=headers)

    assert response.status_code == 422 and response.json is not None
    assert response.json["field"] == "Idempotency-Key"


def test_an_erasure_deletes_every_kept_answer(app: Flask, world: World) -> None:
    token = world.bank.tokens.create(world.notts_staff, world.notts_staff, name="t").token
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "ask-1"}
    ask = {"theme_id": str(world.evaluation), "need": "Our own words", "outcomes": "A plan"}

    asked = app.test_client().post(
        "/api/v1/requests", json={**ask, "hours_hoped": 4}, headers=headers
    )
    kept = world.bank.database.query("SELECT body FROM {api_idempotency}")
    world.bank.people.deactivate(world.manager, world.notts_staff, reason="left")
    world.bank.people.erase_details(world.manager, world.notts_staff)

    assert asked.status_code == 201
    assert "Our own words" in kept[0]["body"]
    assert world.bank.database.query("SELECT body FROM {api_idempotency}") == []


def test_removing_a_text_on_request_deletes_every_kept_answer(app: Flask, world: World) -> None:
    token = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="t").token
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "ask-2"}
    ask = {"theme_id": str(world.evaluation), "need": "Names Mrs Smith", "outcomes": "A plan"}

    asked = app.test_client().post(
        "/api/v1/requests", json={**ask, "hours_hoped": 4}, headers=headers
    )
    assert asked.status_code == 201 and asked.json is not None
    request_id = asked.json["id"]
    need = next(
        t
        for t in world.bank.texts.of_record(world.manager, UUID(request_id))
        if t.shown == "Names Mrs Smith"
    )
    world.bank.texts.remove(world.manager, need.text_id, reason="Names a member of the public")

    assert world.bank.database.query("SELECT body FROM {api_idempotency}") == []
