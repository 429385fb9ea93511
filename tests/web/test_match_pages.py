"""Matching: the allowance and end date start from what the service hoped for; each
suggested expert links to a profile; the reasons speak in hours."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def test_the_match_page_starts_from_the_request_and_links_each_expert(
    app: Flask, world: World
) -> None:
    bank = world.bank
    world.window(world.evaluator)
    request_id = bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need="n",
        outcomes="o",
        hours_hoped=6,
        preferred_from=date(2027, 3, 1),
        preferred_to=date(2027, 3, 31),
    )
    bank.requests.shortlist(world.manager, request_id)
    bank.requests.approve(world.manager, request_id)
    staff = Browser(app.test_client(), world).sign_in("manager")

    page = staff.get(f"/requests/{request_id}/match").text

    assert re.search(r'name="allowance_hours"[^>]*value="6"', page)
    assert re.search(r'name="ends_on"[^>]*value="31"', page), "the preferred end, day first"
    assert "11.25 hours free in the preferred dates (6 hoped for)" in page
    profile = f"/staff/people/{world.evaluator}/expert"
    assert f'href="{profile}">Evaluator\'s profile</a>' in page
    shown = staff.get(profile).text
    assert "Advocacy and evidence: Evaluation" in shown
    assert re.search(r"Free time in the next 4 weeks\s*</dt>\s*<dd[^>]*>\s*9 hours", shown)
    assert staff.get(f"/staff/people/{world.worcs_head}/expert").status_code == 404
