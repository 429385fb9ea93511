"""Bad input is named next to its field, what was typed stays, and nothing is saved."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World

REQUEST = {
    "need": "Evaluate our offer",
    "outcomes": "Evidence",
    "hours_hoped": "8",
    "preferred_from": ["", "", ""],
    "preferred_to": ["", "", ""],
}
WINDOW = {
    "kind": "weekly",
    "weekday": "1",
    "start_time": "10:00",
    "end_time": "12:00",
    "first_date": ["1", "3", "2027"],
    "last_date": ["", "", ""],
    "day": ["", "", ""],
    "session_minutes": "45",
    "buffer_minutes": "15",
    "notice_hours": "0",
    "horizon_days": "56",
    "seats": "1",
    "mode": "online",
    "location": "https://meet.example.org/a",
}


def _summary(page: str) -> list[tuple[str, str]]:
    """(link target, message) of each item of the GOV.UK error summary."""
    return re.findall(
        r'<a href="#([\w-]+)">\s*([^<]+?)\s*</a>',
        page.split("govuk-error-summary__list")[1].split("</ul>")[0],
    )


def test_an_impossible_date_and_too_many_hours_are_named_and_nothing_is_saved(
    app: Flask, world: World
) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    data = {**REQUEST, "theme_id": str(world.evaluation)}
    before = world.bank.head_position()

    page = service.submit("/requests/new", {**data, "preferred_from": ["31", "2", "2027"]}).text
    assert _summary(page) == [("preferred_from-day", "Earliest date must be a real date")]
    assert 'value="31"' in page and "Evaluate our offer" in page

    page = service.submit("/requests/new", {**data, "hours_hoped": "10,000"}).text
    assert _summary(page) == [
        ("hours_hoped", "The hours hoped for must be between 0.5 and 100 hours")
    ]
    assert 'value="10,000"' in page

    page = service.submit(
        "/requests/new",
        {**data, "preferred_from": ["1", "6", "2027"], "preferred_to": ["1", "4", "2027"]},
    ).text
    assert _summary(page) == [
        ("preferred_to-day", "The latest preferred date must be on or after the earliest")
    ]
    assert world.bank.head_position() == before


def test_a_refused_request_saves_no_event(app: Flask, world: World) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    before = world.bank.head_position()

    page = service.submit("/requests/new", {**REQUEST, "hours_hoped": "ten"}).text

    assert (
        "hours_hoped",
        "The hours hoped for must be a number of hours, like 8 or 7.5",
    ) in _summary(page)
    assert ("theme_id", "Choose a theme") in _summary(page)
    assert world.bank.head_position() == before


def test_a_window_ending_before_it_starts_is_refused_next_to_the_end(
    app: Flask, world: World
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    theme = {"theme_ids": [str(world.evaluation)]}

    page = expert.submit(
        "/provider/availability/new",
        {**WINDOW, **theme, "end_time": "09:00", "publish": "Publish"},
    ).text

    assert _summary(page)[0][0] == "end_time"
    assert "room for at least one 45-minute session" in page
    assert 'value="09:00"' in page
    assert world.bank.read_models.windows.of_provider(world.evaluator) == []


def test_the_window_preview_lists_the_slots_in_london_time(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")

    page = expert.submit(
        "/provider/availability/new",
        {**WINDOW, "theme_ids": [str(world.evaluation)], "preview": "Preview the slots"},
    ).text

    assert "Tuesday 2 March 2027, 10:00 to 10:45" in page
    assert "Tuesday 23 March 2027, 11:00 to 11:45" in page
    assert "30 March" not in page  # four weeks ahead only


def test_a_window_starting_in_six_weeks_previews_its_first_slots(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    later = {**WINDOW, "first_date": ["12", "4", "2027"]}

    page = expert.submit(
        "/provider/availability/new",
        {**later, "theme_ids": [str(world.evaluation)], "preview": "Preview the slots"},
    ).text

    assert "Tuesday 13 April 2027, 10:00 to 10:45" in page
    assert "Tuesday 4 May 2027, 11:00 to 11:45" in page
    assert "11 May" not in page and "March" not in page.split("Preview")[-1]


def test_the_same_booking_form_sent_twice_books_once(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    form_page = (
        f"/book?window_id={scene['window']}&provider_id={world.evaluator}"
        "&start=2027-03-09T09:00:00%2B00:00"
    )
    form = service.get(form_page).text
    hidden = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', form))
    data = {**hidden, "engagement_id": str(scene["engagement"]), "cover": "x"}

    first = service.client.post("/book", data=data)
    second = service.client.post("/book", data=data)

    assert first.headers["Location"] == second.headers["Location"]
    sessions = world.bank.requests.engagement(world.manager, scene["engagement"])
    assert sessions.booked_minutes == 90  # the scene's session and this one, 45 minutes each


def test_time_off_names_the_sessions_it_does_not_cancel(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")

    done = expert.submit(
        "/provider/time-off/new",
        {"first_day": ["2", "3", "2027"], "last_day": ["2", "3", "2027"], "note": "Away"},
    )
    page = expert.get(done.headers["Location"]).text

    assert (
        "These sessions are still booked: Tuesday 2 March 2027, 09:00 to 09:45 with Worcestershire"
        in page
    )


def test_closing_an_engagement_with_a_session_to_come_is_refused_with_the_reason(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    staff = Browser(app.test_client(), world).sign_in("manager")
    path = f"/engagements/{scene['engagement']}"

    page = staff.submit(f"{path}/close", {"reason": "Budget ended"}).text

    assert "a session on 2 March 2027 is still to come; cancel it first" in page
    assert "Budget ended" in page
    assert world.bank.requests.engagement(world.manager, scene["engagement"]).state == "active"


def test_changing_a_window_names_the_sessions_it_no_longer_covers(
    app: Flask, world: World, scene: dict[str, Any]
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    path = f"/provider/availability/{scene['window']}/change"
    shown = expert.get(path).text
    assert 'value="09:00"' in shown and 'value="12:00"' in shown  # the window as it is

    done = expert.submit(
        path,
        {
            **WINDOW,
            "start_time": "13:00",
            "end_time": "15:00",
            "theme_ids": [str(world.evaluation)],
            "publish": "Publish",
        },
    )

    assert done.status_code == 302, done.text
    page = expert.get(done.headers["Location"]).text
    assert "Tuesday 2 March 2027, 09:00 to 09:45 with Worcestershire" in page
    assert "Tuesdays, 13:00 to 15:00" in page


def test_time_off_can_be_removed_again(app: Flask, world: World) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    expert.submit(
        "/provider/time-off/new", {"first_day": ["9", "3", "2027"], "last_day": ["9", "3", "2027"]}
    )
    page = expert.get("/provider/availability").text
    removal = re.search(r'action="(/provider/time-off/[0-9a-f-]{36}/remove)"', page)
    assert removal and re.search(r"\b9 March 2027\s*<button", page)  # one whole day

    expert.submit(removal.group(1), {}, form_page="/provider/availability")

    assert "No time off booked" in expert.get("/provider/availability").text


def test_a_search_with_its_dates_the_wrong_way_round_says_so_at_the_field(
    app: Flask, world: World
) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")

    page = service.get(
        "/availability?first_day=9&first_day=3&first_day=2027&last_day=2&last_day=3&last_day=2027"
    ).text

    assert re.search(
        r'href="#last_day-day">\s*The last day must be on or after the first day', page
    )
    assert 'value="9"' in page


def test_a_control_character_is_named_at_its_field_and_nothing_is_saved(
    app: Flask, world: World
) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    before = world.bank.head_position()

    need = {**REQUEST, "theme_id": str(world.evaluation), "need": "Evaluate\x00our offer"}
    page = service.submit("/requests/new", need).text
    assert _summary(page) == [
        ("need", "What you need help with contains a character that cannot be used here "
         "(U+0000): remove it and try again"),
    ]  # fmt: skip

    place = {**WINDOW, "theme_ids": [str(world.evaluation)], "mode": "in_person"}
    page = expert.submit(
        "/provider/availability/new",
        {**place, "location": "Room 1\rRoom 2", "publish": "Publish"},
    ).text
    assert _summary(page) == [("location", "The place must be on one line")]
    assert world.bank.head_position() == before


def test_a_text_area_keeps_its_lines(app: Flask, world: World) -> None:
    service = Browser(app.test_client(), world).sign_in("worcs_head")

    sent = service.submit(
        "/requests/new",
        {**REQUEST, "theme_id": str(world.evaluation), "need": "First line\r\n\tSecond line"},
    )

    assert sent.status_code == 302, sent.text
    world.bank.read_models.runner.catch_up()
    (request,) = world.bank.read_models.requests.for_service(world.worcestershire)
    assert request.need == "First line\n\tSecond line"


def test_a_one_off_time_in_the_hour_that_happens_twice_is_refused_not_guessed(
    app: Flask, world: World
) -> None:
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    autumn = {**WINDOW, "kind": "one_off", "day": ["31", "10", "2027"], "first_date": ["", "", ""]}
    before = world.bank.head_position()

    page = expert.submit(
        "/provider/availability/new",
        {**autumn, "theme_ids": [str(world.evaluation)], "start_time": "01:30",
         "end_time": "04:00", "publish": "Publish"},
    ).text  # fmt: skip

    assert _summary(page) == [
        ("start_time", "01:30 happens twice in the UK on that day (the clocks go back at 02:00): "
         "choose a time before 01:00 or from 02:00"),
    ]  # fmt: skip
    assert world.bank.head_position() == before
