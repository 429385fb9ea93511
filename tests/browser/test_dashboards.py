"""The dashboards in a real browser: the programme's and a region's, filtered, at 1280 and
390 pixels wide (nothing scrolls sideways), axe-core checking every page."""

from __future__ import annotations

from typing import Any

from service.application import ExpertBank
from tests.browser.conftest import Visitor
from tests.browser.test_own_calendars import WIDTHS, fits
from tests.service.test_oversight import east_midlands_month
from tests.world import World


def test_an_auditor_reads_the_programme_and_a_regions_charts(
    visit: Any, bank: ExpertBank, world: World
) -> None:
    east_midlands_month(bank, world)
    v: Visitor = visit("auditor")
    page = v.go("/staff/programme")
    page.get_by_label("From month").fill("2027-03")
    page.get_by_label("Theme", exact=True).select_option(label="Transformation: Partnerships")
    v.click("Show the figures")
    assert "theme_id=" in page.url
    assert page.get_by_role(
        "table", name="Peer hours given and received by library service: the figures"
    ).is_visible()
    for name, width in WIDTHS.items():
        fits(v, width)
        v.screenshot(f"dashboard-programme-{name}")
    v.go(f"/staff/regions/{world.east_midlands}?first_month=2027-03")
    for name, width in WIDTHS.items():
        fits(v, width)
        v.screenshot(f"dashboard-region-{name}")
    v.go("/staff/programme?first_month=2027-05&last_month=2027-03")  # refused, at its field
    fits(v, 390)


def test_a_regional_manager_chooses_their_region_and_starts_with_it(
    visit: Any, bank: ExpertBank, world: World
) -> None:
    east_midlands_month(bank, world)
    v: Visitor = visit("manager")
    page = v.go(f"/staff/people/{world.manager}")
    v.click("Change the region they look after", "link")
    page.get_by_label("Region they look after").select_option(label="East Midlands")
    v.click("Save")
    page = v.go("/")
    assert page.get_by_role("heading", name="Your region: East Midlands").is_visible()
    for name, width in WIDTHS.items():
        fits(v, width)
        v.screenshot(f"staff-home-region-{name}")
    v.go("/staff/queue")
    fits(v, 390)
