"""Time off on the provider's pages: part of a day, from a time on the first day until a
time on the last; the sessions it does not cancel are named, the availability page shows
the times, and times that make no sense are named next to their field."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World

TUESDAY = ["2", "3", "2027"]


def _time_off(page: str) -> str:
    section = page.split("Time off</h2>")[1].split("</ul>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_a_morning_off_names_the_session_in_it_and_shows_its_times(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")

    done = expert.submit(
        "/provider/time-off/new",
        {"first_day": TUESDAY, "from_time": "08:30", "last_day": TUESDAY, "until_time": "09:30"},
    )
    page = expert.get(done.headers["Location"]).text

    assert (
        "These sessions are still booked: Tuesday 2 March 2027, 09:00 to 09:45 with Worcestershire"
        in page
    )
    assert _time_off(page).startswith("2 March 2027, 08:30 to 09:30 Remove")


def test_an_afternoon_off_keeps_the_morning_session_out_of_it(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")

    done = expert.submit(
        "/provider/time-off/new",
        {"first_day": TUESDAY, "from_time": "13:00", "last_day": TUESDAY, "until_time": ""},
    )
    page = expert.get(done.headers["Location"]).text

    assert "Your time off is added." in page and "still booked" not in page
    assert _time_off(page).startswith("2 March 2027, from 13:00 Remove")


def test_times_that_make_no_time_off_are_named_next_to_their_fields(
    app: Flask, world: World
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")

    page = expert.submit(
        "/provider/time-off/new",
        {"first_day": TUESDAY, "from_time": "2pm", "last_day": TUESDAY, "until_time": "25:00"},
    ).text
    assert "Enter the time your time off starts on the 24-hour clock" in page
    assert "Enter the time your time off ends on the 24-hour clock" in page
    assert 'value="2pm"' in page

    page = expert.submit(
        "/provider/time-off/new",
        {"first_day": TUESDAY, "from_time": "15:00", "last_day": TUESDAY, "until_time": "14:00"},
    ).text
    assert re.search(r'href="#until_time"[^>]*>The time off must end after it starts', page)
    assert world.bank.read_models.windows.time_off(world.evaluator) == []
