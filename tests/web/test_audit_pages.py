"""An auditor's history: every event with who and when, as of a moment, and its export."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask

from tests.web.conftest import Browser
from tests.web.tables import link, table
from tests.world import World
from web.display import london


def test_the_history_as_of_a_moment_shows_the_session_as_it_stood(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    world.clock.advance(timedelta(hours=2))
    world.bank.bookings.cancel(world.worcs_head, scene["booking"], reason="Staff illness")
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    path = f"/history?subject={world.worcestershire}"

    now = auditor.get(path).text
    then = auditor.get(path + "&as_of_date=1&as_of_date=3&as_of_date=2027&as_of_time=10:00").text

    assert "Staff illness" in now and "cancelled" in now
    assert "As it stood on Monday 1 March 2027, 10:00" in then
    assert "Staff illness" not in then
    assert "09:00 to 09:45 with Evaluator: booked" in then


def test_the_export_lists_every_event_with_who_and_when(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    response = auditor.get(f"/history.csv?subject={world.worcestershire}")

    rows = list(csv.reader(io.StringIO(response.text)))
    assert response.mimetype == "text/csv"
    assert rows[0] == ["position", "time (UK)", "time (UTC)", "who", "kind", "subject id", "what"]
    whats = [row[6] for row in rows[1:]]
    assert any("booked a session with Evaluator" in w for w in whats)
    positions = [int(row[0]) for row in rows[1:]]
    assert positions == sorted(positions)


def test_choosing_whose_history_starts_without_an_error_and_names_a_wrong_choice(
    app: Flask, world: World
) -> None:
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    first = auditor.get("/history").text
    wrong = auditor.get("/history?subject=nobody").text

    assert "Find whose history to read" in first
    assert "There is a problem" not in first
    assert "There is a problem" in wrong and "There is no such history" in wrong


def test_the_export_of_a_history_as_of_a_moment_holds_what_the_page_shows(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    world.clock.advance(timedelta(hours=12))
    world.bank.bookings.cancel(world.worcs_head, scene["booking"], reason="Staff illness")
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    moment = "as_of_date=1&as_of_date=3&as_of_date=2027&as_of_time=10:00"
    page = auditor.get(f"/history?subject={world.worcestershire}&{moment}").text

    export = auditor.get(link(page, "Export this history (CSV)"))

    shown = [row[:3] for row in table(page, "Events with who and when")[1:]]
    exported = [[r[1], r[3], r[6]] for r in list(csv.reader(io.StringIO(export.text)))[1:]]
    assert exported == shown[::-1]  # the page shows the newest first
    assert not any("Staff illness" in row[2] for row in exported)


def test_a_service_history_lists_its_sessions_in_date_order(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    world.bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=scene["window"],
        start=datetime(2027, 3, 16, 9, 0, tzinfo=UTC),
        engagement_id=scene["engagement"],
    )
    world.bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=scene["window"],
        start=datetime(2027, 3, 9, 9, 0, tzinfo=UTC),
        engagement_id=scene["engagement"],
    )
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    page = service.get(f"/services/{world.worcestershire}/history").text
    days = re.findall(r"<li>\w+ (\d+) March 2027, 09:00 to 09:45 with Evaluator", page)
    assert days == ["2", "9", "16"]


def test_the_proof_page_shows_the_head_and_when_the_log_was_last_verified(
    app: Flask, world: World
) -> None:
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    views = world.bank.read_models

    before = auditor.get("/history/proof").text
    head = views.audit.head()
    world.clock.advance(timedelta(minutes=10))
    views.audit.verify()
    after = auditor.get("/history/proof").text

    assert head.position == world.bank.head_position()
    assert f"{head.position:,}" in before and head.link in before
    assert "Never verified" in before
    assert "Verified" in after and "Never verified" not in after
    assert f"up to position {head.position:,}" in after
    assert london(world.clock.now()) in after
    assert "proof that the record is unchanged" in auditor.get("/history").text


def test_the_proof_page_is_for_auditors_and_programme_staff(app: Flask, world: World) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")

    assert service.get("/history/proof").status_code == 403
