"""Actions that cannot be undone or that commit time ask first, on a page saying what will
happen: approving a request, marking an engagement complete (declining, deactivating and
erasing have their own pages with a reason or a tick)."""

from __future__ import annotations

from flask import Flask

from domain.requests import RequestState
from tests.web.conftest import Browser
from tests.world import World


def test_approving_asks_first_and_says_what_follows(app: Flask, world: World) -> None:
    bank = world.bank
    request_id = bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need="n",
        outcomes="o",
        hours_hoped=6,
    )
    bank.requests.shortlist(world.manager, request_id)
    staff = Browser(app.test_client(), world).sign_in("manager")

    show = staff.get(f"/requests/{request_id}").text
    asked = staff.get(f"/requests/{request_id}/approve").text

    assert f'href="/requests/{request_id}/approve">Approve</a>' in show
    assert "Shortlist a request to say it is being considered" in show
    assert "Approving commits the programme to commissioning an expert" in asked
    assert "about 6 hours hoped for" in asked
    assert bank.requests.request(world.manager, request_id).state == RequestState.SHORTLISTED
    assert staff.submit(f"/requests/{request_id}/approve", {}).status_code == 302
    assert bank.requests.request(world.manager, request_id).state == RequestState.APPROVED


def test_marking_complete_asks_first_and_says_the_hours_left_go_unused(
    app: Flask, world: World
) -> None:
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation, hours=8)
    staff = Browser(app.test_client(), world).sign_in("manager")

    asked = staff.get(f"/engagements/{engagement}/complete").text
    done = staff.submit(f"/engagements/{engagement}/complete", {})

    assert "Mark this engagement complete?" in asked and "This cannot be undone." in asked
    assert "the 8 hours not booked are not used" in asked
    assert done.status_code == 302
    assert world.bank.requests.engagement(world.manager, engagement).state == "completed"


def test_declining_and_closing_say_what_will_happen(app: Flask, world: World) -> None:
    request_id = world.bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need="n",
        outcomes="o",
        hours_hoped=6,
    )
    engagement = world.engagement(world.derby_staff, world.evaluator, world.evaluation)
    staff = Browser(app.test_client(), world).sign_in("manager")

    decline = staff.get(f"/requests/{request_id}/decline").text
    close = staff.get(f"/engagements/{engagement}/close").text

    assert "Declining ends this request and cannot be undone." in decline
    assert "Closing ends the engagement before its hours are used, and cannot be undone" in close
