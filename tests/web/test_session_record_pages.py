"""What a session leaves behind is read on its page, in the history and in its export, by
the booking's service and provider, programme staff and auditors, with who and when."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def _held_and_rated(world: World, booking: Any) -> None:
    world.clock.advance(timedelta(days=1, hours=3))
    world.bank.sessions.record(
        world.evaluator,
        booking,
        outcome="held",
        notes="We mapped the offer\nand its readers",
        outcomes="A logic model",
        actions="Send the survey by Friday",
    )
    world.clock.advance(timedelta(hours=2))
    world.bank.sessions.give_feedback(
        world.worcs_head, booking, rating=4, comment="Clear & practical"
    )


def test_the_record_and_the_feedback_are_shown_to_each_side_and_oversight(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    _held_and_rated(world, scene["booking"])
    for who in ("worcs_head", "evaluator", "manager", "auditor"):
        page = Browser(app.test_client(), world).sign_in(who).get(f"/bookings/{scene['booking']}")
        assert page.status_code == 200, who
        text = page.text
        assert "We mapped the offer\nand its readers" in text, who
        assert "A logic model" in text and "Send the survey by Friday" in text, who
        assert "Recorded by Evaluator on Tuesday 2 March 2027, 12:00." in text, who
        assert "4 out of 5" in text and "Clear &amp; practical" in text, who
        assert "Given by Worcs Head of Worcestershire on Tuesday 2 March 2027, 14:00." in text


def test_another_service_cannot_read_the_record(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    _held_and_rated(world, scene["booking"])
    other = Browser(app.test_client(), world).sign_in("haringey_head")
    page = other.get(f"/bookings/{scene['booking']}")
    assert page.status_code == 403
    assert "logic model" not in page.text


def test_an_unrecorded_session_shows_no_record(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    page = (
        Browser(app.test_client(), world).sign_in("worcs_head").get(f"/bookings/{scene['booking']}")
    )
    assert "What was recorded" not in page.text
    assert "The service's feedback" not in page.text


def test_the_history_and_its_export_carry_what_was_written(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    _held_and_rated(world, scene["booking"])
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    page = auditor.get(f"/history?subject={world.worcestershire}").text
    assert "Outcomes: A logic model" in page
    assert "Follow-up actions: Send the survey by Friday" in page
    assert "4 out of 5: Clear &amp; practical" in page
    export = auditor.get(f"/history.csv?subject={world.worcestershire}").text
    assert "Outcomes: A logic model" in export
    assert "4 out of 5: Clear & practical" in export
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    own = service.get(f"/services/{world.worcestershire}/history").text
    assert "Notes: We mapped the offer" in own
