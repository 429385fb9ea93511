"""Scenario 4: sessions on the days the clocks change, and at 09:00 on the Monday after,
keep their wall-clock time in invitations and in the feed."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from domain.time import LONDON
from service.application import ExpertBank
from tests.mail.sessions import Sessions, london
from tests.smtp import SmtpServer, calendar_of
from tests.world import World

# London wall-clock start → the instant it is (BST is UTC+1 from 28 March to 31 October).
EXPECTED = {
    london(2027, 3, 28, 10): datetime(2027, 3, 28, 9, tzinfo=UTC),  # first day of BST
    london(2027, 3, 29, 9): datetime(2027, 3, 29, 8, tzinfo=UTC),
    london(2027, 10, 31, 10): datetime(2027, 10, 31, 10, tzinfo=UTC),  # first day of GMT
    london(2027, 11, 1, 9): datetime(2027, 11, 1, 9, tzinfo=UTC),
}


def test_sessions_across_both_clock_changes_have_the_right_instants_everywhere(
    bank: ExpertBank, world: World, smtp: SmtpServer
) -> None:
    smtp.start()
    sessions = Sessions(world)
    booked = {sessions.book(wall): instant for wall, instant in EXPECTED.items()}
    bank.read_models.runner.catch_up()
    bank.mail.deliver()

    invited = {}
    for message in smtp.to("worcs_head@example.org"):
        _, calendar = calendar_of(message)
        event = calendar.events[0]
        invited[event.uid] = event.start
        raw = calendar.to_ical().decode()
        assert f"DTSTART:{event.start:%Y%m%dT%H%M%S}Z" in raw  # UTC, no VTIMEZONE needed
        wall = event.start.astimezone(LONDON).strftime("%H:%M")
        assert f", {wall} to " in message.get_body(("plain",)).get_content()
    assert invited == {str(b): instant for b, instant in booked.items()}

    feed = Calendar.from_ical(
        bank.calendars.feed(bank.calendars.issue(world.evaluator, world.evaluator).token).body
    )
    assert {e.uid: e.start for e in feed.events} == invited
    walls = sorted(e.start.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") for e in feed.events)
    assert walls == ["2027-03-28 10:00", "2027-03-29 09:00", "2027-10-31 10:00", "2027-11-01 09:00"]
