"""The dashboards' charts: each chart's table against a month with known figures, the
filters (months and theme) on the programme's and a region's dashboard, and every export
equal to the page it came from."""

from __future__ import annotations

import csv
import io
import re

from flask import Flask

from service.application import ExpertBank
from tests.service.support import london
from tests.service.test_oversight import east_midlands_month
from tests.web.conftest import Browser
from tests.web.tables import link, table, tables
from tests.world import World


def rated_month(bank: ExpertBank, world: World) -> None:
    """``east_midlands_month``, and Derby rates its peer session 5 out of 5."""
    east_midlands_month(bank, world)
    [peer_session] = [
        b
        for b in bank.read_models.bookings.for_service(world.derby, when="all")
        if not b.engagement_id
    ]
    bank.sessions.give_feedback(world.derby_staff, peer_session.booking_id, rating=5)
    bank.read_models.sync()


def figures(page: str, title: str) -> list[list[str]]:
    return table(page, f"{title}: the figures")


def test_each_chart_of_the_programme_lists_its_figures_with_totals(
    app: Flask, world: World
) -> None:
    rated_month(world.bank, world)
    page = Browser(app.test_client(), world).sign_in("auditor").get("/staff/programme").text

    assert figures(page, "Requests by state")[1:] == [
        ["Submitted", "2"],
        ["Shortlisted", "1"],
        ["Approved", "0"],
        ["Declined", "0"],
        ["Matched", "1"],
        ["Completed", "0"],
        ["Closed", "0"],
        ["Withdrawn", "0"],
        ["Total", "4"],
    ]
    assert figures(page, "Requests by month and stage") == [
        ["Month submitted", "Waiting", "Matched", "Declined or withdrawn", "Total"],
        ["March 2027", "3", "1", "0", "4"],
        ["Total", "3", "1", "0", "4"],
    ]
    assert figures(page, "Requests by theme and stage")[1:] == [
        ["Advocacy and evidence: Evaluation", "1", "1", "0", "2"],
        ["Transformation: Communications and engagement", "1", "0", "0", "1"],
        ["Transformation: Partnerships", "1", "0", "0", "1"],
        ["Total", "3", "1", "0", "4"],
    ]
    assert figures(page, "Time from submission to match")[1:] == [
        ["Under 1 week", "1"],
        ["1 to 2 weeks", "0"],
        ["2 to 4 weeks", "0"],
        ["4 weeks or more", "0"],
        ["Total", "1"],
    ]
    assert figures(page, "Expert hours by region") == [  # every region, by name
        ["Region", "Expert hours allocated", "Expert hours booked", "Expert hours used"],
        ["East Midlands", "8", "0.75", "0"],
        ["London", "0", "0", "0"],
        ["West Midlands", "0", "0", "0"],
        ["Total", "8", "0.75", "0"],
    ]
    assert figures(page, "Sessions held and no-shows by theme") == [
        ["Theme", "Expert sessions held", "Peer sessions held", "No-shows (expert and peer)"],
        ["Advocacy and evidence: Evaluation", "0", "0", "1"],
        ["Transformation: Partnerships", "0", "1", "0"],
        ["Total", "0", "1", "1"],
    ]
    assert figures(page, "Peer hours given and received by library service")[1:] == [
        ["Derby", "0", "1"],
        ["Leicestershire", "1", "0"],
        ["Total", "1", "1"],
    ]
    assert figures(page, "Ratings")[1] == ["5 out of 5", "0", "1", "1"]
    assert figures(page, "Ratings")[-1] == ["Total", "0", "1", "1"]
    assert "1 session rated, on average 5.0 out of 5." in page
    assert "8 expert hours allocated, 0.75 booked and 0 used." in page


def test_hours_are_summed_in_minutes_and_rounded_once(app: Flask, world: World) -> None:
    """Three 45-minute sessions are 2.25 hours, not three times 0.75 rounded."""
    bank = world.bank
    engagement = world.engagement(world.derby_staff, world.evaluator, world.evaluation)
    window = world.window(world.evaluator)
    for week in range(3):
        bank.bookings.book(
            world.derby_staff,
            service_id=world.derby,
            provider_id=world.evaluator,
            window_id=window,
            start=london(2027, 3, 2 + 7 * week, 9),
            engagement_id=engagement,
        )
    bank.read_models.sync()
    page = Browser(app.test_client(), world).sign_in("manager").get("/staff/programme").text

    east_midlands = figures(page, "Expert hours by region")[1]
    assert east_midlands == ["East Midlands", "8", "2.25", "0"]


