"""A person's page for programme staff: a new invitation link, erasure on request, and a
provider's availability."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask

from domain.errors import NotFound
from tests.web.conftest import Browser
from tests.world import SYSTEM, World


def test_staff_see_a_providers_windows_and_time_off_on_their_page(app: Flask, world: World) -> None:
    world.window(world.evaluator)
    world.bank.availability.add_time_off(
        world.evaluator, world.evaluator, first_day=date(2027, 4, 6), last_day=date(2027, 4, 6)
    )
    staff = Browser(app.test_client(), world).sign_in("manager")

    people = staff.get("/staff/people").text
    page = staff.get(f"/staff/people/{world.evaluator}").text

    assert f'href="/staff/people/{world.evaluator}">Evaluator</a>' in people
    assert "evaluator@example.org" in page
    assert "Tuesdays, 09:00 to 12:00, from 1 March 2027" in page
    assert re.search(r"<li>\s*6 April 2027\s*</li>", page)  # one whole day off
    assert "/withdraw" not in page and "/remove" not in page  # staff read; the owner changes


def test_staff_send_a_new_invitation_link_and_the_old_one_stops_working(
    app: Flask, world: World
) -> None:
    bank = world.bank
    first = bank.people.invite(SYSTEM, name="Sam New", email="sam@example.org", roles=["auditor"])
    staff = Browser(app.test_client(), world).sign_in("manager")
    path = f"/staff/people/{first.person_id}"

    assert "Send a new invitation link" in staff.get(path).text
    page = staff.submit(f"{path}/invitation", {}, form_page=path).text

    link = re.search(r'id="invitation-link">http://expertbank.test/invitation/([^<]+)<', page)
    assert link, page
    assert "Any earlier link no longer works" in page
    with pytest.raises(NotFound, match="expired or has already been used"):
        bank.people.accept_invitation(first.token, password="a long enough password")
    bank.people.accept_invitation(link.group(1), password="a long enough password")
    assert bank.people.person(first.person_id).status == "active"


def test_a_new_link_is_refused_for_an_account_already_set_up(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")
    path = f"/staff/people/{world.derby_staff}"
    assert "Send a new invitation link" not in staff.get(path).text
    world.bank.mail.update()
    before = world.bank.mail.status()

    response = staff.submit(f"{path}/invitation", {}, form_page=path)

    assert response.status_code == 302
    shown = staff.get(response.headers["Location"]).text
    assert "Only an account that has not been set up needs a new link" in shown
    world.bank.mail.update()
    assert world.bank.mail.status() == before  # no message queued


def test_erasure_says_what_goes_and_what_stays_and_needs_a_tick(app: Flask, world: World) -> None:
    bank = world.bank
    staff = Browser(app.test_client(), world).sign_in("manager")
    path = f"/staff/people/{world.derby_staff}/erase"
    head = bank.head_position()

    page = staff.get(path).text
    unticked = staff.submit(path, {}).text

    assert "What is erased" in page and "What stays" in page and "cannot be undone" in page
    assert re.search(r'href="#confirm">\s*Tick the box to confirm', unticked)
    assert bank.head_position() == head
    assert bank.people.person(world.derby_staff).name == "Derby Staff"

    done = staff.submit(path, {"confirm": "y"})
    assert done.status_code == 302
    assert bank.people.person(world.derby_staff).name == "(details erased)"
    record = staff.get(f"/staff/people/{world.derby_staff}").text
    assert "were erased on request" in record and "Erase personal details" not in record
    assert "derby_staff@example.org" not in record


def test_people_are_found_by_name_email_service_role_and_status(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")
    world.bank.people.deactivate(world.manager, world.notts_staff, reason="Left")

    def names(query: str) -> list[str]:
        page = staff.get(f"/staff/people?{query}").text
        return re.findall(r'href="/staff/people/[0-9a-f-]{36}">([^<]+)</a>', page)

    assert names("q=EVALUAT") == ["Evaluator"]
    assert names("q=derby") == ["Derby Staff"]  # by library service
    assert names("q=haringey_head@") == ["Haringey Head"]  # by email
    assert names("role=peer") == ["Leics Peer"]
    assert names("status=deactivated") == ["Notts Staff"]
    assert names("q=zebra") == []
    assert "No one matches." in staff.get("/staff/people?q=zebra").text
