"""Pages drawn from the read models: free times a page at a time, the resource library by
theme, and the times a session can move to, for each side."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from urllib.parse import unquote

from flask import Flask

from tests.web.conftest import Browser
from tests.world import World


def _starts(page: str) -> list[str]:
    """The start of each free time offered, in page order."""
    return [unquote(found) for found in re.findall(r"start=([^&\"]+)", page)]


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]+)" rel="{rel}"', page)
    return html.unescape(found.group(1)) if found else None


def test_free_times_come_a_page_at_a_time_each_once_in_order(app: Flask, world: World) -> None:
    world.engagement(world.worcs_head, world.evaluator, world.evaluation)  # experts it can book
    for weekday in range(5):  # 16 half-hour sessions each weekday
        world.window(
            world.evaluator, weekday=weekday, end_time="17:00", session_minutes=30, buffer_minutes=0
        )
    service = Browser(app.test_client(), world).sign_in("worcs_head")

    first = service.get("/availability?mode=online").text
    assert _link(first, "prev") is None
    pages, path = [first], _link(first, "next")
    while path is not None:
        assert "mode=online" in path and "after=" in path
        pages.append(service.get(path).text)
        path = _link(pages[-1], "next")

    starts = [start for page in pages for start in _starts(page)]
    assert [len(_starts(page)) for page in pages[:-1]] == [60] * (len(pages) - 1)
    # Four weeks of weekdays from Monday 09:00, less the slot starting at that moment and
    # Good Friday (26 March 2027, a bank holiday the expert does not work).
    assert len(starts) == 19 * 16 - 1
    assert not [start for start in starts if start.startswith("2027-03-26")]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    earliest = _link(pages[-1], "prev")
    assert earliest is not None and "after=" not in earliest
    assert _starts(service.get(earliest).text) == _starts(first)

    damaged = service.get("/availability?after=page-two")
    assert damaged.status_code == 200
    assert "That page link is not valid: search again" in damaged.text


def test_the_library_shows_resources_by_theme_retired_themes_included(
    app: Flask, world: World
) -> None:
    for title, theme in [("Evaluation toolkit", world.evaluation), ("Press kit", world.comms)]:
        world.bank.sessions.publish_resource(
            world.manager,
            title=title,
            summary="For every service",
            theme_id=theme,
            link="https://example.org/kit",
            licence="CC BY 4.0",
        )
    world.bank.registry.retire_theme(world.manager, world.comms)
    reader = Browser(app.test_client(), world).sign_in("haringey_head")

    every = reader.get("/resources").text
    by_theme = reader.get(f"/resources?theme_id={world.comms}").text
    none = reader.get(f"/resources?theme_id={world.partnerships}").text

    assert "Evaluation toolkit" in every and "Press kit" in every
    assert "Press kit" in by_theme and "Evaluation toolkit" not in by_theme
    assert (
        f'value="{world.comms}" selected>Transformation: Communications and engagement (retired)<'
        in by_theme
    )
    assert "No resources published on this theme yet." in none


def test_a_provider_may_move_their_session_inside_the_notice_a_service_is_held_to(
    app: Flask, world: World
) -> None:
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    window = world.window(world.evaluator, notice_minutes=48 * 60)  # Tuesdays, 2 days' notice
    booking = world.bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=window,
        start=datetime(2027, 3, 9, 10, tzinfo=UTC),
        engagement_id=engagement,
    )
    tomorrow = "Tuesday 2 March 2027, 09:00 to 09:45"  # within the notice
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    expert = Browser(app.test_client(), world).sign_in("evaluator")
    path = f"/bookings/{booking}/move"

    assert tomorrow not in service.get(path).text
    assert tomorrow in expert.get(path).text
    moved = expert.submit(path, {"slot": f"{window}|2027-03-02T09:00:00+00:00", "reason": ""})

    assert moved.status_code == 302, moved.text
    assert world.bank.bookings.booking(world.evaluator, booking).start == datetime(
        2027, 3, 2, 9, tzinfo=UTC
    )
