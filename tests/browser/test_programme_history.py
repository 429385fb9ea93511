"""The whole programme's history in a real browser: filtered by kind of event, followed to
a record's history, at 1280 and 390 pixels wide, axe-core checking every page."""

from __future__ import annotations

from typing import Any

from service.application import ExpertBank
from tests.browser.conftest import Visitor
from tests.browser.test_own_calendars import WIDTHS, fits
from tests.service.test_oversight import east_midlands_month
from tests.world import World


def test_an_auditor_reads_the_whole_programme_and_follows_a_record(
    visit: Any, bank: ExpertBank, world: World
) -> None:
    east_midlands_month(bank, world)
    v: Visitor = visit("auditor")
    page = v.go("/history")
    page.get_by_label("Find whose history to read").fill("derby")
    v.click("Find")
    fits(v, 390)
    page.set_viewport_size({"width": 1100, "height": 900})
    v.click("Derby (East Midlands)", "link")
    assert page.get_by_role("heading", name="History of Derby").is_visible()
    page = v.go("/history")
    v.click("the history of the whole programme", "link")
    page.get_by_label("Kind of event").select_option(label="Bookings and sessions")
    v.click("Show")
    assert "kind=bookings" in page.url
    for name, width in WIDTHS.items():
        fits(v, width)
        v.screenshot(f"history-programme-{name}")
    page.get_by_role("link", name="Booking").first.click()
    page.wait_for_load_state()
    v.check()
    assert page.get_by_role("heading", name="History of").is_visible()
