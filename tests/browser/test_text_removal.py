"""Removing a text on request, in a real browser at 1280 and 390 pixels wide: from a
session's history to the record's texts, the page saying what goes and what stays, a
missing reason named, then the history showing when it was removed; axe-core on each."""

from __future__ import annotations

from typing import Any

from infrastructure.clock import ManualClock
from tests.browser.conftest import WIDTHS, Visitor, fits
from tests.service.free_text import write_every_kind
from tests.world import World


def test_staff_remove_a_session_note_on_request(
    visit: Any, world: World, clock: ManualClock
) -> None:
    written = write_every_kind(world.bank, world, clock)
    notes = written.texts["notes"]
    v: Visitor = visit("manager")
    page = v.go(f"/history?subject={written.held}")
    v.click("Text written in this record", "link")
    assert page.get_by_text(notes).is_visible()
    for width in WIDTHS.values():
        fits(v, width)
    assert page.get_by_role("link", name="History of this booking").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Remove this text (Session notes").click()
    page.wait_for_load_state()
    v.check()
    assert page.get_by_role("heading", name="Remove a text").is_visible()
    for width in WIDTHS.values():
        fits(v, width)
    assert page.get_by_text('they show "(removed on request, 10 March 2027)" in its place').count()

    v.click("Remove this text")
    assert page.get_by_role("link", name="Enter why the text is being removed").is_visible()
    fits(v, 390)
    page.get_by_label("Why is it being removed?").fill("It names a neighbour")
    v.click("Remove this text")
    assert page.get_by_text("The text is removed.").is_visible()
    assert not page.get_by_text(notes).count()
    fits(v, 390)

    page = v.go(f"/history?subject={written.held}")
    assert page.get_by_text("(removed on request, 10 March 2027)").first.is_visible()
    assert page.get_by_text("removed the session notes on request").is_visible()
    assert not page.get_by_text(notes).count()
    for width in WIDTHS.values():
        fits(v, width)
