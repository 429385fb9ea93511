"""Scenario 7 through the service: a provider's own calendar blocks their free time in
search and booking; readings are conditional; failure is told once and recovers; a session
that a later reading makes clash is kept and the provider told; our own sessions read back
are not counted twice; secrets and other people's data are stored nowhere."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import InvalidInput, PermissionDenied, SlotTaken
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from tests.calendars.ics import event
from tests.calendars.server import CalendarServer
from tests.calendars.support import TUESDAY, Diary, busy_at, diary, london
from tests.service.support import nothing_recorded
from tests.world import World

MEETING = (london(2027, 3, 2, 10), london(2027, 3, 2, 11))


@pytest.fixture
def sarah(bank: ExpertBank, world: World, calendar_server: CalendarServer) -> Diary:
    return diary(bank, world, calendar_server)


def test_busy_time_blocks_search_and_booking(bank: ExpertBank, sarah: Diary) -> None:
    assert sarah.free_on(TUESDAY) == [london(2027, 3, 2, h) for h in (9, 10, 11)]
    sarah.serve(busy_at(MEETING))
    sarah.connect()
    # 10:00 is busy; 11:00 comes within the window's 15-minute buffer of it.
    assert sarah.free_on(TUESDAY) == [london(2027, 3, 2, 9)]
    with nothing_recorded(bank, SlotTaken, "the provider is busy then", "start") as refusal:
        sarah.book(london(2027, 3, 2, 10))
    assert refusal.value.next_free == [london(2027, 3, 9, h) for h in (9, 10, 11)]  # type: ignore[attr-defined]
    sarah.book(london(2027, 3, 2, 9))


def test_a_time_that_became_busy_after_the_search_is_refused(
    bank: ExpertBank, sarah: Diary
) -> None:
    sarah.serve(busy_at(), etag='"1"')
    connection = sarah.connect()
    assert london(2027, 3, 2, 10) in sarah.free_on(TUESDAY)
    sarah.serve(busy_at(MEETING), etag='"2"')
    assert bank.own_calendars.refresh_now(sarah.expert, connection).busy_count == 1
    with nothing_recorded(bank, SlotTaken, "busy then"):
        sarah.book(london(2027, 3, 2, 10))


def test_readings_ask_whether_the_calendar_changed_and_record_no_events(
    bank: ExpertBank, sarah: Diary, clock: ManualClock
) -> None:
    sarah.serve(busy_at(MEETING), etag='"1"')
    connection = sarah.connect()
    head = bank.head_position()
    for _ in range(3):
        clock.advance(timedelta(minutes=15))
        assert bank.own_calendars.refresh_due() == 1
    assert [s.headers.get("if-none-match") for s in sarah.server.seen] == [
        None,
        '"1"',
        '"1"',
        '"1"',
    ]
    assert bank.head_position() == head, "readings are not events"
    assert bank.own_calendars.refresh_due() == 0, "not due again before 15 minutes"
    feed = sarah.views.own_calendars.of_provider(sarah.expert)[0].feed
    assert feed is not None and feed.busy_count == 1 and feed.read_at == clock.now()
    assert connection == sarah.views.own_calendars.of_provider(sarah.expert)[0].connection_id


def test_a_failing_calendar_is_told_once_keeps_its_busy_times_for_a_while_and_recovers(
    bank: ExpertBank, sarah: Diary, clock: ManualClock
) -> None:
    sarah.serve(busy_at(MEETING))
    connection = sarah.connect()
    sarah.serve(b"down", status=500)
    first_failure = clock.now()
    for _ in range(5):
        outcome = bank.own_calendars.refresh_now(sarah.expert, connection)
        assert not outcome.read and "had an error (500)" in outcome.failure
        clock.advance(timedelta(minutes=10))
    entry = sarah.views.own_calendars.of_provider(sarah.expert)[0]
    assert entry.failing_since == first_failure and "(500)" in entry.failure
    assert sarah.mail("calendar_failing") == ["Expert Bank cannot read your calendar"]
    assert sarah.free_on(TUESDAY) == [london(2027, 3, 2, 9)], "last busy times still count"

    clock.advance(timedelta(hours=72))
    assert sarah.free_on(TUESDAY) == [], "Tuesday 2 March is past now"
    assert len(sarah.free_on(london(2027, 3, 9).date())) == 3
    sarah.serve(busy_at((london(2027, 3, 9, 10), london(2027, 3, 9, 11))))
    assert bank.own_calendars.refresh_now(sarah.expert, connection).read
    assert sarah.views.own_calendars.of_provider(sarah.expert)[0].failing_since is None
    assert sarah.free_on(london(2027, 3, 9).date()) == [london(2027, 3, 9, 9)]
    assert len(sarah.mail("calendar_failing")) == 1, "told once"


def test_stale_busy_times_stop_counting_after_the_setting(
    bank: ExpertBank, sarah: Diary, clock: ManualClock
) -> None:
    week_on = (london(2027, 3, 9, 10), london(2027, 3, 9, 11))
    sarah.serve(busy_at(week_on))
    connection = sarah.connect()
    sarah.serve(b"", status=503)
    bank.own_calendars.refresh_now(sarah.expert, connection)
    clock.advance(timedelta(hours=71))
    assert sarah.free_on(week_on[0].date()) == [london(2027, 3, 9, 9)]
    clock.advance(timedelta(hours=2))
    assert len(sarah.free_on(week_on[0].date())) == 3, "72 hours after the failure began"


def test_a_session_a_later_reading_clashes_with_is_kept_and_the_provider_told(
    bank: ExpertBank, sarah: Diary, world: World
) -> None:
    sarah.serve(busy_at())
    connection = sarah.connect()
    booking = sarah.book(london(2027, 3, 2, 10))
    sarah.serve(busy_at(MEETING))
    bank.own_calendars.refresh_now(sarah.expert, connection)
    assert bank.bookings.booking(sarah.expert, booking).status == "confirmed", "never dropped"
    clashes = sarah.views.own_calendars.clashes_of(sarah.expert, bank.clock.now())
    assert [(c.booking_id, c.start) for c in clashes] == [(booking, MEETING[0])]
    subjects = sarah.mail("session_clash")
    assert len(subjects) == 1 and "clashes with your own calendar" in subjects[0]
    bank.own_calendars.refresh_now(sarah.expert, connection)
    assert len(sarah.mail("session_clash")) == 1, "told once"

    with pytest.raises(PermissionDenied):
        bank.own_calendars.keep_clash(world.communicator, clashes[0].clash_id)
    bank.own_calendars.keep_clash(sarah.expert, clashes[0].clash_id)
    assert sarah.views.own_calendars.clashes_of(sarah.expert, bank.clock.now()) == []


def test_a_clashing_session_moved_to_a_free_time_clashes_no_more(
    bank: ExpertBank, sarah: Diary
) -> None:
    sarah.serve(busy_at())
    connection = sarah.connect()
    booking = sarah.book(london(2027, 3, 2, 10))
    sarah.serve(busy_at(MEETING))
    bank.own_calendars.refresh_now(sarah.expert, connection)
    with pytest.raises(SlotTaken, match="busy then"):
        bank.bookings.reschedule(
            sarah.expert, booking, window_id=sarah.window, start=london(2027, 3, 2, 11)
        )
    bank.bookings.reschedule(
        sarah.expert, booking, window_id=sarah.window, start=london(2027, 3, 9, 10)
    )
    assert sarah.views.own_calendars.clashes_of(sarah.expert, bank.clock.now()) == []


def test_our_own_sessions_read_back_from_the_calendar_are_not_counted_twice(
    bank: ExpertBank, sarah: Diary
) -> None:
    sarah.serve(busy_at())
    connection = sarah.connect()
    booking = sarah.book(london(2027, 3, 2, 10))
    invitation = event(str(booking), "DTSTART:20270302T100000Z", "DTEND:20270302T104500Z")
    sarah.serve(busy_at(extra=(invitation,)))
    assert bank.own_calendars.refresh_now(sarah.expert, connection).busy_count == 0
    assert sarah.views.own_calendars.clashes_of(sarah.expert, bank.clock.now()) == []


def test_disconnecting_stops_the_blocking(bank: ExpertBank, sarah: Diary) -> None:
    sarah.serve(busy_at(MEETING))
    connection = sarah.connect()
    bank.own_calendars.disconnect(sarah.expert, connection)
    assert sarah.free_on(TUESDAY) == [london(2027, 3, 2, h) for h in (9, 10, 11)]
    assert sarah.views.own_calendars.of_provider(sarah.expert) == []
    assert bank.own_calendars.refresh_due() == 0


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"label": ""}, "enter a name for the calendar", "label"),
        ({"kind": "outlook"}, "choose a private calendar address or a CalDAV", "kind"),
        ({"address": "ftp://x.example.org/a"}, "must start https://", "address"),
        (
            {"address": "/missing.ics"},
            "could not be read: .*no calendar at that address",
            "address",
        ),
        ({"kind": "caldav", "username": "sarah"}, "enter the app password", "password"),
    ],
)
def test_a_calendar_that_cannot_be_connected_says_why_and_keeps_nothing(
    bank: ExpertBank, sarah: Diary, changes: dict[str, str], message: str, field: str
) -> None:
    sarah.serve(busy_at(MEETING))
    arguments = {"kind": "ical", "label": "Work", "address": sarah.address, **changes}
    if arguments["address"].startswith("/"):
        arguments["address"] = sarah.server.url(arguments["address"])
    with nothing_recorded(bank, InvalidInput, message, field):
        bank.own_calendars.connect(sarah.expert, sarah.expert, **arguments)
    assert sarah.views.own_calendars.of_provider(sarah.expert) == []


def test_only_providers_connect_their_own_calendars(
    bank: ExpertBank, sarah: Diary, world: World
) -> None:
    sarah.serve(busy_at(MEETING))
    with pytest.raises(PermissionDenied):
        bank.own_calendars.connect(
            world.communicator, sarah.expert, kind="ical", label="x", address=sarah.address
        )
    with pytest.raises(PermissionDenied):
        bank.own_calendars.connect(
            world.worcs_head, world.worcs_head, kind="ical", label="x", address=sarah.address
        )
    connection = sarah.connect()
    with pytest.raises(PermissionDenied):
        bank.own_calendars.disconnect(world.communicator, connection)


def test_changing_a_calendar_reads_the_new_address_first(bank: ExpertBank, sarah: Diary) -> None:
    sarah.serve(busy_at(MEETING))
    connection = sarah.connect()
    with pytest.raises(InvalidInput, match="could not be read"):
        bank.own_calendars.change(
            sarah.expert, connection, label="Home", address=sarah.server.url("/nowhere.ics")
        )
    bank.own_calendars.change(sarah.expert, connection, label="Home")
    entry = sarah.views.own_calendars.of_provider(sarah.expert)[0]
    assert (entry.label, entry.host) == ("Home", "127.0.0.1")
    assert sarah.free_on(TUESDAY) == [london(2027, 3, 2, 9)]


def test_history_tells_the_auditor_what_happened_without_the_address(
    bank: ExpertBank, sarah: Diary, world: World
) -> None:
    sarah.serve(busy_at(MEETING))
    connection = sarah.connect()
    bank.own_calendars.disconnect(sarah.expert, connection)
    bank.read_models.sync()
    history = bank.read_models.history.for_subject("person", sarah.expert)
    sentences = [entry.sentence for entry in history.entries]
    assert any("connected their calendar “Work calendar” (127.0.0.1)" in s for s in sentences)
    assert any("disconnected a calendar" in s for s in sentences)
    assert not any(sarah.path in s for s in sentences)
