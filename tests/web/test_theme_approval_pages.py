"""An expert's change of themes on the pages: the profile says it waits for approval and
keeps what they asked for ticked; programme staff see it on their home page and approve or
decline it on the person's page."""

from __future__ import annotations

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def test_a_change_waits_then_staff_approve_it(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    asked = {"theme_ids": [str(world.evaluation), str(world.comms)], "nation": "england_and_wales"}

    done = expert.submit("/provider/profile", asked)
    page = expert.get(done.headers["Location"]).text

    assert "Your change of themes waits for programme staff&#39;s approval." in page
    assert "Waiting for approval" in page
    assert (
        "You asked to offer Advocacy and evidence: Evaluation; Transformation: Communications "
        "and engagement." in page
    )
    assert f'value="{world.comms}" checked' in page.replace('checked="checked"', "checked")

    staff = Browser(app.test_client(), world).sign_in("manager")
    world.bank.read_models.runner.catch_up()
    home = staff.get("/").text
    assert "Evaluator</a> asked to offer Advocacy and evidence: Evaluation; Transformation" in home
    person = f"/staff/people/{world.evaluator}"
    assert "Approve the change of themes" in staff.get(person).text

    done = staff.submit(f"{person}/themes/approve", {}, form_page=person)
    page = staff.get(done.headers["Location"]).text
    assert "The change of themes is approved" in page
    assert "Approve the change of themes" not in page
    assert world.bank.people.person(world.evaluator).theme_ids == [world.evaluation, world.comms]


def test_staff_decline_a_change_with_a_reason(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    expert.submit(
        "/provider/profile", {"theme_ids": [str(world.partnerships)], "nation": "scotland"}
    )
    staff = Browser(app.test_client(), world).sign_in("manager")
    person = f"/staff/people/{world.evaluator}"

    done = staff.submit(f"{person}/themes/decline", {"reason": "Covered"}, form_page=person)

    assert "their themes stay as they were" in staff.get(done.headers["Location"]).text
    record = world.bank.people.person(world.evaluator)
    assert (record.theme_ids, record.themes_asked, record.nation) == (
        [world.evaluation],
        None,
        "scotland",
    )
    assert "Waiting for approval" not in expert.get("/provider/profile").text
