"""Declining, withdrawing, allowances, accounts and resources through the pages."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def _request(world: World, head: str, theme: UUID) -> UUID:
    service_id = world.bank.people.person(getattr(world, head)).service_id
    assert service_id is not None
    return world.bank.requests.submit(
        getattr(world, head),
        service_id=service_id,
        theme_id=theme,
        need="n",
        outcomes="o",
        hours_hoped=4,
    )


def test_a_declined_request_shows_the_service_the_reason(app: Flask, world: World) -> None:
    request = _request(world, "haringey_head", world.comms)
    staff = Browser(app.test_client(), world).sign_in("manager")

    empty = staff.submit(f"/requests/{request}/decline", {"reason": " "}).text
    assert re.search(r'href="#reason">\s*Enter a reason', empty)
    staff.submit(f"/requests/{request}/decline", {"reason": "Not this round: funding is spent"})

    haringey = Browser(app.test_client(), world).sign_in("haringey_head")
    page = haringey.get(f"/requests/{request}").text
    assert "Declined" in page and "Not this round: funding is spent" in page


def test_a_service_withdraws_its_request(app: Flask, world: World) -> None:
    request = _request(world, "worcs_head", world.evaluation)
    service = Browser(app.test_client(), world).sign_in("worcs_head")

    service.submit(f"/requests/{request}/withdraw", {"reason": "Solved it ourselves"})

    assert world.bank.requests.request(world.worcs_head, request).state == "withdrawn"


def test_an_allowance_below_the_hours_booked_is_refused_with_the_numbers(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")
    path = f"/engagements/{scene['engagement']}/allowance"
    assert 'value="8"' in staff.get(path).text

    page = staff.submit(path, {"allowance_hours": "0.5", "ends_on": ["30", "6", "2027"]}).text

    assert 'href="#allowance_hours"' in page
    assert (
        world.bank.requests.engagement(world.manager, scene["engagement"]).allowance_minutes == 480
    )
    staff.submit(path, {"allowance_hours": "10", "ends_on": ["31", "7", "2027"]})
    assert (
        world.bank.requests.engagement(world.manager, scene["engagement"]).allowance_minutes == 600
    )


def test_staff_deactivate_and_reactivate_an_account(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    staff.submit(f"/staff/people/{world.derby_staff}/deactivate", {"reason": "Left"})
    assert world.bank.people.person(world.derby_staff).status == "deactivated"
    staff.submit(f"/staff/people/{world.derby_staff}/reactivate", {}, form_page="/staff/people")
    assert world.bank.people.person(world.derby_staff).status == "active"


def test_an_expert_publishes_a_resource_for_all_members(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    data = {
        "title": "Evaluation toolkit",
        "summary": "Templates for logic models and surveys",
        "theme_id": str(world.evaluation),
        "licence": "CC BY 4.0",
    }

    refused = expert.submit("/resources/new", {**data, "link": "ftp://example.org/kit"}).text
    assert re.search(r'href="#link">\s*The link must be a web address starting https://', refused)
    expert.submit("/resources/new", {**data, "link": "https://example.org/kit"})

    reader = Browser(app.test_client(), world).sign_in("derby_staff")
    assert "Evaluation toolkit" in reader.get("/resources").text
