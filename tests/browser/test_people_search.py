"""Finding people in a real browser: by words and role, at 1280 and 390 pixels wide,
axe-core checking every page."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Visitor
from tests.browser.test_own_calendars import WIDTHS, fits
from tests.world import World


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


def test_staff_read_an_experts_profile(visit: Any, world: World) -> None:
    world.window(world.evaluator)
    v: Visitor = visit("manager")
    page = v.go(f"/staff/people/{world.evaluator}/expert")
    assert page.get_by_text("Free time in the next 4 weeks").is_visible()
    for width in WIDTHS.values():
        fits(v, width)
