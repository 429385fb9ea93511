"""Who may call what: every operation of the OpenAPI document, as each role (signed in with
the cookie, and with a token of their own) and with no credentials. A person may do what
the pages let them, no more; another service's requests, engagements, bookings and history
are never readable or changeable. Writes are sent with an empty body, so that an allowed
caller is stopped by the fields (422) where the operation needs any."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask

from domain.ids import SYSTEM_ACTOR
from tests.web.api_v1.conftest import Caller, signed_in
from tests.web.conftest import Browser
from tests.world import World

STAFF, AUDITOR, HEAD, EXPERT, PEER, OTHER = (
    "manager",
    "auditor",
    "worcs_head",
    "evaluator",
    "leics_peer",
    "haringey_head",
)
EVERYONE = {STAFF, AUDITOR, HEAD, EXPERT, PEER, OTHER}
SERVICE_SIDE = {HEAD, PEER, OTHER}
OVERSIGHT = {STAFF, AUDITOR}
WORCESTERSHIRES = {STAFF, AUDITOR, HEAD, EXPERT}  # its request, engagement and booking
# Who may call each operation; anyone else is refused (403, or 404: not theirs to know).
ALLOWED: dict[str, set[str]] = {
    "GET /me": EVERYONE,
    "GET /me/tokens": EVERYONE,
    "POST /me/tokens": EVERYONE,
    "DELETE /me/tokens/{token_id}": {HEAD},
    "GET /themes": EVERYONE,
    "POST /themes": {STAFF},
    "POST /themes/{theme_id}/retire": {STAFF},
    "GET /regions": EVERYONE,
    "POST /regions": {STAFF},
    "GET /services": EVERYONE,
    "POST /services": {STAFF},
    "GET /services/{service_id}": EVERYONE,
    "GET /providers": EVERYONE,
    "GET /providers/{provider_id}": EVERYONE,
    "GET /me/windows": {EXPERT, PEER},
    "POST /me/windows": {EXPERT, PEER},
    "POST /me/windows/{window_id}/withdraw": {EXPERT},
    "POST /me/windows/{window_id}/change": {EXPERT},
    "GET /me/time-off": {EXPERT, PEER},
    "POST /me/time-off": {EXPERT, PEER},
    "DELETE /me/time-off/{time_off_id}": {EXPERT},
    "GET /slots": SERVICE_SIDE,
    "GET /requests": {STAFF} | SERVICE_SIDE,
    "POST /requests": SERVICE_SIDE,
    "GET /requests/{request_id}": WORCESTERSHIRES,
    "POST /requests/{request_id}/withdraw": {HEAD},
    "POST /requests/{request_id}/shortlist": {STAFF},
    "POST /requests/{request_id}/approve": {STAFF},
    "POST /requests/{request_id}/decline": {STAFF},
    "GET /requests/{request_id}/suggestions": {STAFF},
    "POST /requests/{request_id}/match": {STAFF},
    "GET /engagements": EVERYONE,
    "GET /engagements/{engagement_id}": WORCESTERSHIRES,
    "GET /engagements/{engagement_id}/bookings": WORCESTERSHIRES,
    "POST /engagements/{engagement_id}/allowance": {STAFF},
    "POST /engagements/{engagement_id}/complete": {STAFF},
    "POST /engagements/{engagement_id}/close": {STAFF},
    "GET /bookings": {HEAD, EXPERT, PEER, OTHER},
    "POST /bookings": SERVICE_SIDE,
    "GET /bookings/{booking_id}": WORCESTERSHIRES,
    "POST /bookings/{booking_id}/move": {HEAD, EXPERT},
    "POST /bookings/{booking_id}/cancel": {HEAD, EXPERT},
    "POST /bookings/{booking_id}/confirm": set(),  # a peer's hold: there is none here
    "POST /bookings/{booking_id}/decline": set(),
    "POST /bookings/{booking_id}/record": {EXPERT},
    "POST /bookings/{booking_id}/feedback": {HEAD},
    "GET /resources": EVERYONE,
    "POST /resources": {STAFF, EXPERT, PEER},
    "GET /resources/{resource_id}": EVERYONE,
    "POST /resources/{resource_id}/revise": {STAFF, EXPERT},
    "POST /resources/{resource_id}/withdraw": {STAFF, EXPERT},
    "GET /history": OVERSIGHT,
    "GET /services/{service_id}/history": OVERSIGHT | {HEAD},
    "GET /history/programme": OVERSIGHT,
    "GET /figures/programme": OVERSIGHT,
    "GET /figures/charts": OVERSIGHT,
    "GET /regions/{region_id}/dashboard": OVERSIGHT,
}
QUERIES = {"GET /history": {"subject": "{service_id}"}}


def operations(app: Flask) -> list[tuple[str, str]]:
    document = app.test_client().get("/api/openapi.json").json
    assert document is not None
    return [
        (method.upper(), path.removeprefix("/api/v1"))
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "delete")
    ]


def _objects(world: World, scene: dict[str, Any]) -> dict[str, str]:
    bank = world.bank
    time_off = bank.availability.add_time_off(
        world.evaluator, world.evaluator, first_day=date(2027, 6, 1), last_day=date(2027, 6, 2)
    ).id
    resource = bank.sessions.publish_resource(
        world.evaluator,
        title="A guide",
        summary="How to",
        theme_id=world.evaluation,
        link="https://example.org/guide",
        licence="CC BY 4.0",
    )
    token = bank.tokens.create(world.worcs_head, world.worcs_head, name="to revoke").token_id
    spare_theme = bank.registry.add_theme(SYSTEM_ACTOR, code="spare", name="Spare")
    return {
        "token_id": str(token),
        "theme_id": str(spare_theme),
        "service_id": str(world.worcestershire),
        "region_id": str(world.west_midlands),
        "provider_id": str(world.evaluator),
        "window_id": str(scene["window"]),
        "time_off_id": str(time_off),
        "request_id": str(scene["request"]),
        "engagement_id": str(scene["engagement"]),
        "booking_id": str(scene["booking"]),
        "resource_id": str(resource),
    }


def _callers(app: Flask, world: World) -> list[tuple[str, str, Caller]]:
    callers = []
    for who in sorted(EVERYONE):
        callers.append((who, "cookie", signed_in(app, world, who)))
        person = getattr(world, who)
        token = world.bank.tokens.create(person, person, name="matrix").token
        bearer = Caller(Browser(app.test_client(), world), {"Authorization": f"Bearer {token}"})
        callers.append((who, "token", bearer))
    return callers


def test_every_operation_as_every_role_and_without_credentials(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    ops = operations(app)
    assert {f"{method} {path}" for method, path in ops} == set(ALLOWED)
    ids = _objects(world, scene)
    nobody = app.test_client()
    wrong: list[str] = []
    for who, how, caller in _callers(app, world):
        for method, path in ops:
            op = f"{method} {path}"
            if op == "DELETE /me/tokens/{token_id}":  # a token of worcs_head's to revoke
                made = world.bank.tokens.create(world.worcs_head, world.worcs_head, name="x")
                ids["token_id"] = str(made.token_id)
            url = path.format(**ids)
            query = {k: v.format(**ids) for k, v in QUERIES.get(op, {}).items()}
            if method == "GET":
                answer = caller.get(url, query_string=query)
            elif method == "POST":
                answer = caller.post(url, {})
            else:
                answer = caller.delete(url)
            allowed = who in ALLOWED[op]
            refused = answer.status_code in (403, 404) and answer.json is not None
            if answer.status_code >= 500 or answer.status_code == 401 or allowed == refused:
                wrong.append(f"{who} ({how}) {op}: {answer.status_code} {answer.text[:160]}")
    for method, path in ops:
        answer = nobody.open(f"/api/v1{path.format(**ids)}", method=method, json={})
        if (
            answer.status_code != 401
            or answer.json is None
            or answer.json["error"] != "Unauthorized"
        ):
            wrong.append(f"no credentials {method} {path}: {answer.status_code}")
    assert not wrong, "\n".join(wrong)
