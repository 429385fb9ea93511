"""The calendar feed: stable bytes and ETag, cancellations marked, revocable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from domain.errors import PermissionDenied
from service.application import ExpertBank
from tests.mail.sessions import Sessions, london
from tests.world import World
from web import create_app


def test_the_feed_gives_the_same_bytes_and_etag_until_a_session_changes(
    bank: ExpertBank, world: World
) -> None:
    sessions = Sessions(world)
    kept = sessions.book(london(2027, 3, 9, 10))
    dropped = sessions.book(london(2027, 3, 10, 10))
    bank.read_models.runner.catch_up()
    link = bank.calendars.issue(world.worcs_head, world.worcs_head)
    client = create_app(bank).test_client()
    path = f"/calendar/{link.token}.ics"

    first, second = client.get(path), client.get(path)
    assert first.status_code == 200
    assert first.mimetype == "text/calendar"
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert not first.headers["ETag"].startswith("W/")
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    sessions.cancel(dropped)
    bank.read_models.runner.catch_up()
    third = client.get(path)
    assert third.headers["ETag"] != first.headers["ETag"]
    calendar = Calendar.from_ical(third.data)
    assert str(calendar["X-WR-CALNAME"]) == "Expert Bank sessions"
    assert calendar.refresh_interval is not None
    assert b"X-PUBLISHED-TTL:PT1H" in third.data
    status = {e.uid: (str(e["STATUS"]), e["SEQUENCE"], e.start) for e in calendar.events}
    assert status == {
        str(kept): ("CONFIRMED", 0, datetime(2027, 3, 9, 10, tzinfo=UTC)),
        str(dropped): ("CANCELLED", 1, datetime(2027, 3, 10, 10, tzinfo=UTC)),
    }
    assert calendar.get("UID") is None  # no random calendar UID
    assert all(
        "What the service wants to cover: Show impact to councillors" in e["DESCRIPTION"]
        for e in calendar.events
    )


def test_a_revoked_or_replaced_feed_address_gets_404(bank: ExpertBank, world: World) -> None:
    Sessions(world).book(london(2027, 3, 9, 10))
    client = create_app(bank).test_client()
    old = bank.calendars.issue(world.evaluator, world.evaluator)
    new = bank.calendars.issue(world.manager, world.evaluator)  # staff may reissue it

    assert client.get(f"/calendar/{old.token}.ics").status_code == 404
    assert client.get(f"/calendar/{new.token}.ics").status_code == 200
    assert bank.calendars.revoke(world.evaluator, world.evaluator) == 1
    assert client.get(f"/calendar/{new.token}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_only_the_person_or_programme_staff_can_issue_a_feed(
    bank: ExpertBank, world: World
) -> None:
    with pytest.raises(PermissionDenied, match="programme staff"):
        bank.calendars.issue(world.worcs_head, world.evaluator)
