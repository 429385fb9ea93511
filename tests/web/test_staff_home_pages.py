"""Programme staff's home page says what needs attention; a regional engagement manager's
home page and queue start with their own region."""

from __future__ import annotations

import re

from flask import Flask

from tests.service.test_attention import busy_week
from tests.web.conftest import Browser
from tests.web.tables import table
from tests.world import World


def test_the_staff_home_page_says_what_needs_attention(app: Flask, world: World) -> None:
    busy_week(world.bank, world)
    staff = Browser(app.test_client(), world).sign_in("manager")

    home = staff.get("/").text

    assert '<h2 class="govuk-heading-m">Needs attention</h2>' in home
    waiting = table(home, "Requests waiting for a decision or an expert, by how long")
    assert waiting[1] == ["Under 1 week", "1"] and waiting[-1] == ["Total", "1"]
    assert re.search(r"Derby with Leics Peer, [^<]+</a>: the peer has until", home), home
    assert "Worcestershire with Evaluator</a>: 7.25 of 8 hours not booked, ends" in home
    assert 'Sessions over but not recorded</h3>\n<p class="govuk-body">None.' in home


def test_a_regional_manager_starts_with_their_region(app: Flask, world: World) -> None:
    busy_week(world.bank, world)
    derby_asks = world.bank.requests.submit(
        world.derby_staff,
        service_id=world.derby,
        theme_id=world.partnerships,
        need="n",
        outcomes="o",
        hours_hoped=2,
    )
    staff = Browser(app.test_client(), world).sign_in("manager")
    person_page = f"/staff/people/{world.manager}/region"
    response = staff.submit(person_page, {"region_id": str(world.east_midlands)})
    assert response.status_code == 302, response.text

    home = staff.get("/").text
    queue = staff.get("/staff/queue").text
    everywhere = staff.get("/staff/queue?theme_id=&region_id=").text

    assert "Your region: East Midlands" in home
    assert f"/requests/{derby_asks}" in home and "Haringey" not in home
    assert "Worcestershire" not in home  # West Midlands' engagement
    assert re.search(rf'<option[^>]*value="{world.east_midlands}"[^>]*selected', queue)
    assert "Derby" in queue and "Haringey" not in queue
    assert "Derby" in everywhere and "Haringey" in everywhere
    assert "Region they look after" in staff.get(f"/staff/people/{world.manager}").text
    wider = staff.get("/?region=all").text
    assert (
        "Needs attention</h2>" in wider and "Haringey" in wider and "Back to your region" in wider
    )


def test_the_programme_words_are_explained_where_staff_meet_them(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    for path in ("/staff/queue", "/staff/programme"):
        page = staff.get(path).text
        assert "What these words mean" in page, path
        assert re.search(r"Shortlisted</dt><dd>Being considered for an expert", page), path
