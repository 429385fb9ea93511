"""The demo's own calendars: Sarah's Outlook calendar blocks her Tuesday afternoons (her
weekly client meeting), and Ruth's Google calendar clashes with a peer session booked
before it, waiting on her home page. Served by the app itself from the data folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from domain.time import LONDON, TimeRange, london_day
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.demo import Outcome, member, seed
from service.demo.timeline import TUE, WED, Calendar
from tests.calendars.conftest import KEY

NOW = datetime(2027, 5, 10, 8, 30, tzinfo=UTC)  # a Monday morning


def test_the_demo_connects_two_calendars_that_block_time_and_clash(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        extra={"EXPERTBANK_CALENDAR_ALLOW_PRIVATE": "true", "EXPERTBANK_CALENDAR_KEY": KEY},
    )
    assert seed(lambda clock: bootstrap(settings, clock), NOW).outcome == Outcome.SEEDED
    bank = bootstrap(settings, ManualClock(NOW))
    try:
        views = bank.read_models
        views.sync()
        sarah = bank.people.find_by_email(member("sarah").email)
        ruth = bank.people.find_by_email(member("ruth").email)
        assert sarah is not None and ruth is not None
        assert [c.label for c in views.own_calendars.of_provider(sarah)] == ["Work (Outlook)"]
        calendar = Calendar(NOW)
        tuesday = calendar.day(2, TUE)
        starts = [
            f"{s.start.astimezone(LONDON):%H:%M}"
            for s in views.availability.search(
                provider_id=sarah, first_day=tuesday, last_day=tuesday
            ).slots
        ]
        assert starts and all(start < "13:30" for start in starts), starts
        moved = calendar.day(1, WED)
        assert views.busy.of_provider(sarah, london_day(moved), NOW) == [
            TimeRange(calendar.at(1, WED, "10:00"), calendar.at(1, WED, "12:00"))
        ], "the week's meeting moved to the Wednesday"
        clashes = views.own_calendars.clashes_of(ruth, NOW)
        assert len(clashes) == 1 and clashes[0].start == calendar.at(2, TUE, "10:00")
        assert (settings.data_dir / "demo-calendars" / "sarah-quinn.ics").is_file()
    finally:
        bank.close()
