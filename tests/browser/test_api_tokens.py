"""API tokens on Your account, in a real browser: made (shown once, with a copy button),
listed with when it was made and last used, and revoked; axe-core on each page, and no
sideways scroll at 390 px."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Visitor, fits


def test_a_person_makes_lists_and_revokes_an_api_token(visit: Any) -> None:
    v: Visitor = visit("worcs_head")
    page = v.go("/account")
    v.click("your API tokens", "link")
    page.get_by_label("Name of the token").fill("Our booking system")
    v.click("Create a token")

    token = page.locator("#api-token").inner_text()
    assert len(token) > 30
    assert page.get_by_role("button", name="Copy the token").is_visible()
    fits(v, 390)
    page.set_viewport_size({"width": 1100, "height": 900})
    v.click("Back to your API tokens", "link")
    row = page.get_by_role("row", name="Our booking system")
    assert "Never used" in row.inner_text() and token not in page.content()
    fits(v, 390)
    page.set_viewport_size({"width": 1100, "height": 900})
    v.click("Revoke Our booking system")
    assert page.get_by_text("The token is revoked: it no longer works.").is_visible()
    assert page.get_by_text("You have no API tokens.").is_visible()
