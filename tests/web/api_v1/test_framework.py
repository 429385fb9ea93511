"""/api/v1 on flask-smorest: the OpenAPI document from the request schemas, the explorer
from local files under the content security policy, one error shape, RFC 3339 times."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from tests.web.api_v1.conftest import Caller
from tests.world import World


def test_the_openapi_document_is_made_from_the_schemas(app: Flask) -> None:
    response = app.test_client().get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json
    assert document is not None and document["openapi"] == "3.0.3"
    book = document["paths"]["/api/v1/bookings"]["post"]
    body = book["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body == "#/components/schemas/BookIn"
    schema = document["components"]["schemas"]["BookIn"]
    assert set(schema["required"]) == {"provider_id", "window_id", "start"}
    assert schema["properties"]["start"]["format"] == "date-time"
    assert {"201", "401", "409", "422", "429"} <= set(book["responses"])
    assert "Idempotency-Key" in [p["name"] for p in book["parameters"]]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":
                assert "401" in operation["responses"], (method, path)


def test_the_explorer_uses_local_files_and_no_inline_script(app: Flask) -> None:
    client = app.test_client()

    page = client.get("/api/docs")

    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.DOTALL)
    assert len(scripts) == 2 and all("src=" in tag and not body for tag, body in scripts)
    assert not re.search(r"<style|style=", page.text)
    for source in sources:
        with client.get(source) as asset:
            assert asset.status_code == 200, source
    assert "/api/openapi.json" in page.text


def test_no_credentials_is_401_in_the_error_shape(app: Flask) -> None:
    response = app.test_client().get("/api/v1/me")

    assert response.status_code == 401
    assert response.json is not None
    assert response.json["error"] == "Unauthorized"
    assert "Authorization: Bearer" in response.json["message"]
    assert response.json["field"] is None and response.json["fields"] == {}


def test_a_naive_time_is_refused_saying_why(api: Any, world: World, scene: dict[str, Any]) -> None:
    head: Caller = api("worcs_head")

    response = head.post(
        "/bookings",
        {
            "provider_id": str(world.evaluator),
            "window_id": str(scene["window"]),
            "start": "2027-03-09T09:00:00",
            "engagement_id": str(scene["engagement"]),
        },
    )

    assert response.status_code == 422
    assert response.json is not None
    assert response.json["error"] == "InvalidInput"
    assert response.json["field"] == "start"
    assert "offset from UTC" in response.json["message"]
    assert "offset from UTC" in response.json["fields"]["start"][0]


def test_malformed_json_is_400_and_several_bad_fields_are_named_each(api: Any) -> None:
    head: Caller = api("worcs_head")

    malformed = head.browser.client.post(
        "/api/v1/requests",
        data="{not json",
        headers={**head.headers, "Content-Type": "application/json"},
    )
    invalid = head.post("/requests", {"theme_id": "nope", "hours_hoped": "lots"})

    assert malformed.status_code == 400, malformed.text
    assert malformed.json is not None and malformed.json["error"] == "Malformed"
    assert invalid.status_code == 422
    assert invalid.json is not None
    assert set(invalid.json["fields"]) == {"theme_id", "need", "outcomes", "hours_hoped"}
    assert invalid.json["fields"]["hours_hoped"] == ["must be a number of hours, like 8 or 7.5"]


def test_a_taken_slot_is_409_with_the_next_free_times(
    api: Any, world: World, scene: dict[str, Any]
) -> None:
    head: Caller = api("worcs_head")
    taken = {
        "provider_id": str(world.evaluator),
        "window_id": str(scene["window"]),
        "start": "2027-03-02T09:00:00Z",
        "engagement_id": str(scene["engagement"]),
    }

    response = head.post("/bookings", taken)

    assert response.status_code == 409
    assert response.json is not None and response.json["error"] == "SlotTaken"
    assert response.json["next_free"][0] == "2027-03-02T10:00:00+00:00"


def test_a_service_finds_a_slot_books_it_and_cancels_it(
    api: Any, world: World, scene: dict[str, Any]
) -> None:
    head: Caller = api("worcs_head")

    found = head.get("/slots", query_string={"limit": 2}).json
    assert found is not None
    first = found["items"][0]
    later = head.browser.client.get(found["next"], headers=head.headers).json
    booked = head.post(
        "/bookings",
        {
            "provider_id": first["provider_id"],
            "window_id": first["window_id"],
            "start": first["start"],
            "engagement_id": str(scene["engagement"]),
        },
    )
    assert booked.status_code == 201, booked.json
    assert booked.json is not None
    cancelled = head.post(f"/bookings/{booked.json['id']}/cancel", {"reason": "ill"})

    assert first["start"] == "2027-03-02T10:00:00+00:00"
    assert later is not None and later["items"][0]["start"] == "2027-03-09T09:00:00+00:00"
    assert datetime.fromisoformat(booked.json["start"]).tzinfo is not None
    assert cancelled.status_code == 200 and cancelled.json is not None
    assert cancelled.json["status"] == "cancelled" and cancelled.json["reason"] == "ill"
    assert world.bank.bookings.booking(world.manager, scene["booking"]).start == datetime(
        2027, 3, 2, 9, 0, tzinfo=UTC
    )


def test_cookie_writes_still_need_the_csrf_token(api: Any, scene: dict[str, Any]) -> None:
    head: Caller = api("worcs_head")
    head.headers = {}

    response = head.post(f"/bookings/{scene['booking']}/cancel", {"reason": "ill"})

    assert response.status_code == 400
    assert response.json is not None and response.json["error"] == "CSRFError"
