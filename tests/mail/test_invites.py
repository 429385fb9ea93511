"""Rule 7 end to end: booking changes reach both sides as iTIP invitations over real SMTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from infrastructure.clock import ManualClock
from service.application import ExpertBank
from tests.mail.sessions import Sessions, london
from tests.smtp import SmtpServer, calendar_of
from tests.world import World

BOOKER = "worcs_head@example.org"
EXPERT = "evaluator@example.org"
ORGANIZER = "bank@expertbank.test"


def deliver(bank: ExpertBank) -> None:
    bank.mail.deliver()  # derives the new messages first


def structure(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


def test_book_move_cancel_send_request_request_cancel_with_one_uid_and_rising_sequence(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    smtp.start()
    sessions = Sessions(world)
    booked_at = clock.now()
    booking = sessions.book(london(2027, 3, 9, 10))
    deliver(bank)
    clock.advance(timedelta(hours=2))
    sessions.move(booking, london(2027, 3, 16, 11))
    deliver(bank)
    clock.advance(timedelta(hours=2))
    sessions.cancel(booking, reason="Staff illness")
    deliver(bank)

    for address in (BOOKER, EXPERT):
        received = smtp.to(address)
        assert [m["Subject"].split(":")[0] for m in received] == ["Booked", "Moved", "Cancelled"]
        calendars = [calendar_of(m) for m in received]
        assert [method for method, _ in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
        assert [str(c["METHOD"]) for _, c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
        events = [c.events[0] for _, c in calendars]
        assert {str(e["UID"]) for e in events} == {str(booking)}
        assert [e["SEQUENCE"] for e in events] == [0, 1, 2]
        assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
        assert [e.start for e in events] == [
            datetime(2027, 3, 9, 10, tzinfo=UTC),
            datetime(2027, 3, 16, 11, tzinfo=UTC),
            datetime(2027, 3, 16, 11, tzinfo=UTC),
        ]
        assert [e.end - e.start for e in events] == [timedelta(minutes=45)] * 3
        assert [e.DTSTAMP for e in events] == [
            booked_at,
            booked_at + timedelta(hours=2),
            booked_at + timedelta(hours=4),
        ]
        for message, event in zip(received, events, strict=True):
            assert {a.email for a in event.attendees} == {BOOKER, EXPERT}
            assert event.organizer.email == ORGANIZER
            assert message["From"].addresses[0].addr_spec == ORGANIZER
            assert str(event["LOCATION"]) == "https://meet.example.org/room"
            assert "Show impact to councillors" in str(event["DESCRIPTION"])
        texts = [m.get_body(("plain",)).get_content() for m in received]
        assert "Moved by Evaluator, from Tuesday 9 March 2027 at 10:00 (UK time)." in texts[1]
        assert "Cancelled by Worcs Head.\r\n\r\nReason given: Staff illness" in texts[2]
        assert bank.bookings.booking(world.worcs_head, booking).sequence == 2


def test_an_invitation_is_text_html_and_calendar_alternatives_with_an_ics_attachment(
    bank: ExpertBank, world: World, smtp: SmtpServer
) -> None:
    smtp.start()
    Sessions(world).book(london(2027, 3, 9, 10))
    deliver(bank)

    message = smtp.to(BOOKER)[0]
    assert structure(message) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    text = message.get_body(("plain",))
    assert text is not None
    assert "Tuesday 9 March 2027, 10:00 to 10:45 (UK time)" in text.get_content()
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    _, calendar = calendar_of(message)
    assert attachment.get_content() == calendar.to_ical()
    assert message["Message-ID"].endswith("@expertbank.test>")
    assert message["Auto-Submitted"] == "auto-generated"


def test_a_hold_sends_no_invitation_until_the_peer_confirms(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    smtp.start()
    peer = world.leics_peer
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=None, requires_confirmation=True)
    window = world.window(peer)
    start = london(2027, 3, 9, 9)
    held = bank.bookings.book(
        world.notts_staff,
        service_id=world.nottingham,
        provider_id=peer,
        window_id=window,
        start=start,
    )
    deliver(bank)
    asks = smtp.to("leics_peer@example.org")
    assert [m["Subject"].split(":")[0] for m in asks] == ["Please confirm"]
    assert all(calendar_part_count(m) == 0 for m in smtp.messages())

    bank.bookings.confirm_hold(peer, held)
    deliver(bank)
    method, calendar = calendar_of(smtp.to("notts_staff@example.org")[-1])
    assert method == "REQUEST"
    assert calendar.events[0]["SEQUENCE"] == 0
    assert calendar.events[0].start == start.astimezone(UTC)


def calendar_part_count(message: EmailMessage) -> int:
    return sum(part.get_content_type() == "text/calendar" for part in message.walk())


def test_a_declined_request_tells_the_service_why_and_that_the_time_is_free(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    smtp.start()
    peer = world.leics_peer
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=None, requires_confirmation=True)
    held = bank.bookings.book(
        world.notts_staff,
        service_id=world.nottingham,
        provider_id=peer,
        window_id=world.window(peer),
        start=london(2027, 3, 9, 9),
    )
    bank.bookings.decline_hold(peer, held, reason="Away that week")
    deliver(bank)
    told = smtp.to("notts_staff@example.org")[-1]
    body = told.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert told["Subject"].startswith("Not booked:")
    assert "Declined by Leics Peer: the session is not booked, and the time is free again." in text
    assert "Reason given: Away that week" in text
    assert calendar_part_count(told) == 0


def test_each_side_reads_the_session_from_its_own_side_with_a_link_to_its_page(
    bank: ExpertBank, world: World, smtp: SmtpServer
) -> None:
    smtp.start()
    booking = Sessions(world).book(london(2027, 3, 9, 10))
    deliver(bank)

    def text_to(address: str) -> str:
        body = smtp.to(address)[0].get_body(("plain",))
        assert body is not None
        return str(body.get_content())

    expert, service = text_to(EXPERT), text_to(BOOKER)
    assert "Booked by: Worcs Head, for Worcestershire" in expert
    assert "With: Evaluator" not in expert
    assert "Library service: Worcestershire\r\nWith: Evaluator" in service
    page = f"/bookings/{booking}"
    assert "To move or cancel it, open the session in Expert Bank: " in expert
    assert all(page in text for text in (expert, service))
