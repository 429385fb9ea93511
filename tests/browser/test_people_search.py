"""Finding people in a real browser: by words and role, at 1280 and 390 pixels wide,
axe-core checking every page."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Visitor
from tests.browser.test_own_calendars import WIDTHS, fits


def test_staff_find_a_peer_by_service_and_role(visit: Any) -> None:
    v: Visitor = visit("manager")
    page = v.go("/staff/people")
    page.get_by_label("Name, email or library service").fill("leic")
    page.get_by_label("Role", exact=True).select_option(label="Peer")
    v.click("Find")
    assert page.get_by_role("link", name="Leics Peer", exact=True).is_visible()
    assert page.get_by_text("1 person found.").is_visible()
    for name, width in WIDTHS.items():
        fits(v, width)
        v.screenshot(f"staff-people-found-{name}")
