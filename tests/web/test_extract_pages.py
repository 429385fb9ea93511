"""Exporting part of the record (`/history/export`): a library service, a region or the
whole programme between two days, as CSV or JSON Lines; every wrong choice named at its
field; for programme staff and auditors only."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from typing import Any
from uuid import uuid4

from flask import Flask

from service.extracts import FIELDS
from tests.web.conftest import Browser
from tests.world import SYSTEM, World

PAGE = "/history/export"


def test_a_services_history_downloads_as_csv_with_its_sessions_and_no_other_service(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    world.bank.bookings.cancel(world.worcs_head, scene["booking"], reason="Staff illness")
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    response = auditor.get(f"{PAGE}?service_id={world.worcestershire}&format=csv")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "filename=expertbank-worcestershire.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == list(FIELDS.values())
    whats = [row["what happened"] for row in rows]
    assert any("booked a session with Evaluator" in w for w in whats)
    assert any("Staff illness" in w for w in whats)
    services = {row["library service"] for row in rows} - {""}
    assert services == {"Worcestershire"}
    bookings = [row for row in rows if row["kind"].startswith("Booking.")]
    assert len(bookings) == 2  # booked, then cancelled: each names the service it is for
    assert {row["library service"] for row in bookings} == {"Worcestershire"}
    positions = [int(row["position"]) for row in rows]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_a_regions_days_download_as_json_lines(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    world.clock.advance(timedelta(hours=15))  # midnight: the next day, before the session
    world.bank.bookings.cancel(world.worcs_head, scene["booking"], reason="Staff illness")
    staff = Browser(app.test_client(), world).sign_in("manager")
    day = world.clock.now()
    since = f"since={day.day}&since={day.month}&since={day.year}"

    everything = staff.get(f"{PAGE}?region_id={world.west_midlands}&format=jsonl")
    that_day = staff.get(f"{PAGE}?region_id={world.west_midlands}&{since}&format=jsonl")

    assert everything.mimetype == "application/jsonl"
    records = [json.loads(line) for line in everything.text.splitlines()]
    later = [json.loads(line) for line in that_day.text.splitlines()]
    assert all(list(r) == list(FIELDS) for r in records)
    assert len(records) > len(later) >= 1
    assert [(r["kind"], r["service"]) for r in later] == [("Booking.Cancelled", "Worcestershire")]
    assert "expertbank-west-midlands-from-" in that_day.headers["Content-Disposition"]


def test_the_whole_programme_between_two_days(app: Flask, world: World) -> None:
    world.clock.advance(timedelta(days=2))
    world.bank.registry.add_region(SYSTEM, code="north-east", name="North East")
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    day = world.clock.now()
    both = "&".join(
        f"{end}={part}" for end in ("since", "until") for part in (day.day, day.month, day.year)
    )

    response = auditor.get(f"{PAGE}?{both}&format=csv")

    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["kind"] for row in rows] == ["Region.Registered"]


def test_each_wrong_choice_is_named_at_its_field_and_nothing_is_downloaded(
    app: Flask, world: World
) -> None:
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    for query, field, says in [
        (f"service_id={uuid4()}", "service_id", "There is no library service with id"),
        (
            f"service_id={world.west_midlands}",
            "service_id",
            "That is not a library service: choose one from the list",
        ),
        ("service_id=worcestershire", "service_id", "Choose one from the list"),
        (f"region_id={uuid4()}", "region_id", "There is no region with id"),
        (
            f"service_id={world.worcestershire}&region_id={world.london}",
            "region_id",
            "Choose a library service or a region, not both",
        ),
        (
            "since=2&since=3&since=2027&until=1&until=3&until=2027",
            "until",
            "The last day must be the same as the first day or after it",
        ),
        ("since=31&since=2&since=2027", "since", "From must be"),
        ("since=1&since=3&since=1066", "since", "From must be in a year from"),
        ("format=xml", "format", "Not a valid choice"),
    ]:
        response = auditor.get(
            f"{PAGE}?{query}&format=csv" if "format" not in query else f"{PAGE}?{query}"
        )
        assert response.status_code == 200, query
        assert response.mimetype == "text/html", query
        assert "There is a problem" in response.text, query
        assert says in response.text, (
            query,
            re.findall(r'error-message">(.*?)<', response.text, re.S),
        )
        assert f'href="#{field}' in response.text, query


def test_only_programme_staff_and_auditors_may_export(app: Flask, world: World) -> None:
    head = Browser(app.test_client(), world).sign_in("worcs_head")

    assert head.get(PAGE).status_code == 403
    assert head.get(f"{PAGE}?service_id={world.worcestershire}&format=csv").status_code == 403


def test_the_form_comes_first_without_an_error(app: Flask, world: World) -> None:
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    page = auditor.get(PAGE).text
    histories = auditor.get("/history").text

    assert "Export part of the record" in page and "There is a problem" not in page
    assert f'href="{PAGE}"' in histories
