"""Each role finds the pages of its work from the menu and its home page (issue 4's list)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from tests.web.conftest import Browser
from tests.world import World

FOUND_FROM_HOME = {
    "worcs_head": [
        "/requests/new",
        "/availability",
        "/resources",
        "/services/{worcestershire}/history",
        "/engagements/{engagement}",
    ],
    "evaluator": [
        "/provider/profile",
        "/provider/availability",
        "/provider/sessions",
        "/resources",
        "/engagements/{engagement}",
    ],
    "manager": ["/staff/queue", "/staff/people", "/staff/programme", "/staff/mail", "/history"],
    "auditor": ["/history", "/staff/programme"],
}


@pytest.mark.parametrize("who", sorted(FOUND_FROM_HOME))
def test_each_role_finds_its_pages_from_home(
    app: Flask, world: World, scene: dict[str, Any], who: str
) -> None:
    home = Browser(app.test_client(), world).sign_in(who).get("/").text

    for template in FOUND_FROM_HOME[who]:
        assert f'href="{template.format(**world.ids, **scene)}"' in home, template


def test_staff_reach_regions_people_and_figures_from_their_lists(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    programme = staff.get("/staff/programme").text
    regions = staff.get("/staff/regions").text

    for region in ("east_midlands", "west_midlands", "london"):
        link = f'href="/staff/regions/{world.ids[region]}"'
        assert link in programme and link in regions
    assert 'href="/staff/programme.csv"' in programme


def test_a_service_finds_its_ended_peer_session_to_give_feedback(app: Flask, world: World) -> None:
    window = world.window(world.leics_peer)
    session = world.bank.bookings.book(
        world.derby_staff,
        service_id=world.derby,
        provider_id=world.leics_peer,
        window_id=window,
        start=datetime(2027, 3, 2, 9, 0, tzinfo=UTC),
    )
    world.clock.advance(timedelta(days=2))
    world.bank.sessions.record(world.leics_peer, session, outcome="held")
    derby = Browser(app.test_client(), world).sign_in("derby_staff")

    home = derby.get("/").text

    assert "Recent sessions" in home and f'href="/bookings/{session}"' in home
    assert "Give feedback" in derby.get(f"/bookings/{session}").text


@pytest.mark.parametrize(
    ("who", "heading", "party"),
    [("worcs_head", "Expert", "Evaluator"), ("evaluator", "Library service", "Worcestershire")],
)
def test_home_lists_engagements_with_the_other_party_and_hours_left(
    app: Flask, world: World, scene: dict[str, Any], who: str, heading: str, party: str
) -> None:
    home = Browser(app.test_client(), world).sign_in(who).get("/").text

    table = home[home.index("<table", home.index("ngagements</h")) :]
    table = table[: table.index("</table>")]
    assert f'<th scope="col" class="govuk-table__header">{heading}</th>' in table
    link = f'href="/engagements/{scene["engagement"]}">{party}</a>'
    assert link in table, table
    assert ">Advocacy and evidence: Evaluation<" in table
    assert ">7.25 hours of 8 hours<" in table  # one 45-minute session booked


@pytest.mark.parametrize(
    ("who", "path", "marked"),
    [
        ("manager", "/staff/people", ("People", "page")),
        ("manager", "/staff/people/{evaluator}", ("People", "true")),
        ("manager", "/staff/people/{derby_staff}/roles", ("People", "true")),
        ("evaluator", "/provider/availability/new", ("Availability", "true")),
        ("evaluator", "/provider/sessions", ("My sessions", "page")),
        ("worcs_head", "/bookings/{booking}", None),
    ],
)
def test_the_menu_marks_the_page_shown_or_the_item_it_is_below(
    app: Flask,
    world: World,
    scene: dict[str, Any],
    who: str,
    path: str,
    marked: tuple[str, str] | None,
) -> None:
    page = Browser(app.test_client(), world).sign_in(who).get(path.format(**world.ids, **scene))

    menu = page.text.split('aria-label="Main menu"', 1)[1].split("</nav>", 1)[0]
    found = re.findall(r'aria-current="(\w+)"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)<', menu)
    assert page.status_code == 200
    assert found == ([] if marked is None else [(marked[1], marked[0])])
