"""Bank holidays on the provider's pages: the availability page lists the coming ones of
their nation and whether they are offered, the profile changes the nation and whether
they work them, and a window's preview marks the slots a bank holiday takes away."""

from __future__ import annotations

import html
import re

from flask import Flask

from tests.web.conftest import Browser
from tests.web.test_forms import WINDOW
from tests.world import World


def _rows(page: str) -> list[str]:
    section = page.split('id="bank-holidays"')[1]
    return [
        html.unescape(" ".join(re.sub(r"<[^>]+>", " ", row).split()))
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", section, re.S)[1:]
    ]


def test_the_availability_page_lists_the_coming_bank_holidays(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")

    page = expert.get("/provider/availability").text

    assert "You follow the bank holidays of England and Wales: nobody can book you" in page
    assert _rows(page) == [
        "Friday 26 March 2027 Good Friday Not offered",
        "Monday 29 March 2027 Easter Monday Not offered",
    ]


def test_a_provider_changes_their_nation_and_works_bank_holidays(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    profile = {"theme_ids": [str(world.evaluation)], "nation": "scotland"}

    assert expert.submit("/provider/profile", profile).status_code == 302
    page = expert.get("/provider/availability").text
    assert "the bank holidays of Scotland" in page
    assert _rows(page) == ["Friday 26 March 2027 Good Friday Not offered"]

    works = {**profile, "nation": "northern_ireland", "works_bank_holidays": "y"}
    assert expert.submit("/provider/profile", works).status_code == 302
    page = expert.get("/provider/availability").text
    assert "Northern Ireland and take sessions on them" in page
    assert _rows(page)[0] == "Wednesday 17 March 2027 Saint Patrick's Day You work it"


def test_a_nation_not_offered_is_named_next_to_its_field(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")

    page = expert.submit(
        "/provider/profile", {"theme_ids": [str(world.evaluation)], "nation": "wales"}
    )

    assert page.status_code == 200
    assert "Not a valid choice" in page.text


def test_the_preview_marks_slots_on_a_bank_holiday(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    mondays = {**WINDOW, "weekday": "0", "first_date": ["22", "3", "2027"]}

    page = expert.submit(
        "/provider/availability/new",
        {**mondays, "theme_ids": [str(world.evaluation)], "preview": "Preview the slots"},
    ).text

    preview = " ".join(re.sub(r"<[^>]+>", " ", page.split("Slots in the next 4 weeks")[1]).split())
    assert "Monday 22 March 2027, 10:00 to 10:45 Monday 22 March 2027, 11:00" in preview
    assert (
        "Monday 29 March 2027, 10:00 to 10:45 Not offered Easter Monday, a bank holiday" in preview
    )


def test_staff_read_whose_bank_holidays_a_provider_follows(app: Flask, world: World) -> None:
    world.bank.people.set_bank_holidays(
        world.evaluator, world.evaluator, nation="scotland", works_bank_holidays=True
    )
    staff = Browser(app.test_client(), world).sign_in("manager")

    page = staff.get(f"/staff/people/{world.evaluator}").text
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())

    assert "Bank holidays Scotland: takes sessions on them" in text
    assert "Bank holidays" not in staff.get(f"/staff/people/{world.worcs_head}").text
