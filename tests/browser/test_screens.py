"""Every page of the journeys, as each person meets it, at 390 and 1280 px wide: nothing
scrolls sideways, the menu stays on one line on a desktop, axe-core finds nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.application import ExpertBank
from tests.browser.conftest import WIDTHS, Visitor, fits
from tests.world import World


@pytest.fixture
def scene(bank: ExpertBank, world: World) -> dict[str, Any]:
    """An engagement with a session held and rated, one to come, and a peer's request
    waiting for the peer's answer."""
    window = world.window(world.evaluator)
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    book = bank.bookings.book
    past = book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=window,
        start=datetime(2027, 3, 2, 9, tzinfo=UTC),
        engagement_id=engagement,
        cover="Our survey",
    )
    coming = book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=window,
        start=datetime(2027, 3, 16, 9, tzinfo=UTC),
        engagement_id=engagement,
    )
    peer = world.leics_peer
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=4, requires_confirmation=True)
    held = book(
        world.notts_staff,
        service_id=world.nottingham,
        provider_id=peer,
        window_id=world.window(peer),
        start=datetime(2027, 3, 9, 10, tzinfo=UTC),
    )
    world.clock.advance(timedelta(days=1, hours=3))
    bank.sessions.record(world.evaluator, past, outcome="held", notes="A logic model")
    bank.sessions.give_feedback(world.worcs_head, past, rating=5, comment="Useful")
    return {
        "past": past,
        "coming": coming,
        "held": held,
        "engagement": engagement,
        "window": window,
    }


def pages(world: World, s: dict[str, Any]) -> dict[str, list[str]]:
    book = (
        f"/book?window_id={s['window']}&provider_id={world.evaluator}"
        f"&start=2027-03-23T09:00:00%2B00:00&engagement_id={s['engagement']}"
    )
    return {
        "worcs_head": [
            "/",
            "/availability",
            book,
            f"/bookings/{s['coming']}",
            f"/bookings/{s['coming']}/move",
            f"/bookings/{s['coming']}/cancel",
            f"/bookings/{s['past']}",
            "/requests/new",
            f"/engagements/{s['engagement']}",
            f"/services/{world.worcestershire}/history",
            "/resources",
            "/account",
        ],
        "notts_staff": ["/", f"/bookings/{s['held']}"],
        "leics_peer": [
            "/",
            f"/bookings/{s['held']}",
            f"/bookings/{s['held']}/decline",
            "/provider/availability",
            "/provider/availability/new",
            "/provider/time-off/new",
            "/provider/profile",
            "/provider/sessions",
        ],
        "evaluator": ["/", f"/bookings/{s['past']}", "/resources/new"],
        "manager": [
            "/",
            "/staff/queue",
            f"/history?subject={world.worcestershire}",
            "/history/programme",
        ],
        "auditor": ["/", f"/history?subject={world.worcestershire}", "/history/proof"],
    }


def menu_on_one_line(v: Visitor) -> None:
    tops = v.page.evaluate(
        "[...document.querySelectorAll('.govuk-service-navigation__item, .app-sign-out')]"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert max(tops) - min(tops) < 10, f"{v.page.url}: the menu wraps at 1280 px: {tops}"


@pytest.mark.parametrize(
    "who", ["worcs_head", "notts_staff", "leics_peer", "evaluator", "manager", "auditor"]
)
def test_every_page_fits_a_phone_and_a_desktop(
    visit: Any, world: World, scene: dict[str, Any], who: str
) -> None:
    v: Visitor = visit(who)
    for path in pages(world, scene)[who]:
        for width in WIDTHS.values():
            v.page.set_viewport_size({"width": width, "height": 900})
            v.go(path)
            fits(v, width)
            if width == WIDTHS["desktop"]:
                menu_on_one_line(v)
