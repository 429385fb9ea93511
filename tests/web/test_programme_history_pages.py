"""The whole programme's history: every event, a page at a time, newest or oldest first,
filtered by kind of event and by dates, each entry linking to the records it names."""

from __future__ import annotations

import re

from flask import Flask

from tests.service.test_oversight import east_midlands_month
from tests.web.conftest import Browser
from tests.web.tables import table
from tests.world import World

CAPTION = "Events, {} first"


def events(page: str, order: str = "newest") -> list[list[str]]:
    return table(page, CAPTION.format(order))[1:]


def test_every_event_is_read_a_page_at_a_time_newest_or_oldest_first(
    app: Flask, world: World
) -> None:
    for n in range(12):  # more events than a page holds
        world.bank.registry.add_theme(world.manager, code=f"theme-{n}", name=f"Theme {n}")
    east_midlands_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")
    total = len(world.bank.read_models.history.programme(limit=10_000).entries)

    first = auditor.get("/history/programme").text
    more = re.search(r'href="([^"]+)">Next 50 events', first)
    assert more, first
    second = auditor.get(more.group(1).replace("&amp;", "&")).text
    pages = [first, second]
    while found := re.search(r'href="([^"]+)">Next 50 events', pages[-1]):
        pages.append(auditor.get(found.group(1).replace("&amp;", "&")).text)
    newest = [row for page in pages for row in events(page)]
    oldest = events(auditor.get("/history/programme?order=oldest").text, "oldest")

    assert total > 50 and len(newest) == total  # every event once, none twice
    assert newest[0][2] == "Manager shortlisted Derby's request on Transformation: Partnerships"
    assert newest[-1][:3] == oldest[0][:3]


def test_the_history_filters_by_kind_and_dates_and_links_to_each_record(
    app: Flask, world: World
) -> None:
    east_midlands_month(world.bank, world)
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    requests = auditor.get("/history/programme?kind=requests").text
    from_march_2 = events(
        auditor.get(
            "/history/programme?kind=bookings&since=2&since=3&since=2027&until=2&until=3&until=2027"
        ).text
    )

    said = [row[2] for row in events(requests)]
    assert sum("asked for help" in sentence for sentence in said) == 4, said
    assert not [sentence for sentence in said if "session" in sentence or "theme" in sentence]
    assert [row[2].split(" ")[-1] for row in from_march_2] == ["no-show", "held"]
    assert f'href="/history?subject={world.derby}">Service' in requests
    assert re.search(r'href="/history\?subject=[0-9a-f-]{36}">Request', requests)


def test_bad_filters_are_named_and_nothing_is_shown(app: Flask, world: World) -> None:
    auditor = Browser(app.test_client(), world).sign_in("auditor")

    planets = auditor.get("/history/programme?kind=planets").text
    february_31 = auditor.get("/history/programme?since=31&since=2&since=2027").text

    assert "Correct the filters to see the history." in planets
    assert '<a href="#kind">Choose a kind of event from the list</a>' in planets
    assert '<a href="#since-day">From must be a real date</a>' in february_31
    assert (
        Browser(app.test_client(), world)
        .sign_in("worcs_head")
        .get("/history/programme")
        .status_code
        == 403
    )
