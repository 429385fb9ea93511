"""A contract test per operation: each one called as someone allowed to, answering with its
documented success status and shape; then each documented refusal (400 malformed or without
the CSRF token, 404, 422, 429), operation by operation, from the OpenAPI document, and the
conflicts (409) with their reasons. Permissions (403) and 401: test_matrix.py."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from uuid import uuid4

from flask import Flask
from werkzeug.test import TestResponse

from tests.web.api_v1.conftest import Caller, signed_in
from tests.web.api_v1.test_matrix import ALLOWED, QUERIES, operations
from tests.world import World

CALLERS = ("worcs_head", "leics_peer", "evaluator", "manager", "auditor")


class Contract:
    """Calls operations by their documented path, noting which were answered as documented."""

    def __init__(self, app: Flask, world: World) -> None:
        self.app = app
        self.world = world
        self.callers: dict[str, Caller] = {}
        self.answered: set[str] = set()

    def call(
        self, who: str, method: str, template: str, body: Any = None, status: int = 200, **ids: Any
    ) -> Any:
        caller = self.callers.get(who) or signed_in(self.app, self.world, who)
        self.callers[who] = caller
        path, query = template.format(**ids), ids.pop("query", None)
        answer: TestResponse
        if method == "GET":
            answer = caller.get(path, query_string=query)
        elif method == "POST":
            answer = caller.post(path, body if body is not None else {})
        else:
            answer = caller.delete(path)
        assert answer.status_code == status, (method, template, answer.text[:300])
        self.answered.add(f"{method} {template.split('?')[0]}")
        return None if answer.status_code == 204 else answer.json


def test_every_operation_answers_as_documented(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    c = Contract(app, world)
    w = world
    me = c.call("worcs_head", "GET", "/me")
    assert me["roles"] == ["service_staff"] and me["service_id"] == str(w.worcestershire)

    made = c.call("worcs_head", "POST", "/me/tokens", {"name": "ours"}, 201)
    assert len(made["token"]) > 30
    assert [t["name"] for t in c.call("worcs_head", "GET", "/me/tokens")] == ["ours"]
    c.call("worcs_head", "DELETE", "/me/tokens/{id}", status=204, id=made["id"])

    theme = c.call("manager", "POST", "/themes", {"code": "reading", "name": "Reading"}, 201)
    retired = c.call("manager", "POST", "/themes/{theme_id}/retire", theme_id=theme["id"])
    assert retired["retired"] is True
    assert "Reading" not in [t["name"] for t in c.call("auditor", "GET", "/themes")]
    region = c.call(
        "manager", "POST", "/regions", {"code": "north-east", "name": "North East"}, 201
    )
    assert "North East" in [r["name"] for r in c.call("evaluator", "GET", "/regions")]
    service = c.call(
        "manager",
        "POST",
        "/services",
        {"code": "gateshead", "name": "Gateshead", "region_id": region["id"]},
        201,
    )
    assert "Gateshead" in [s["name"] for s in c.call("leics_peer", "GET", "/services")]
    found = c.call("worcs_head", "GET", "/services/{service_id}", service_id=service["id"])
    assert found["region_name"] == "North East"

    providers = c.call("worcs_head", "GET", "/providers", query={"kind": "expert"})["items"]
    assert str(w.evaluator) in [p["id"] for p in providers]
    expert = c.call("worcs_head", "GET", "/providers/{provider_id}", provider_id=w.evaluator)
    assert expert["theme_ids"] == [str(w.evaluation)]

    window_terms = {
        "kind": "one_off",
        "session_minutes": 60,
        "theme_ids": [str(w.evaluation)],
        "mode": "online",
        "starts_at": "2027-04-06T13:00:00+01:00",
        "ends_at": "2027-04-06T15:00:00+01:00",
    }
    window = c.call("evaluator", "POST", "/me/windows", window_terms, 201)
    assert len(c.call("evaluator", "GET", "/me/windows")) == 2
    later = {"starts_at": "2027-04-07T13:00:00+01:00", "ends_at": "2027-04-07T16:00:00+01:00"}
    changed = c.call(
        "evaluator",
        "POST",
        "/me/windows/{window_id}/change",
        {**window_terms, **later},
        window_id=window["id"],
    )
    assert changed == {"id": window["id"], "bookings_kept": []}
    moved = next(x for x in c.call("evaluator", "GET", "/me/windows") if x["id"] == window["id"])
    assert moved["terms"]["ends_at"] == "2027-04-07T15:00:00+00:00"
    c.call("evaluator", "POST", "/me/windows/{window_id}/withdraw", window_id=window["id"])
    off = c.call(
        "evaluator",
        "POST",
        "/me/time-off",
        {"first_day": "2027-05-03", "last_day": "2027-05-04", "from_time": "13:00"},
        201,
    )
    taken = c.call("evaluator", "GET", "/me/time-off")[0]
    assert (taken["first_day"], taken["from_time"], taken["until_time"]) == (
        "2027-05-03",
        "13:00",
        None,
    )
    c.call("evaluator", "DELETE", "/me/time-off/{time_off_id}", status=204, time_off_id=off["id"])

    slots = c.call("worcs_head", "GET", "/slots", query={"limit": 3})
    assert len(slots["items"]) == 3 and slots["next"]

    ask = {"theme_id": str(w.evaluation), "need": "Help", "outcomes": "A plan", "hours_hoped": 6}
    first = c.call("worcs_head", "POST", "/requests", ask, 201)
    assert first["state"] == "submitted"
    withdrawn = c.call("worcs_head", "POST", "/requests/{id}/withdraw", {}, id=first["id"])
    assert withdrawn["state"] == "withdrawn"
    second = c.call("worcs_head", "POST", "/requests", ask, 201)
    third = c.call("worcs_head", "POST", "/requests", ask, 201)
    c.call("manager", "POST", "/requests/{id}/shortlist", id=second["id"])
    assert (
        c.call("manager", "POST", "/requests/{id}/approve", id=second["id"])["state"] == "approved"
    )
    ranked = c.call("manager", "GET", "/requests/{id}/suggestions", id=second["id"])
    assert ranked[0]["expert_id"] == str(w.evaluator) and ranked[0]["reasons"]
    matched = c.call(
        "manager",
        "POST",
        "/requests/{id}/match",
        {"expert_id": str(w.evaluator), "allowance_hours": 6, "ends_on": "2027-09-30"},
        id=second["id"],
    )
    assert matched["state"] == "matched"
    declined = c.call("manager", "POST", "/requests/{id}/decline", {"reason": "No"}, id=third["id"])
    assert declined["state"] == "declined"
    assert c.call("worcs_head", "GET", "/requests/{id}", id=third["id"])["reason"] == "No"
    queue = c.call("manager", "GET", "/requests", query={"state": "declined"})["items"]
    assert [r["id"] for r in queue] == [third["id"]]

    engagement = matched["engagement_id"]
    listed = c.call("evaluator", "GET", "/engagements")["items"]
    assert {e["id"] for e in listed} == {engagement, str(scene["engagement"])}
    shown = c.call("worcs_head", "GET", "/engagements/{id}", id=engagement)
    assert shown["allowance_minutes"] == 360
    more = c.call(
        "manager",
        "POST",
        "/engagements/{id}/allowance",
        {"allowance_hours": 7.5, "ends_on": "2027-09-30"},
        id=engagement,
    )
    assert more["allowance_minutes"] == 450
    booked_on = c.call("auditor", "GET", "/engagements/{id}/bookings", id=scene["engagement"])
    assert [b["id"] for b in booked_on] == [str(scene["booking"])]

    slot = slots["items"][0]
    booking = c.call(
        "worcs_head",
        "POST",
        "/bookings",
        {
            "provider_id": slot["provider_id"],
            "window_id": slot["window_id"],
            "start": slot["start"],
            "engagement_id": engagement,
            "cover": "Our survey",
        },
        201,
    )
    assert booking["status"] == "confirmed"
    assert c.call("evaluator", "GET", "/bookings/{id}", id=booking["id"])["cover"] == "Our survey"
    later = slots["items"][1]
    moved = c.call(
        "evaluator",
        "POST",
        "/bookings/{id}/move",
        {"window_id": later["window_id"], "start": later["start"], "reason": "clash"},
        id=booking["id"],
    )
    assert moved["start"] == later["start"]
    cancelled = c.call(
        "worcs_head", "POST", "/bookings/{id}/cancel", {"reason": "ill"}, id=booking["id"]
    )
    assert cancelled["status"] == "cancelled" and cancelled["reason"] == "ill"
    assert len(c.call("worcs_head", "GET", "/bookings", query={"when": "all"})["items"]) == 2
    completed = c.call("manager", "POST", "/engagements/{id}/complete", id=engagement)
    assert completed["state"] == "completed"

    w.bank.people.set_peer_settings(
        w.leics_peer, w.leics_peer, monthly_cap_hours=None, requires_confirmation=True
    )
    peer_window = w.window(w.leics_peer)
    holds = []
    for start in ("2027-03-09T09:00:00Z", "2027-03-09T10:00:00Z"):
        hold = c.call(
            "worcs_head",
            "POST",
            "/bookings",
            {"provider_id": str(w.leics_peer), "window_id": str(peer_window), "start": start},
            201,
        )
        assert hold["status"] == "held"
        holds.append(hold["id"])
    confirmed = c.call("leics_peer", "POST", "/bookings/{id}/confirm", id=holds[0])
    assert confirmed["status"] == "confirmed"
    refused = c.call(
        "leics_peer", "POST", "/bookings/{id}/decline", {"reason": "busy"}, id=holds[1]
    )
    assert refused["status"] == "cancelled"

    resource = c.call(
        "evaluator",
        "POST",
        "/resources",
        {
            "title": "Evaluation toolkit",
            "summary": "Templates",
            "theme_id": str(w.evaluation),
            "link": "https://example.org/toolkit",
            "licence": "CC BY 4.0",
        },
        201,
    )
    assert c.call("worcs_head", "GET", "/resources")["items"][0]["title"] == "Evaluation toolkit"
    revised = c.call(
        "manager",
        "POST",
        "/resources/{id}/revise",
        {
            "title": "Evaluation toolkit, second edition",
            "summary": "Templates",
            "theme_id": str(w.evaluation),
            "link": "https://example.org/toolkit",
            "licence": "CC BY 4.0",
        },
        id=resource["id"],
    )
    assert revised["title"].endswith("second edition")
    assert (
        c.call("auditor", "GET", "/resources/{id}", id=resource["id"])["from_engagement"] is False
    )
    c.call(
        "evaluator", "POST", "/resources/{id}/withdraw", {"reason": "old"}, 204, id=resource["id"]
    )

    w.clock.advance(timedelta(days=2))  # the scene's session (2 March) is over
    c.callers.clear()  # and their sign-ins, unused since: they sign in again
    recorded = c.call(
        "evaluator",
        "POST",
        "/bookings/{id}/record",
        {"outcome": "held", "notes": "Went well", "outcomes": "A plan", "actions": "Survey"},
        id=scene["booking"],
    )
    assert recorded["outcome"] == "held" and recorded["record"]["actions"] == "Survey"
    rated = c.call(
        "worcs_head", "POST", "/bookings/{id}/feedback", {"rating": 5}, id=scene["booking"]
    )
    assert rated["rating"] == 5
    closed = c.call(
        "manager", "POST", "/engagements/{id}/close", {"reason": "ended"}, id=scene["engagement"]
    )
    assert closed["state"] == "closed"

    subject = {"subject": str(w.worcestershire), "limit": 5}
    history = c.call("auditor", "GET", "/history", query=subject)
    assert len(history["items"]) == 5 and history["next"]
    own = c.call("worcs_head", "GET", "/services/{id}/history", id=w.worcestershire)
    assert own["items"][0]["position"] < own["items"][-1]["position"]
    whole = c.call("auditor", "GET", "/history/programme", query={"kind": "bookings"})
    assert whole["items"] and all(e["kind"].startswith("Booking.") for e in whole["items"])
    lines = c.call("auditor", "GET", "/figures/programme")
    assert sum(line["expert_sessions_held"] for line in lines) == 1
    charts = c.call("manager", "GET", "/figures/charts")
    assert charts and all(chart["totals"]["label"] == "Total" for chart in charts)
    dashboard = c.call("auditor", "GET", "/regions/{id}/dashboard", id=w.west_midlands)
    assert [s["name"] for s in dashboard["services"]] == ["Worcestershire"]

    everything = {f"{m} {p}" for m, p in operations(app)}
    answered = {op.replace("{id}", "{*}") for op in c.answered}
    normalised = {_starred(op) for op in everything}
    assert normalised == {_starred(op) for op in answered}


def _starred(op: str) -> str:
    return re.sub(r"\{[a-z_]+\}", "{*}", op)


def test_every_documented_refusal_is_given_in_the_one_shape(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    """For each operation, each of its documented statuses among 400 (malformed JSON, or a
    cookie request without its CSRF token), 404 (an unknown id), 422 (invalid fields, or an
    id of the wrong kind) and 429 (a token past its limit), provoked and answered in the
    error shape."""
    document = app.test_client().get("/api/openapi.json").json
    assert document is not None
    bank = world.bank
    scene["resource"] = bank.sessions.publish_resource(
        world.evaluator,
        title="A guide",
        summary="How to",
        theme_id=world.evaluation,
        link="https://example.org/guide",
        licence="CC BY 4.0",
    )
    cookie = signed_in(app, world, "worcs_head")
    tokens = {
        who: bank.tokens.create(getattr(world, who), getattr(world, who), name="c").token
        for who in CALLERS
    }
    client = app.test_client()
    answers: list[tuple[str, int, TestResponse]] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            op = f"{method.upper()} {path.removeprefix('/api/v1')}"
            who = next((w for w in CALLERS if w in ALLOWED[op]), "leics_peer")
            auth = {"Authorization": f"Bearer {tokens[who]}"}
            documented = {int(code) for code in operation["responses"] if code.isdigit()}
            properties = _body_properties(document, operation)
            request = Request(client, method.upper(), path, auth)
            if 400 in documented:
                answers.append(
                    (
                        op,
                        400,
                        cookie.browser.client.open(
                            _known(path, world, scene), method=method.upper(), json={}
                        ),
                    )
                )
                if properties and ALLOWED[op]:
                    answers.append((op, 400, request.send(_known(path, world, scene), raw="{")))
            if 404 in documented and "{" in path:
                answers.append((op, 404, request.send(_unknown(path), body=VALID.get(op, {}))))
            elif 404 in documented and method == "get":  # an unknown id in the query
                unknown = {"region_id": str(uuid4())}
                answers.append((op, 404, request.send(path, query=unknown)))
            elif 404 in documented:  # an unknown id in the body
                answers.append((op, 404, request.send(path, body=UNKNOWN_IN_BODY[path])))
            if 422 in documented and ALLOWED[op]:
                bad = _invalid(op, path, operation, properties, world, scene, request)
                if bad is not None:
                    answers.append((op, 422, bad))
            if 429 in documented:
                bank.tokens.per_minute = 0
                answers.append((op, 429, request.send(_known(path, world, scene), body={})))
                bank.tokens.per_minute = 10_000
    wrong = [
        f"{op} {code}: {a.status_code} {a.text[:200]}"
        for op, code, a in answers
        if a.status_code != code or not {"error", "message", "field", "fields"} <= set(a.json or {})
    ]
    assert not wrong, "\n".join(wrong)
    assert len(answers) > 150


class Request:
    def __init__(self, client: Any, method: str, path: str, auth: dict[str, str]) -> None:
        self.client, self.method, self.path, self.auth = client, method, path, auth

    def send(
        self, url: str, body: Any = None, raw: str | None = None, query: Any = None
    ) -> TestResponse:
        if raw is not None:
            return self.client.open(
                url,
                method=self.method,
                data=raw,
                headers=self.auth,
                content_type="application/json",
            )
        return self.client.open(
            url, method=self.method, json=body, headers=self.auth, query_string=query
        )


# Bodies that pass the schemas, so that an unknown id in the path is what is refused.
VALID: dict[str, Any] = {
    "POST /requests/{request_id}/decline": {"reason": "no"},
    "POST /requests/{request_id}/match": {
        "expert_id": str(uuid4()),
        "allowance_hours": 2,
        "ends_on": "2027-09-30",
    },
    "POST /engagements/{engagement_id}/allowance": {"allowance_hours": 2, "ends_on": "2027-09-30"},
    "POST /engagements/{engagement_id}/close": {"reason": "no"},
    "POST /resources/{resource_id}/revise": {
        "title": "t",
        "summary": "s",
        "theme_id": str(uuid4()),
        "link": "https://e.org",
        "licence": "x",
    },
    "POST /resources/{resource_id}/withdraw": {"reason": "old"},
    "POST /bookings/{booking_id}/cancel": {"reason": "ill"},
}


# Bodies naming something that does not exist.
UNKNOWN_IN_BODY: dict[str, Any] = {
    "/api/v1/bookings": {
        "provider_id": str(uuid4()),
        "window_id": str(uuid4()),
        "start": "2027-03-09T09:00:00Z",
    },
    "/api/v1/services": {"code": "nowhere", "name": "Nowhere", "region_id": str(uuid4())},
    "/api/v1/resources": {
        "title": "t",
        "summary": "s",
        "theme_id": str(uuid4()),
        "link": "https://example.org/t",
        "licence": "CC BY 4.0",
        "engagement_id": str(uuid4()),
    },
}


def _body_properties(document: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    body = operation.get("requestBody")
    if body is None:
        return []
    ref = body["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    return list(document["components"]["schemas"][ref]["properties"])


def _known(path: str, world: World, scene: dict[str, Any]) -> str:
    ids = {
        "booking_id": scene["booking"],
        "request_id": scene["request"],
        "engagement_id": scene["engagement"],
        "window_id": scene["window"],
        "service_id": world.worcestershire,
        "region_id": world.west_midlands,
        "theme_id": world.evaluation,
        "provider_id": world.evaluator,
        "resource_id": scene.get("resource"),
    }
    return (
        _starred(path)
        .replace("{*}", "{}")
        .format(*[ids.get(name, uuid4()) for name in re.findall(r"\{([a-z_]+)\}", path)])
    )


def _unknown(path: str) -> str:
    return re.sub(r"\{[a-z_]+\}", lambda _: str(uuid4()), path)


def _invalid(
    op: str,
    path: str,
    operation: dict[str, Any],
    properties: list[str],
    world: World,
    scene: dict[str, Any],
    request: Request,
) -> TestResponse | None:
    """A body whose every field has the wrong type; a query whose first parameter is
    nonsense; or else an id of another kind of thing in the path."""
    url = _known(path, world, scene)
    if properties:
        return request.send(url, body={name: {"not": "this"} for name in properties})
    queries = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    if queries:
        needed = {name: str(world.worcestershire) for name in QUERIES.get(op, {})}
        return request.send(url, query={**needed, queries[0]: "!!"})
    if "{" in path:
        wrong_kind = world.west_midlands if "region_id" not in path else world.worcestershire
        return request.send(re.sub(r"\{[a-z_]+\}", str(wrong_kind), path))
    return None


def test_conflicts_are_409_with_their_reason(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    head, manager = signed_in(app, world, "worcs_head"), signed_in(app, world, "manager")
    small = world.engagement(world.worcs_head, world.evaluator, world.evaluation, hours=0.5)
    world.bank.people.set_peer_settings(
        world.leics_peer, world.leics_peer, monthly_cap_hours=0.5, requires_confirmation=False
    )
    peer_window = world.window(world.leics_peer)
    slot = {"provider_id": str(world.evaluator), "window_id": str(scene["window"])}
    peer = {"provider_id": str(world.leics_peer), "window_id": str(peer_window)}

    over_allowance = head.post(
        "/bookings", {**slot, "start": "2027-03-09T09:00:00Z", "engagement_id": str(small)}
    )
    over_cap = head.post("/bookings", {**peer, "start": "2027-03-09T09:00:00Z"})
    matched_again = manager.post(f"/requests/{scene['request']}/shortlist")
    cancelled = head.post(f"/bookings/{scene['booking']}/cancel", {"reason": "ill"})
    cancelled_again = head.post(f"/bookings/{scene['booking']}/cancel", {"reason": "ill"})

    assert over_allowance.status_code == 409 and over_allowance.json is not None
    assert over_allowance.json["error"] == "AllowanceExceeded"
    assert over_cap.status_code == 409 and over_cap.json is not None
    assert over_cap.json["error"] == "CapExceeded"
    assert matched_again.status_code == 409 and matched_again.json is not None
    assert matched_again.json["error"] == "IllegalTransition"
    assert cancelled.status_code == 200
    assert cancelled_again.status_code == 409 and cancelled_again.json is not None
    assert "cancel" in cancelled_again.json["message"]
