"""The availability page's section for a provider's own calendars, and the clash notice on
their home page, through HTTP as a browser sends it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from service.application import ExpertBank
from tests.calendars.server import CalendarServer
from tests.calendars.support import Diary, busy_at, diary, london
from tests.web.conftest import Browser
from tests.world import World
from web import create_app

MEETING = (london(2027, 3, 2, 10), london(2027, 3, 2, 11))


@pytest.fixture
def app(bank: ExpertBank, world: World) -> Iterator[Flask]:
    yield create_app(bank, {"SERVER_NAME": "expertbank.test"})


@pytest.fixture
def sarah(bank: ExpertBank, world: World, calendar_server: CalendarServer) -> Diary:
    return diary(bank, world, calendar_server)


@pytest.fixture
def web(app: Flask, world: World) -> Browser:
    """The expert's browser, signed in."""
    return Browser(app.test_client(), world).sign_in("evaluator")


def test_connecting_from_the_availability_page(web: Browser, sarah: Diary) -> None:
    page = web.get("/provider/availability")
    assert "Your own calendars" in page.text and "No calendar connected" in page.text
    sarah.serve(busy_at(MEETING))
    refused = web.submit(
        "/provider/calendars/new",
        {"kind": "ical", "label": "Work", "address": sarah.server.url("/nowhere.ics")},
    )
    assert refused.status_code == 200
    assert (
        "That calendar could not be read" in refused.text and 'id="address-error"' in refused.text
    )
    done = web.submit(
        "/provider/calendars/new", {"kind": "ical", "label": "Work", "address": sarah.address}
    )
    assert done.status_code == 302
    page = web.get("/provider/availability")
    assert "Work" in page.text and "Up to date" in page.text and "1 in the coming year" in page.text
    assert sarah.path not in page.text, "the secret address is never shown again"


def test_refresh_now_failure_and_disconnect(web: Browser, sarah: Diary) -> None:
    sarah.serve(busy_at(MEETING))
    connection = sarah.connect()
    refreshed = web.submit(
        f"/provider/calendars/{connection}/refresh", {}, form_page="/provider/availability"
    )
    assert refreshed.status_code == 302
    assert "read just now: 1 busy time ahead" in web.get("/provider/availability").text
    sarah.serve(b"", status=500)
    for _ in range(3):
        web.submit(
            f"/provider/calendars/{connection}/refresh", {}, form_page="/provider/availability"
        )
    page = web.get("/provider/availability").text
    assert "Cannot be read" in page and "had an error (500)" in page and "still count until" in page
    web.submit(
        f"/provider/calendars/{connection}/disconnect", {}, form_page="/provider/availability"
    )
    assert "No calendar connected" in web.get("/provider/availability").text


def test_nobody_else_opens_a_providers_calendar(app: Flask, world: World, sarah: Diary) -> None:
    sarah.serve(busy_at(MEETING))
    connection = sarah.connect()
    other = Browser(app.test_client(), world).sign_in("communicator")
    assert other.get(f"/provider/calendars/{connection}/change").status_code == 404
    service = Browser(app.test_client(), world).sign_in("worcs_head")
    assert service.get("/provider/calendars/new").status_code == 403


def test_a_clash_is_on_the_home_page_until_kept(web: Browser, sarah: Diary) -> None:
    sarah.serve(busy_at())
    connection = sarah.connect()
    sarah.book(london(2027, 3, 2, 10))
    sarah.serve(busy_at(MEETING))
    sarah.bank.own_calendars.refresh_now(sarah.expert, connection)
    home = web.get("/").text
    assert "1 session clashes with your own calendar" in home
    assert "Tuesday 2 March 2027, 10:00 to 10:45 with Worcestershire" in home
    clash = sarah.views.own_calendars.clashes_of(sarah.expert, sarah.bank.clock.now())[0]
    kept = web.submit(f"/provider/clashes/{clash.clash_id}/keep", {}, form_page="/")
    assert kept.status_code == 302
    assert "clashes with your own calendar" not in web.get("/").text


def test_the_demo_calendar_is_served_only_from_its_folder(
    app: Flask, web: Browser, bank: ExpertBank
) -> None:
    """Served without signing in (the worker that reads it cannot sign in); nothing else of
    the data folder is, signed in or not."""
    folder = bank.settings.data_dir / "demo-calendars"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quinn.ics").write_bytes(busy_at(MEETING))
    with app.test_client().get("/demo/calendars/quinn.ics") as served:
        assert served.status_code == 200
        assert served.data.startswith(b"BEGIN:VCALENDAR")
    assert web.get("/demo/calendars/..%2Fexpertbank.ics").status_code == 404
    assert web.get("/demo/calendars/nobody.ics").status_code == 404
    assert app.test_client().get("/demo/calendars/nobody.ics").status_code == 404
