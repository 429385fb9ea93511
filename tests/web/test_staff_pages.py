"""Programme staff managing people and reference data through the pages."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from tests.service.support import london
from tests.web.conftest import Browser
from tests.web.tables import table
from tests.world import World


def test_staff_change_roles_and_refusals_name_the_field(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")
    path = f"/staff/people/{world.evaluator}/roles"

    refused = staff.submit(path, {"roles": ["peer"], "service_id": ""}).text
    assert re.search(
        r'href="#service_id">\s*Service staff and peers need their library service', refused
    )
    assert world.bank.people.person(world.evaluator).roles == ["expert"]

    staff.submit(path, {"roles": ["expert", "peer"], "service_id": str(world.derby)})
    assert world.bank.people.person(world.evaluator).roles == ["expert", "peer"]


def test_staff_add_a_theme_refuse_a_duplicate_code_and_retire_it(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    duplicate = staff.submit("/staff/themes", {"code": "evaluation", "name": "Again"}).text
    assert "A theme with the code &#39;evaluation&#39; already exists" in duplicate
    staff.submit("/staff/themes", {"code": "digital", "name": "Digital inclusion"})
    page = staff.get("/staff/themes").text
    retire = re.search(
        r'action="(/staff/themes/[0-9a-f-]{36}/retire)"[^<]*<input[^>]*>\s*'
        r'<button[^>]*>Retire<span class="govuk-visually-hidden"> Digital inclusion',
        page,
    )
    assert retire, page

    staff.submit(retire.group(1), {}, form_page="/staff/themes")

    after = staff.get("/staff/themes").text
    assert re.search(
        r"Digital inclusion <span[^>]*>\(digital\)</span>\s*<strong[^>]*>\s*Retired", after
    )
    themes = {
        t.name: t.retired for t in world.bank.read_models.registry.themes(include_retired=True)
    }
    assert themes["Digital inclusion"] is True


def test_staff_add_a_region_and_a_library_service_in_it(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    staff.submit("/staff/regions", {"code": "north-east", "name": "North East"})
    offered = re.search(
        r'<option value="([0-9a-f-]{36})">North East</option>', staff.get("/staff/services").text
    )
    assert offered, "the new region is offered for a new service"
    added = staff.submit(
        "/staff/services", {"code": "gateshead", "name": "Gateshead", "region_id": offered[1]}
    )

    assert added.status_code == 302, added.text
    assert (
        'Gateshead <span class="govuk-body-s">(gateshead, North East)'
        in staff.get("/staff/services").text
    )


def test_staff_read_the_invitations_waiting_in_the_outbox(
    app: Flask, world: World, scene: dict[str, object]
) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    page = staff.get("/staff/mail?status=pending").text
    links = re.findall(r'href="(/staff/mail/[0-9a-f-]{36})"', page)
    assert len(links) >= 2, page  # the service's booker and the expert
    message = staff.get(links[0]).text
    source = staff.get(f"{links[0]}/source").text

    assert "reader will see it</span>Booked: Worcestershire with Evaluator," in message
    assert re.search(
        r"What it does\s*</dt>\s*<dd[^>]*>\s*Adds or updates the event \(REQUEST", message
    )
    assert re.search(r"When\s*</dt>\s*<dd[^>]*>\s*Tuesday 2 March 2027, 09:00 to 09:45", message)
    assert "text/calendar" not in message and "text/calendar" in source
    assert "Subject: Booked: Worcestershire with Evaluator" in source
    assert "evaluator@example.org" in page and "worcs_head@example.org" in page
    assert "No SMTP server is configured: the message waits here" in page


def test_the_queue_filters_by_region(app: Flask, world: World) -> None:
    for head, theme in (("worcs_head", world.evaluation), ("haringey_head", world.comms)):
        service_id = world.bank.people.person(getattr(world, head)).service_id
        assert service_id is not None
        world.bank.requests.submit(
            getattr(world, head),
            service_id=service_id,
            theme_id=theme,
            need="n",
            outcomes="o",
            hours_hoped=3,
        )
    staff = Browser(app.test_client(), world).sign_in("manager")

    everyone = staff.get("/staff/queue").text
    london = staff.get(f"/staff/queue?region_id={world.london}").text

    assert "Worcestershire" in everyone and "Haringey" in everyone
    assert "Haringey" in london and "Request of </span>Worcestershire" not in london


def test_a_button_the_service_refuses_says_why_on_the_page_it_leads_back_to(
    app: Flask, world: World
) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")
    path = f"/staff/themes/{world.comms}/retire"
    staff.submit(path, {}, form_page="/staff/themes")

    staff.submit(path, {}, form_page="/staff/themes")  # from a page opened before that
    page = staff.get("/staff/themes").text

    assert "is already retired" in page


def test_the_queue_says_when_each_request_came_in_london_days(app: Flask, world: World) -> None:
    submit = world.bank.requests.submit
    asked: dict[str, Any] = {"need": "n", "outcomes": "o", "hours_hoped": 3}
    world.clock.set(london(2027, 3, 1, 23, 30))
    submit(world.worcs_head, service_id=world.worcestershire, theme_id=world.comms, **asked)
    world.clock.set(london(2027, 3, 3, 9, 0))
    submit(world.notts_staff, service_id=world.nottingham, theme_id=world.comms, **asked)
    world.clock.set(london(2027, 3, 3, 23, 59))
    submit(world.haringey_head, service_id=world.haringey, theme_id=world.comms, **asked)
    world.clock.set(london(2027, 3, 4, 0, 15))
    staff = Browser(app.test_client(), world).sign_in("manager")

    rows = table(staff.get("/staff/queue").text, "Requests waiting")[1:]

    assert [(r[0], r[2]) for r in rows] == [
        ("Worcestershire", "Monday 1 March 2027 (3 days ago)"),
        ("Nottingham City", "Wednesday 3 March 2027 (yesterday)"),
        ("Haringey", "Wednesday 3 March 2027 (yesterday)"),
    ]
    world.clock.set(london(2027, 3, 4, 8, 0))
    submit(world.derby_staff, service_id=world.derby, theme_id=world.comms, **asked)
    staff.sign_in("manager")  # the night's sign-in has ended
    rows = table(staff.get("/staff/queue").text, "Requests waiting")[1:]
    assert rows[-1][2] == "Thursday 4 March 2027 (today)"
