"""Pages that ask before something that cannot be undone, in a real browser: marking an
engagement complete and closing one, at 1280 and 390 pixels wide, axe-core on each."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Visitor
from tests.browser.test_own_calendars import WIDTHS, fits
from tests.world import World


def test_staff_are_asked_before_marking_an_engagement_complete(visit: Any, world: World) -> None:
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    v: Visitor = visit("manager")
    page = v.go(f"/engagements/{engagement}")
    v.click("Mark complete", "link")
    assert page.get_by_role("heading", name="Mark this engagement complete?").is_visible()
    for width in WIDTHS.values():
        fits(v, width)
    page.set_viewport_size({"width": 1100, "height": 900})
    v.go(f"/engagements/{engagement}/close")
    fits(v, 390)
    page.set_viewport_size({"width": 1100, "height": 900})
    v.go(f"/engagements/{engagement}/complete")
    v.click("Mark complete")
    assert page.get_by_text("The engagement is complete.").is_visible()
