"""Dashboards for programme staff and auditors: a region's page, and the programme's
figures as CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from flask import Flask

from tests.service.test_oversight import east_midlands_month
from tests.web.conftest import Browser
from tests.world import World


def test_the_regional_dashboard_is_linked_from_the_programme_and_shows_unmet_need(
    app: Flask, world: World
) -> None:
    east_midlands_month(world.bank, world)
    staff = Browser(app.test_client(), world).sign_in("manager")

    programme = staff.get("/staff/programme").text
    link = re.search(r'href="(/staff/regions/[0-9a-f-]{36})">East Midlands</a>', programme)
    assert link, programme
    page = staff.get(link.group(1)).text

    leicestershire = _row(page, "Leicestershire")
    assert leicestershire[-2:] == ["1", "0"]  # peer hours given, received
    assert _row(page, "Derby")[-2:] == ["0", "1"]
    assert _row(page, "Submitted") == ["0", "1", "0", "0", "1"]
    assert (
        "Nottingham City: Advocacy and evidence: Evaluation</a>, submitted, waiting 10 days" in page
    )
    assert re.search(
        r"Advocacy and evidence: Evaluation</th>(\s*<td[^>]*>[^<]*</td>){2}\s*<td[^>]*>\s*"
        r"<strong[^>]*>\s*None in the next 8 weeks",
        page,
    ), page
    assert "Derby with Evaluator" in page
    assert "Haringey" not in page


def _row(page: str, heading: str) -> list[str]:
    """The cells of the table row headed ``heading`` (its text, tags dropped)."""
    found = re.search(rf"<th scope=\"row\"[^>]*>(?:(?!</th>).)*{heading}.*?</tr>", page, re.S)
    assert found, heading
    return [cell.strip() for cell in re.findall(r"<td[^>]*>([^<]*)</td>", found.group(0))]


def test_auditors_download_the_figures_by_theme_region_and_month(app: Flask, world: World) -> None:
    east_midlands_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    response = auditor.get("/staff/programme.csv?first_month=2027-03&last_month=2027-3")

    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    lines = {(r["month"], r["theme"], r["region"]): r for r in rows}
    derby = lines[("2027-03", "Advocacy and evidence: Evaluation", "East Midlands")]
    assert (
        derby["expert hours allocated"],
        derby["expert no-shows"],
        derby["peer no-shows"],
        derby["requests ever matched"],
        derby["requests now matched"],
    ) == ("8.0", "1", "0", "1", "1")
    peers = lines[("2027-03", "Transformation: Partnerships", "East Midlands")]
    assert (peers["peer sessions held"], peers["expert sessions held"]) == ("1", "0")
    assert peers["requests now shortlisted"] == "1"
    assert ("2027-03", "Transformation: Communications and engagement", "London") in lines


def test_months_the_figures_cannot_cover_are_named_at_their_field(app: Flask, world: World) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    typo = staff.get("/staff/programme.csv?first_month=March&last_month=").text
    backwards = staff.get("/staff/programme.csv?first_month=2027-05&last_month=2027-03").text

    assert re.search(
        r'href="#first_month">\s*From month must be a year and month, like 2027-03', typo
    )
    assert 'value="March"' in typo  # what was typed stays
    assert re.search(r'href="#last_month">\s*The last month is before the first', backwards)


def test_a_name_a_spreadsheet_would_run_is_exported_as_text(app: Flask, world: World) -> None:
    bank = world.bank
    theme = bank.registry.add_theme(world.manager, code="formula", name='=HYPERLINK("x")')
    bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=theme,
        need="n",
        outcomes="o",
        hours_hoped=2,
    )
    staff = Browser(app.test_client(), world).sign_in("manager")

    rows = list(csv.DictReader(io.StringIO(staff.get("/staff/programme.csv").text)))

    assert [r["theme"] for r in rows] == ['\'=HYPERLINK("x")']
    assert rows[0]["requests now submitted"] == "1"


def test_each_column_of_the_figures_is_named_once_and_explained_in_the_readme(
    app: Flask, world: World
) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    header = next(csv.reader(io.StringIO(staff.get("/staff/programme.csv").text)))

    assert len(header) == len(set(header)) == 22
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    documented = {
        name.strip()
        for line in readme.splitlines()
        if line.startswith("| ") and " | " in line
        for name in line.split(" | ")[0].strip("| ").split(",")
    }
    assert set(header) <= documented, set(header) - documented
