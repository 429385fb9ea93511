"""Resources after publishing: the library says which theme and whether a resource came
from an engagement (never whose), and its publisher or programme staff revise or withdraw
it."""

from __future__ import annotations

import re
from uuid import UUID

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def engagement_toolkit(world: World) -> UUID:
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    return world.bank.sessions.publish_resource(
        world.evaluator,
        title="Reading for wellbeing: an evaluation toolkit",
        summary="A survey and an analysis sheet",
        theme_id=world.evaluation,
        link="https://example.org/toolkit",
        licence="CC BY 4.0",
        engagement_id=engagement,
    )


def test_the_library_names_the_theme_and_never_the_engagements_service(
    app: Flask, world: World
) -> None:
    engagement_toolkit(world)
    reader = Browser(app.test_client(), world).sign_in("derby_staff")

    page = reader.get("/resources").text

    assert "Theme: Advocacy and evidence: Evaluation." in page
    assert "From an expert engagement." in page
    main = page[page.index("<main") : page.index("</main>")]
    assert "Worcestershire" not in main
    assert "/change" not in main  # only its publisher and programme staff are offered it


def test_the_publisher_revises_a_resource_and_a_bad_link_changes_nothing(
    app: Flask, world: World
) -> None:
    resource = engagement_toolkit(world)
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    path = f"/resources/{resource}/change"
    form = expert.get(path).text
    assert 'value="https://example.org/toolkit"' in form
    data = {
        "title": "Evaluation toolkit, second edition",
        "summary": "A survey, an analysis sheet and a briefing template",
        "theme_id": str(world.evaluation),
        "licence": "CC BY 4.0",
    }
    head = world.bank.head_position()

    refused = expert.submit(path, {**data, "link": "example.org/toolkit-2"}).text
    assert re.search(r'href="#link">\s*The link must be a web address starting https://', refused)
    assert 'value="Evaluation toolkit, second edition"' in refused
    assert world.bank.head_position() == head

    expert.submit(path, {**data, "link": "https://example.org/toolkit-2"})
    library = expert.get("/resources").text
    assert "Evaluation toolkit, second edition" in library
    assert "https://example.org/toolkit-2" in library


def test_staff_withdraw_a_resource_with_a_reason_and_others_cannot(
    app: Flask, world: World
) -> None:
    resource = engagement_toolkit(world)
    path = f"/resources/{resource}/withdraw"
    other = Browser(app.test_client(), world).sign_in("communicator")
    staff = Browser(app.test_client(), world).sign_in("manager")
    head = world.bank.head_position()

    assert other.get(path).status_code == 403
    assert other.get(f"/resources/{resource}/change").status_code == 403
    no_reason = staff.submit(path, {"reason": ""}).text
    assert re.search(r'href="#reason">\s*Enter a reason', no_reason), no_reason
    assert world.bank.head_position() == head

    staff.submit(path, {"reason": "Superseded by the second edition"})
    assert world.bank.sessions.resource(resource).status == "withdrawn"
    library = staff.get("/resources").text
    assert "Reading for wellbeing: an evaluation toolkit is withdrawn from the library" in library
    assert "evaluation toolkit</a>" not in library
