"""The mail page in a real browser: a message read as its reader sees it, then its source;
at 1280 and 390 pixels wide, axe-core checking every page."""

from __future__ import annotations

from typing import Any

from service.application import ExpertBank
from tests.browser.conftest import Visitor
from tests.browser.test_own_calendars import WIDTHS, fits
from tests.service.support import london
from tests.world import World


def test_staff_read_a_waiting_invitation_and_its_source(
    visit: Any, bank: ExpertBank, world: World
) -> None:
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=world.window(world.evaluator),
        start=london(2027, 3, 2, 9),
        engagement_id=engagement,
    )
    v: Visitor = visit("manager")
    page = v.go("/staff/mail")
    assert page.get_by_text("No SMTP server is configured").first.is_visible()
    for width in WIDTHS.values():
        fits(v, width)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.get_by_role("link", name="Booked: Worcestershire with Evaluator").first.click()
    page.wait_for_load_state()
    v.check()
    assert page.get_by_role("heading", name="Calendar invitation").is_visible()
    for name, width in WIDTHS.items():
        fits(v, width)
        v.screenshot(f"staff-mail-message-{name}")
    page.set_viewport_size({"width": 1100, "height": 900})
    v.click("The raw message source", "link")
    assert page.get_by_text("Content-Type: text/calendar").first.is_visible()
