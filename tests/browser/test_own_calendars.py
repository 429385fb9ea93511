"""Scenario 7 in a real browser: an expert connects her calendar on her availability page
(a mistyped address first), sees its busy times counted, and later finds a clash on her
home page and keeps the session; at 1280 and 390 pixels wide, nothing scrolls sideways,
and axe-core checks every page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.browser.conftest import WIDTHS, Visitor, fits
from tests.calendars.conftest import KEY
from tests.calendars.server import CalendarServer, Served, serve
from tests.calendars.support import busy_at, london
from tests.world import World


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        views_mode="inline",
        extra={"EXPERTBANK_CALENDAR_ALLOW_PRIVATE": "true", "EXPERTBANK_CALENDAR_KEY": KEY},
    )


@pytest.fixture
def calendars() -> Iterator[CalendarServer]:
    yield from serve()


def test_an_expert_connects_her_calendar_and_keeps_a_clashing_session(
    visit: Any, bank: ExpertBank, world: World, calendars: CalendarServer
) -> None:
    window = world.window(world.evaluator)
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    booking = bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=window,
        start=datetime(2027, 3, 9, 10, tzinfo=UTC),
        engagement_id=engagement,
    )
    calendars.files["/sarah.ics"] = Served(
        busy_at((london(2027, 3, 2, 10), london(2027, 3, 2, 11)))
    )
    v: Visitor = visit("evaluator")
    page = v.go("/provider/availability")
    v.click("Connect a calendar", "link")
    page.get_by_label("Name", exact=True).fill("Work (Outlook)")
    page.get_by_role("textbox", name="Calendar address").fill(calendars.url("/wrong.ics"))
    v.click("Connect the calendar")
    expect(page.get_by_role("alert")).to_contain_text("That calendar could not be read")
    for name, width in WIDTHS.items():
        fits(v, width)
        v.screenshot(f"provider-calendar-connect-{name}")
    page.get_by_role("textbox", name="Calendar address").fill(calendars.url("/sarah.ics"))
    v.click("Connect the calendar")
    expect(page.get_by_text("Your calendar is connected")).to_be_visible()
    expect(page.get_by_text("Up to date")).to_be_visible()
    for name, width in WIDTHS.items():
        fits(v, width, "#own-calendars")  # the windows' table above is issue 12's
        v.screenshot(f"provider-own-calendars-{name}")

    calendars.files["/sarah.ics"] = Served(
        busy_at((london(2027, 3, 9, 10), london(2027, 3, 9, 11)))
    )
    v.click("Refresh now Work (Outlook)")
    expect(page.get_by_text("read just now")).to_be_visible()
    page = v.go("/")
    expect(page.get_by_text("1 session clashes with your own calendar")).to_be_visible()
    for name, width in WIDTHS.items():
        fits(v, width, ".govuk-notification-banner")
        v.screenshot(f"provider-home-clash-{name}")
    v.click("Keep it (Tuesday 9 March 2027, 10:00 to 10:45)")
    expect(page.get_by_text("The session stays as it is")).to_be_visible()
    assert bank.bookings.booking(world.evaluator, booking).status == "confirmed"
