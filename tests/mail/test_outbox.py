"""The outbox loses nothing when mail is down, and delivers each message once."""

from __future__ import annotations

import smtplib
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from domain.errors import PermissionDenied
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from service.mail.sender import retry_delay
from tests.mail.sessions import Sessions, london
from tests.smtp import SmtpServer
from tests.world import World


def message_ids(smtp: SmtpServer) -> list[str]:
    return sorted(str(m["Message-ID"]) for m in smtp.messages())


def make_changes(sessions: Sessions, clock: ManualClock) -> None:
    """Two bookings, a move and a cancellation: 8 messages for the two sides."""
    first = sessions.book(london(2027, 3, 9, 10))
    second = sessions.book(london(2027, 3, 9, 14))
    clock.advance(timedelta(minutes=5))
    sessions.move(first, london(2027, 3, 10, 10))
    sessions.cancel(second)


def test_changes_made_while_smtp_is_down_are_delivered_once_each_after_it_returns(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    make_changes(Sessions(world), clock)
    bank.mail.update()

    bank.mail.deliver()
    assert bank.mail.status()["failing"] == 8
    failing = bank.mail.messages(world.manager, "failing")
    assert all("Connection refused" in m.last_error for m in failing)

    smtp.start()
    bank.mail.deliver()
    assert smtp.messages() == []  # backing off: the retry is not due yet

    clock.advance(retry_delay(1))
    bank.mail.deliver()
    clock.advance(timedelta(hours=2))
    bank.mail.deliver()

    assert len(smtp.messages()) == 8
    assert len(set(message_ids(smtp))) == 8
    assert bank.mail.status() == {"pending": 0, "failing": 0, "sent": 8, "failed": 0, "expired": 0}


def test_a_worker_restart_while_smtp_is_down_loses_and_repeats_nothing(
    settings: Settings, bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    booking = Sessions(world).book(london(2027, 3, 9, 10))
    bank.mail.update()
    bank.mail.deliver()  # fails: nothing listens
    bank.close()

    restarted = bootstrap(settings, clock)
    try:
        restarted.bookings.cancel(world.worcs_head, booking, reason="Staff illness")
        restarted.mail.update()
        smtp.start()
        clock.advance(timedelta(hours=1))
        restarted.mail.deliver()
        restarted.mail.deliver()
    finally:
        restarted.close()

    subjects = sorted(m["Subject"].split(":")[0] for m in smtp.messages())
    assert subjects == ["Booked", "Booked", "Cancelled", "Cancelled"]
    assert len(set(message_ids(smtp))) == 4


def test_a_sender_that_died_after_recording_its_attempt_is_retried_once(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    smtp.start()
    Sessions(world).book(london(2027, 3, 9, 10))
    bank.mail.update()
    outbox = bank.mail.outbox
    for due in outbox.due(clock.now(), 10):  # claimed, then the process "died"
        assert outbox.claim(due.id, clock.now(), clock.now() + retry_delay(1))

    bank.mail.deliver()
    assert smtp.messages() == []
    clock.advance(retry_delay(1))
    bank.mail.deliver()
    bank.mail.deliver()

    assert len(smtp.messages()) == 2
    assert all(m.attempts == 2 for m in bank.mail.messages(world.manager, "sent"))


def test_a_crash_between_smtp_accepting_and_recording_resends_an_identical_copy(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    """The one window of at-least-once delivery: the copy has the same Message-ID."""
    smtp.start()
    Sessions(world).book(london(2027, 3, 9, 10))
    bank.mail.update()
    outbox = bank.mail.outbox
    due = outbox.due(clock.now(), 10)[0]
    assert outbox.claim(due.id, clock.now(), clock.now() + retry_delay(1))
    with smtplib.SMTP("127.0.0.1", smtp.port) as connection:
        connection.sendmail("bank@expertbank.test", [due.recipient], due.content.encode())

    clock.advance(retry_delay(1))
    bank.mail.deliver()

    copies = [m for m in smtp.messages() if m["To"].addresses[0].addr_spec == due.recipient]
    assert len(copies) == 2
    assert copies[0]["Message-ID"] == copies[1]["Message-ID"]
    assert copies[0].as_bytes() == copies[1].as_bytes()


def test_two_senders_at_once_send_each_message_once(
    settings: Settings, bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    smtp.start()
    sessions = Sessions(world)
    for day in range(8, 13):
        sessions.book(london(2027, 3, day, 10))
        sessions.book(london(2027, 3, day, 14))
    bank.mail.update()
    other = bootstrap(settings, clock)
    try:
        senders = [threading.Thread(target=b.mail.deliver) for b in (bank, other, bank, other)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
    finally:
        other.close()

    assert len(smtp.messages()) == 20
    assert len(set(message_ids(smtp))) == 20


def test_a_refused_recipient_is_failed_for_good_and_the_other_side_still_gets_theirs(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    smtp.start()
    booker = world.person("bounce_head", ["service_staff"], world.worcestershire)
    sessions = Sessions(world)
    bank.bookings.book(
        booker,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=sessions.window_for(london(2027, 3, 9, 10)),
        engagement_id=sessions.engagement,
        start=london(2027, 3, 9, 10),
    )
    bank.mail.update()
    bank.mail.deliver()
    clock.advance(timedelta(hours=2))
    bank.mail.deliver()

    assert [m["To"].addresses[0].addr_spec for m in smtp.messages()] == ["evaluator@example.org"]
    (failed,) = bank.mail.messages(world.manager, "failed")
    assert failed.recipient == "bounce_head@example.org"
    assert "550" in failed.last_error
    assert failed.attempts == 1


def test_messages_for_a_session_that_is_over_expire_instead_of_being_sent(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    Sessions(world).book(london(2027, 3, 2, 10))
    bank.mail.update()
    bank.mail.deliver()
    smtp.start()
    clock.advance(timedelta(days=2))
    bank.mail.deliver()

    assert smtp.messages() == []
    assert bank.mail.status()["expired"] == 2


def test_no_message_is_derived_for_a_session_already_over_when_the_outbox_catches_up(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    """A worker started on old history does not fill the outbox with stale invitations."""
    smtp.start()
    sessions = Sessions(world)
    sessions.book(london(2027, 3, 2, 10))
    sessions.book(london(2027, 3, 9, 10))
    clock.advance(timedelta(days=2))
    bank.mail.update()
    bank.mail.deliver()

    assert bank.mail.status()["sent"] == 2
    assert {m["Subject"] for m in smtp.messages()} == {
        "Booked: Worcestershire with Evaluator, Tuesday 9 March 2027, 10:00 to 10:45 (UK time)"
    }


def test_rebuilding_the_outbox_sends_nothing_again(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    smtp.start()
    make_changes(Sessions(world), clock)
    bank.mail.update()
    bank.mail.deliver()

    bank.mail.runner.rebuild("outbox")
    bank.mail.deliver()

    assert len(smtp.messages()) == 8
    assert bank.mail.status()["sent"] == 8


@pytest.mark.parametrize("backend", ["sqlite"])
def test_without_smtp_messages_are_kept_filed_once_and_listed_for_programme_staff(
    tmp_path: Path, clock: ManualClock, backend: str
) -> None:
    bank = bootstrap(Settings(data_dir=tmp_path / "data"), clock)
    try:
        world = World.build(bank, clock)
        Sessions(world).book(london(2027, 3, 9, 10))
        bank.mail.update()
        bank.mail.deliver()
        bank.mail.deliver()

        files = sorted((tmp_path / "data" / "mail").glob("*.eml"))
        assert len(files) == 2
        listed = bank.mail.messages(world.manager)
        assert {m.recipient for m in listed} == {"worcs_head@example.org", "evaluator@example.org"}
        assert all(m.status == "pending" and m.filed for m in listed)
        assert files[0].read_bytes().decode() in {
            bank.mail.content(world.manager, m.id) for m in listed
        }
        with pytest.raises(PermissionDenied):
            bank.mail.messages(world.worcs_head)
    finally:
        bank.close()


def test_erasing_a_person_blanks_messages_to_them_and_sent_text_is_not_kept(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    sessions = Sessions(world)
    sessions.book(london(2027, 3, 9, 10))
    bank.mail.update()
    smtp.start()
    bank.mail.deliver()
    sessions.book(london(2027, 3, 10, 10))
    bank.mail.update()  # two more messages, pending: each names both sides

    bank.people.erase_details(world.manager, world.worcs_head)
    bank.mail.update()
    bank.mail.deliver()

    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages()) == [
        "evaluator@example.org",
        "evaluator@example.org",  # the second, drafted again without the booker
        "worcs_head@example.org",
    ]
    listed = bank.mail.messages(world.manager)
    assert sorted(m.status for m in listed) == ["expired", "sent", "sent", "sent"]
    assert [m.subject for m in listed].count("(erased)") == 3
    assert all("worcs_head" not in m.recipient for m in listed)
    assert all(bank.mail.content(world.manager, m.id) == "" for m in listed)


def test_a_message_that_cannot_be_built_holds_back_its_booking_only_and_says_so(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer, settings: Settings
) -> None:
    """A carriage return in a service's name (written straight into the store, past the
    checks) makes a Subject header that cannot be built."""
    sessions = Sessions(world)
    first = sessions.book(london(2027, 3, 9, 10))
    bank.mail.update()
    service = bank.store.repository.get(world.worcestershire)
    name = service.name
    service._changed(
        actor=world.manager,
        timestamp=clock.now(),
        name=f"{name}\r\nBcc: all",
        region_id=service.region_id,
    )
    bank.store.save(service)
    second = sessions.book(london(2027, 3, 9, 14))
    bank.mail.update()
    bank.registry.change_service(
        world.manager, world.worcestershire, name=name, region_id=service.region_id
    )
    sessions.move(first, london(2027, 3, 10, 10))
    sessions.cancel(second)
    bank.mail.update()

    (fault,) = bank.mail.runner.faults()
    assert (fault.view, fault.record_id, fault.held_back) == ("outbox", str(second), 1)
    assert "linefeed or carriage return" in fault.error
    (outbox,) = bank.mail.runner.status()
    assert outbox.lag == 0
    subjects = sorted(m.subject for m in bank.mail.messages(world.manager, "pending"))
    assert [s.split(":")[0] for s in subjects] == ["Booked", "Booked", "Moved", "Moved"]
    env = {
        "EXPERTBANK_DATA_DIR": str(settings.data_dir),
        "EXPERTBANK_DATABASE_URL": settings.database_url,
        "EXPERTBANK_VIEWS": "inline",
        **smtp.env(),
    }
    status = CliRunner().invoke(main, ["mail", "status"], env=env)
    assert status.exit_code == 1
    assert f"outbox: event {fault.position:,} (expertbank:Booking.Booked) of record {second}" in (
        status.output
    )
    assert "tell the people in them another way" in status.output
