"""Whose history to read is found with a search box: library services (by their name or
their region's), people, requests, engagements and bookings."""

from __future__ import annotations

import re

from flask import Flask

from tests.service.test_oversight import east_midlands_month
from tests.web.conftest import Browser
from tests.world import World


def found(page: str, heading: str) -> list[str]:
    part = re.search(rf"<h2[^>]*>{heading}</h2>\s*<ul[^>]*>(.*?)</ul>", page, re.S)
    return (
        re.findall(
            r'<a class="govuk-link" href="/history\?subject=[0-9a-f-]{36}">([^<]+)</a>',
            part.group(1),
        )
        if part
        else []
    )


def test_a_search_finds_services_by_region_and_records_by_service_theme_or_person(
    app: Flask, world: World
) -> None:
    east_midlands_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    midlands = auditor.get("/history/find?q=midlands").text
    derby = auditor.get("/history/find?q=DERBY").text
    evaluator = auditor.get("/history/find?q=evaluator").text
    nothing = auditor.get("/history/find?q=zebra").text

    assert found(midlands, "Library services") == [
        "Derby (East Midlands)",
        "Leicestershire (East Midlands)",
        "Nottingham City (East Midlands)",
        "Worcestershire (West Midlands)",
    ]
    assert found(derby, "Requests") == [
        "Derby asked for help with Transformation: Partnerships",
        "Derby asked for help with Advocacy and evidence: Evaluation",
    ]
    assert found(derby, "Bookings and sessions") == [
        "Derby with Leics Peer",
        "Derby with Evaluator",
    ]
    assert found(evaluator, "People") == ["Evaluator"]
    assert found(evaluator, "Engagements") == [
        "Derby with Evaluator: Advocacy and evidence: Evaluation"
    ]
    assert "Nothing matches “zebra”" in nothing


def test_a_result_leads_to_its_history(app: Flask, world: World) -> None:
    east_midlands_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    page = auditor.get("/history/find?q=nottingham").text
    link = re.search(r'href="(/history\?subject=[0-9a-f-]{36})">Nottingham City', page)

    assert link
    assert "History of Nottingham City" in auditor.get(link.group(1)).text
