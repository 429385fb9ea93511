"""Forms report every problem at once, next to each field, and store nothing; the API
lists every problem too. Requests take hours in halves."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def _summary(html: str) -> list[str]:
    """The error summary's items, as read."""
    box = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert box, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", box.group(1), re.S)
    return [unescape(re.sub(r"<[^>]+>|\s+", " ", item)).strip() for item in items]


def test_an_empty_request_names_every_missing_answer_at_once(app: Flask, world: World) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    page = service.submit("/requests/new", {"need": " ", "outcomes": "", "hours_hoped": ""})
    assert page.status_code == 200
    assert _summary(page.text) == [
        "Choose a theme",
        "Enter what you need help with",
        "Enter the outcomes you hope for",
        "Enter the hours hoped for",
    ]
    assert world.bank.read_models.requests.for_service(world.worcestershire) == []


def test_a_request_takes_half_hours_but_not_quarters(app: Flask, world: World) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    answers = {"theme_id": str(world.evaluation), "need": "Evaluate", "outcomes": "Evidence"}
    quarter = service.submit("/requests/new", {**answers, "hours_hoped": "7.25"})
    assert _summary(quarter.text) == [
        "The hours hoped for must be in whole or half hours, like 8 or 7.5"
    ]
    sent = service.submit("/requests/new", {**answers, "hours_hoped": "7.5"})
    assert sent.status_code == 302, sent.text
    shown = service.get(sent.headers["Location"]).text
    assert re.search(r"Hours hoped for\s*</dt>\s*<dd[^>]*>\s*7.5\s*<", shown)


def test_an_invitation_names_every_problem_at_once(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")
    page = staff.submit(
        "/staff/people/invite", {"name": "", "email": "not an address", "service_id": ""}
    )
    assert _summary(page.text) == [
        "Enter a name",
        "Enter an email address like name@example.org",
        "Choose at least one role",
    ]
    assert world.bank.people.find_by_email("not an address") is None


def test_a_resource_names_every_problem_at_once(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    page = expert.submit(
        "/resources/new",
        {"title": "", "summary": "", "link": "ftp://example.org/kit", "licence": ""},
    )
    found = _summary(page.text)
    assert found[:3] == ["Enter a title", "Enter a summary", "Choose a theme"]
    assert len(found) == 5 and found[4] == "Enter the licence"
    assert "link" in found[3].lower()
    assert world.bank.read_models.resources.published() == []


def test_the_api_lists_every_problem_of_a_request(app: Flask, world: World) -> None:
    browser = Browser(app.test_client(), world).sign_in("worcs_head")
    token = browser.get("/api/me").json["csrf_token"]  # type: ignore[index]
    body = {"theme_id": str(world.evaluation), "need": "", "outcomes": "", "hours_hoped": 0}
    refused = browser.client.post("/api/requests", json=body, headers={"X-CSRFToken": token})
    assert refused.status_code == 422
    answer = refused.json
    assert answer is not None and answer["error"] == "InvalidInput"
    assert [p["field"] for p in answer["problems"]] == ["need", "outcomes", "hours_hoped"]
    assert answer["field"] == "need"