def test_the_theme_and_months_filter_every_chart(app: Flask, world: World) -> None:
    rated_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    evaluation = auditor.get(f"/staff/programme?theme_id={world.evaluation}").text
    april = auditor.get("/staff/programme?first_month=2027-04&last_month=2027-06").text

    assert figures(evaluation, "Requests by theme and stage")[1:] == [
        ["Advocacy and evidence: Evaluation", "1", "1", "0", "2"],
        ["Total", "1", "1", "0", "2"],
    ]
    assert figures(evaluation, "Peer hours given and received by library service") == [
        ["Library service", "Peer hours given", "Peer hours received"],
        ["Total", "0", "0"],
    ]
    assert figures(april, "Requests by state")[-1] == ["Total", "0"]
    assert figures(april, "Expert hours by region")[-1] == ["Total", "0", "0", "0"]
    assert 'value="2027-04"' in april


def test_a_regions_dashboard_charts_its_own_services(app: Flask, world: World) -> None:
    rated_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    page = auditor.get(f"/staff/regions/{world.east_midlands}").text

    assert figures(page, "Expert hours by library service")[1:] == [
        ["Derby", "8", "0.75", "0"],
        ["Leicestershire", "0", "0", "0"],
        ["Nottingham City", "0", "0", "0"],
        ["Total", "8", "0.75", "0"],
    ]
    assert figures(page, "Requests by state")[-1] == ["Total", "3"]  # not London's
    booked = re.search(r"Expert hours booked\s*</dt>\s*<dd[^>]*>\s*([^<\s]+)", page)
    assert booked and booked.group(1) == "0.75"  # the summary agrees with the chart


def test_every_export_equals_the_table_of_the_page_it_came_from(app: Flask, world: World) -> None:
    rated_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    pages = [
        f"/staff/programme?first_month=2027-03&last_month=2027-03&theme_id={world.evaluation}",
        "/staff/programme",
        f"/staff/regions/{world.east_midlands}?first_month=2027-01",
    ]
    compared = 0
    for path in pages:
        page = auditor.get(path).text
        shown = tables(page)
        downloads = re.findall(
            r'href="([^"]+\.csv[^"]*)">Download this table \(CSV\)'
            r'<span class="govuk-visually-hidden">: ([^<]+)</span>',
            page,
        )
        assert len(downloads) == 8, path
        for href, title in downloads:
            href = href.replace("&amp;", "&")
            for name, value in re.findall(r"[?&](\w+)=([^&]+)", path):
                assert f"{name}={value}" in href, (href, path)  # every filter kept
            exported = list(csv.reader(io.StringIO(auditor.get(href).text)))
            [caption] = [c for c in shown if c.lower() == f"{title}: the figures"]
            assert exported == shown[caption], href
            compared += 1
    assert compared == 24


def test_the_figures_csv_link_keeps_the_filters(app: Flask, world: World) -> None:
    rated_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    page = auditor.get(f"/staff/programme?first_month=2027-03&theme_id={world.partnerships}").text
    href = link(page, "Download the figures by theme, region and month (CSV)")
    rows = list(csv.DictReader(io.StringIO(auditor.get(href).text)))

    assert f"theme_id={world.partnerships}" in href and "first_month=2027-03" in href
    assert {r["theme"] for r in rows} == {"Transformation: Partnerships"}
    assert sum(int(r["peer sessions held"]) for r in rows) == 1


def test_bad_filters_are_named_at_their_field_and_no_figures_shown(
    app: Flask, world: World
) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")

    page = staff.get("/staff/programme?first_month=2027-05&last_month=2027-03").text
    export = staff.get("/staff/programme/ratings.csv?first_month=13")

    assert re.search(r'href="#last_month">\s*The last month is before the first', page)
    assert "Correct the filters to see the figures." in page
    assert export.mimetype == "text/html"
    assert re.search(r'href="#first_month">\s*From month must be a year and month', export.text)
    assert staff.get("/staff/programme/planets.csv").status_code == 404


def test_charts_are_drawn_on_the_server_with_no_inline_style_or_script(
    app: Flask, world: World
) -> None:
    rated_month(world.bank, world)
    page = Browser(app.test_client(), world).sign_in("auditor").get("/staff/programme").text

    main = page[page.index("<main") : page.index("</main>")]

    assert main.count('<svg class="app-chart__svg"') == 8
    assert "style=" not in main and "<style" not in main and "<script" not in main
    assert "http" not in "".join(re.findall(r"<svg.*?</svg>", main, re.S))
