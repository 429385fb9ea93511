"""The CalDAV path against a real server (Radicale): events written by a standard CalDAV
client (``caldav``, as Apple Calendar or Thunderbird would) block the provider's time; an
unchanged collection (same tag) is not fetched again; a wrong app password is named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import caldav
import pytest

from domain.errors import InvalidInput
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from tests.calendars.ics import calendar
from tests.calendars.radicale_server import Radicale, radicale
from tests.calendars.server import CalendarServer
from tests.calendars.support import TUESDAY, Diary, diary, london, meeting
from tests.service.support import nothing_recorded
from tests.world import World


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[Radicale]:
    with radicale(tmp_path / "radicale") as server:
        yield server


@pytest.fixture
def work(dav: Radicale) -> caldav.Calendar:
    client = caldav.DAVClient(url=dav.url, username=dav.user, password=dav.password)
    return client.principal().make_calendar(name="Work")


def _connect(bank: ExpertBank, sarah: Diary, dav: Radicale, url: str, password: str) -> UUID:
    return bank.own_calendars.connect(
        sarah.expert,
        sarah.expert,
        kind="caldav",
        label="Apple calendar",
        address=url,
        username=dav.user,
        password=password,
    )


def test_a_caldav_calendar_blocks_busy_time_and_is_read_again_only_when_changed(
    bank: ExpertBank,
    clock: ManualClock,
    world: World,
    calendar_server: CalendarServer,
    dav: Radicale,
    work: caldav.Calendar,
) -> None:
    sarah = diary(bank, world, calendar_server)
    work.save_event(calendar(meeting("dav-1", london(2027, 3, 2, 10), london(2027, 3, 2, 11))))
    connection = _connect(bank, sarah, dav, str(work.url), dav.password)
    assert sarah.free_on(TUESDAY) == [london(2027, 3, 2, 9)]

    feed = sarah.views.own_calendars.of_provider(sarah.expert)[0].feed
    assert feed is not None and feed.validators.get("tag")
    clock.advance(timedelta(minutes=20))
    assert bank.own_calendars.refresh_now(sarah.expert, connection).read
    again = sarah.views.own_calendars.of_provider(sarah.expert)[0].feed
    assert again is not None and again.validators == feed.validators, "unchanged: not parsed"

    work.save_event(calendar(meeting("dav-2", london(2027, 3, 2, 9), london(2027, 3, 2, 9, 30))))
    assert bank.own_calendars.refresh_now(sarah.expert, connection).busy_count == 2
    assert sarah.free_on(TUESDAY) == []


def test_a_wrong_app_password_is_named(
    bank: ExpertBank,
    world: World,
    calendar_server: CalendarServer,
    dav: Radicale,
    work: caldav.Calendar,
) -> None:
    sarah = diary(bank, world, calendar_server)
    with nothing_recorded(bank, InvalidInput, "refused the user name or app password", "password"):
        _connect(bank, sarah, dav, str(work.url), "not-the-password")


def test_an_account_address_rather_than_a_calendar_is_named(
    bank: ExpertBank,
    world: World,
    calendar_server: CalendarServer,
    dav: Radicale,
    work: caldav.Calendar,
) -> None:
    sarah = diary(bank, world, calendar_server)
    with nothing_recorded(bank, InvalidInput, "not a CalDAV calendar", "address"):
        _connect(bank, sarah, dav, f"{dav.url}{dav.user}/", dav.password)
