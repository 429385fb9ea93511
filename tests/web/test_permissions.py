"""Every page for the roles it serves, and refusals for everyone else (rule 4)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.web.conftest import Browser
from tests.world import World

PAGES = {
    "worcs_head": [
        "/",
        "/requests/new",
        "/availability",
        "/requests/{request}",
        "/engagements/{engagement}",
        "/bookings/{booking}",
        "/bookings/{booking}/cancel",
        "/bookings/{booking}/move",
        "/book?window_id={window}&provider_id={evaluator}&start=2027-03-09T09:00:00%2B00:00",
        "/services/{worcestershire}/history",
        "/resources",
        "/requests/{request}/withdraw",
        "/bookings/{booking}/feedback",
    ],
    "evaluator": [
        "/",
        "/provider/profile",
        "/provider/availability",
        "/provider/availability/new",
        "/provider/availability/{window}/change",
        "/provider/time-off/new",
        "/provider/sessions",
        "/bookings/{booking}",
        "/resources/new",
        "/bookings/{booking}/record",
    ],
    "manager": [
        "/",
        "/staff/queue",
        "/staff/people",
        "/staff/people/invite",
        "/staff/themes",
        "/staff/regions",
        "/staff/services",
        "/staff/programme",
        "/staff/mail",
        "/history",
        "/history?subject={worcestershire}",
        "/engagements/{engagement}/allowance",
        "/staff/people/{derby_staff}/deactivate",
        "/staff/people/{derby_staff}/roles",
        "/staff/people/{evaluator}",
        "/staff/people/{derby_staff}/erase",
        "/staff/regions/{west_midlands}",
        "/staff/programme.csv",
        "/requests/{request}/match",
        "/requests/{request}/decline",
        "/engagements/{engagement}/close",
    ],
    "auditor": [
        "/",
        "/history?subject={worcestershire}&as_of_date=1&as_of_date=3&as_of_date=2027",
        "/history.csv?subject={worcestershire}",
        "/staff/programme",
        "/staff/programme.csv",
        "/staff/regions/{west_midlands}",
        "/requests/{request}",
        "/bookings/{booking}",
        "/engagements/{engagement}",
    ],
}

REFUSED = [
    ("haringey_head", "/bookings/{booking}"),
    ("haringey_head", "/engagements/{engagement}"),
    ("haringey_head", "/requests/{request}"),
    ("haringey_head", "/services/{worcestershire}/history"),
    ("haringey_head", "/staff/queue"),
    ("haringey_head", "/provider/availability"),
    ("haringey_head", "/history"),
    ("evaluator", "/requests/new"),
    ("evaluator", "/staff/people"),
    ("communicator", "/bookings/{booking}"),
    ("communicator", "/provider/availability/{window}/change"),
    ("auditor", "/requests/new"),
    ("auditor", "/staff/queue"),
    ("auditor", "/staff/people/invite"),
    ("auditor", "/provider/availability/new"),
    ("auditor", "/bookings/{booking}/cancel"),
    ("manager", "/requests/new"),
    ("worcs_head", "/staff/mail"),
    ("auditor", "/staff/mail"),
    ("worcs_head", "/staff/regions/{west_midlands}"),
    ("worcs_head", "/staff/programme.csv"),
    ("evaluator", "/staff/programme"),
    ("auditor", "/staff/people/{evaluator}"),
    ("auditor", "/staff/people/{derby_staff}/erase"),
    ("haringey_head", "/staff/people/{evaluator}"),
]


def _path(template: str, world: World, scene: dict[str, Any]) -> str:
    return template.format(**world.ids, **scene)


@pytest.mark.parametrize("who", sorted(PAGES))
def test_each_page_opens_for_the_roles_it_serves(
    app: Flask, world: World, scene: dict[str, Any], who: str
) -> None:
    browser = Browser(app.test_client(), world).sign_in(who)
    for template in PAGES[who]:
        response = browser.get(_path(template, world, scene))
        assert response.status_code == 200, (template, response.text[:500])


@pytest.mark.parametrize(("who", "template"), REFUSED)
def test_pages_refuse_people_without_the_role_or_the_ownership(
    app: Flask, world: World, scene: dict[str, Any], who: str, template: str
) -> None:
    browser = Browser(app.test_client(), world).sign_in(who)

    response = browser.get(_path(template, world, scene))

    assert response.status_code in (403, 404)
    assert "Our confidential survey plans" not in response.text
    assert "You cannot see or change this" in response.text or "Page not found" in response.text


def test_another_service_cannot_cancel_a_booking(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    haringey = Browser(app.test_client(), world).sign_in("haringey_head")
    path = f"/bookings/{scene['booking']}/cancel"

    response = haringey.client.post(
        path, data={"reason": "mine now", "csrf_token": haringey.token("/requests/new")}
    )

    assert response.status_code == 403
    assert world.bank.bookings.booking(world.manager, scene["booking"]).status == "confirmed"


def test_an_auditor_is_offered_no_form_that_changes_anything(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    for template in PAGES["auditor"]:
        page = auditor.get(_path(template, world, scene)).text
        assert page.count('method="post"') <= 1, template  # the sign-out button only
        assert 'action="/sign-out"' in page or ".csv" in template


def test_signed_out_visitors_are_sent_to_sign_in(app: Flask, scene: dict[str, Any]) -> None:
    response = app.test_client().get(f"/bookings/{scene['booking']}")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


REFUSED_CHANGES = [
    ("worcs_head", "/requests/{request}/approve"),
    ("worcs_head", "/engagements/{engagement}/complete"),
    ("worcs_head", "/staff/themes/{evaluation}/retire"),
    ("haringey_head", "/bookings/{booking}/move"),
    ("evaluator", "/staff/people/{derby_staff}/reactivate"),
    ("evaluator", "/requests/{request}/withdraw"),
    ("communicator", "/bookings/{booking}/record"),
    ("auditor", "/bookings/{booking}/cancel"),
    ("auditor", "/provider/availability/{window}/withdraw"),
    ("manager", "/bookings/{booking}/feedback"),
    ("auditor", "/staff/people/{derby_staff}/erase"),
    ("auditor", "/staff/people/{derby_staff}/invitation"),
    ("evaluator", "/staff/people/{derby_staff}/invitation"),
]


@pytest.mark.parametrize(("who", "template"), REFUSED_CHANGES)
def test_changes_are_refused_to_people_without_the_role_or_the_ownership(
    app: Flask, world: World, scene: dict[str, Any], who: str, template: str
) -> None:
    browser = Browser(app.test_client(), world).sign_in(who)
    before = world.bank.head_position()

    response = browser.client.post(
        _path(template, world, scene),
        data={"reason": "x", "rating": "5", "outcome": "held", "csrf_token": browser.token("/")},
    )

    assert response.status_code in (403, 404)
    assert world.bank.head_position() == before


def test_a_booking_link_naming_someone_who_provides_nothing_shows_nobody(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    browser = Browser(app.test_client(), world).sign_in("worcs_head")
    link = "/book?window_id={window}&provider_id={who}&start=2027-03-09T09:00:00%2B00:00"

    offered = browser.get(link.format(window=scene["window"], who=world.evaluator))
    tampered = browser.get(link.format(window=scene["window"], who=world.manager))

    assert offered.status_code == 200 and "With Evaluator" in offered.text
    assert tampered.status_code == 404
    assert "Manager" not in tampered.text and "Book a session" not in tampered.text
