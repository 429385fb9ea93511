"""Erasing a person's details reaches the mail: messages to them are blanked and not sent;
pending messages to others that name them are still sent (rule 7), drafted again without
them; copies in the mail folder go or are rewritten. Also when the erasure lands while a
message is being sent, filed or taken into the outbox."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from email import message_from_string, policy
from email.message import EmailMessage
from pathlib import Path
from typing import TypeVar

import pytest

from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from service.invitations import InvitationLinks
from service.jobs.worker import Worker
from service.mail.outbox import Due, MessageRecord, Outbox
from service.mail.outgoing import Outgoing
from service.mail.sender import retry_delay
from tests.mail.sessions import Sessions, london
from tests.service.test_personal_data import stored_event_bytes
from tests.smtp import SmtpServer, calendar_of
from tests.world import World

BOOKER = "worcs_head@example.org"
EXPERT = "evaluator@example.org"
FOLDED = re.compile(r"\r?\n[ \t]")
Batch = TypeVar("Batch")


class Interrupted(Outbox):
    """The real outbox, running ``meanwhile`` once, just after the sender or the filer read
    a batch of messages."""

    def __init__(self, outbox: Outbox, meanwhile: Callable[[], None]) -> None:
        super().__init__(outbox.views)
        self.meanwhile: Callable[[], None] | None = meanwhile

    def due(self, now: datetime, limit: int) -> list[Due]:
        return self._then(super().due(now, limit))

    def unfiled(self, limit: int) -> list[tuple[MessageRecord, str]]:
        return self._then(super().unfiled(limit))

    def _then(self, batch: list[Batch]) -> list[Batch]:
        if batch and self.meanwhile is not None:
            self.meanwhile()
            self.meanwhile = None
        return batch


def readable(message: EmailMessage) -> str:
    """Every header and every part, decoded and unfolded, in lower case."""
    texts = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if not part.is_multipart():
            content = part.get_content()
            texts.append(content.decode() if isinstance(content, bytes) else content)
    return FOLDED.sub("", "\n".join(texts)).lower()


def parsed(content: str) -> EmailMessage:
    message = message_from_string(content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def traces(text: str) -> list[str]:
    return [trace for trace in ("worcs_head", "worcs head") if trace in text.lower()]


def test_the_other_side_still_gets_every_invitation_without_a_trace_of_an_erased_booker(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    """The booker is erased while mail is down: when it is back, the expert's invitations
    arrive, the same messages for their calendar, with nothing left of the booker."""
    sessions = Sessions(world)
    booking = sessions.book(london(2027, 3, 9, 10))
    sessions.move(booking, london(2027, 3, 16, 11))  # by the expert
    sessions.cancel(booking)  # by the booker: "Cancelled by ..."
    bank.mail.deliver()
    assert bank.mail.status()["failing"] == 6
    originals = {
        m.message_id: parsed(bank.mail.content(world.manager, m.id))
        for m in bank.mail.messages(world.manager)
        if m.recipient == EXPERT
    }
    assert all(traces(readable(m)) for m in originals.values())  # the scan can see them

    bank.people.erase_details(world.manager, world.worcs_head)
    smtp.start()
    clock.advance(retry_delay(1))
    bank.mail.deliver()

    assert smtp.to(BOOKER) == []
    received = smtp.to(EXPERT)
    assert [m["Subject"].split(":")[0] for m in received] == ["Booked", "Moved", "Cancelled"]
    assert sorted(str(m["Message-ID"]) for m in received) == sorted(originals)
    for message in received:  # the same message for the mailbox and the calendar
        original = originals[str(message["Message-ID"])]
        assert (message["Date"], message["Subject"]) == (original["Date"], original["Subject"])
        was, now = (calendar_of(m)[1].events[0] for m in (original, message))
        for field in ("UID", "SEQUENCE", "STATUS", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert now[field] == was[field]
    calendars = [calendar_of(m) for m in received]
    assert [method for method, _ in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [str(c["METHOD"]) for _, c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [c.events[0] for _, c in calendars]
    assert {str(e["UID"]) for e in events} == {str(booking)}
    assert [e["SEQUENCE"] for e in events] == [0, 1, 2]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert all([a.email for a in e.attendees] == [EXPERT] for e in events)
    assert "Cancelled by (name withheld)." in received[2].get_body(("plain",)).get_content()
    assert [traces(readable(m)) for m in received] == [[], [], []]

    listed = bank.mail.messages(world.manager)
    assert (
        sorted((m.recipient, m.status) for m in listed)
        == [("", "expired")] * 3 + [(EXPERT, "sent")] * 3
    )
    stored = [
        str(v)
        for r in bank.read_models.database.query("SELECT * FROM {outbox}")
        for v in r.values()
    ]
    assert traces("\n".join(stored)) == []
    assert bank.read_models.database.query("SELECT * FROM {outbox_sources}") == []  # all sent
    assert all(BOOKER.encode() not in state for state in stored_event_bytes(bank))
    folder = bank.mail_settings.folder
    assert traces("".join(p.read_text() for p in folder.glob("*.eml"))) == []


@pytest.mark.parametrize("event_applied", [False, True], ids=["directory-only", "event-applied"])
def test_an_erasure_landing_while_the_sender_works_is_checked_before_each_hand_over(
    settings: Settings,
    bank: ExpertBank,
    world: World,
    clock: ManualClock,
    smtp: SmtpServer,
    event_applied: bool,
) -> None:
    """The sender has read its batch; another process erases the booker, and its outbox
    may or may not have taken in the erasure's event yet. Neither side's message leaves
    with the booker in it, and the expert's still leaves."""
    smtp.start()
    booking = Sessions(world).book(london(2027, 3, 9, 10))
    bank.mail.update()
    other = bootstrap(settings, clock)
    try:

        def erase_the_booker_elsewhere() -> None:
            other.people.erase_details(world.manager, world.worcs_head)
            if event_applied:
                other.mail.update()

        bank.mail.sender.outbox = Interrupted(bank.mail.outbox, erase_the_booker_elsewhere)
        bank.mail.deliver()
    finally:
        other.close()

    (received,) = smtp.messages()
    assert received["To"].addresses[0].addr_spec == EXPERT
    method, calendar = calendar_of(received)
    event = calendar.events[0]
    assert (method, str(event["UID"]), event["SEQUENCE"]) == ("REQUEST", str(booking), 0)
    assert [a.email for a in event.attendees] == [EXPERT]
    assert traces(readable(received)) == []
    assert sorted(m.status for m in bank.mail.messages(world.manager)) == ["expired", "sent"]
    clock.advance(timedelta(hours=2))
    bank.mail.deliver()  # the erasure's event, if not yet applied, changes nothing now
    assert len(smtp.messages()) == 1


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_reminder_naming_an_erased_expert_still_reaches_the_service_without_them(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    start = london(2027, 3, 9, 10)
    Sessions(world).book(start)
    clock.set(start - timedelta(hours=23))
    assert Worker(bank).sweep("remind_sessions") == 1
    bank.mail.update()

    bank.people.erase_details(world.manager, world.evaluator)
    bank.mail.update()

    reminders = [m for m in bank.mail.messages(world.manager) if m.kind == "session_reminder"]
    assert sorted((m.recipient, m.status) for m in reminders) == [
        ("", "expired"),
        (BOOKER, "pending"),
    ]
    (kept,) = (m for m in reminders if m.status == "pending")
    assert kept.subject == "Reminder: Tuesday 9 March 2027, 10:00 to 10:45 (UK time)"
    text = readable(parsed(bank.mail.content(world.manager, kept.id)))
    assert "your expert bank session starts in 24 hours." in text
    assert "with: (name withheld)" in text
    assert "evaluator" not in text


def folder_text(folder: Path) -> str:
    return "".join(path.read_text() for path in sorted(folder.glob("*.eml")))


def plain(path: Path) -> str:
    body = parsed(path.read_text()).get_body(("plain",))
    assert body is not None
    return str(body.get_content())


@pytest.mark.parametrize("backend", ["sqlite"])
def test_filed_copies_to_an_erased_person_go_and_those_naming_them_are_rewritten(
    tmp_path: Path, clock: ManualClock, backend: str
) -> None:
    bank = bootstrap(Settings(data_dir=tmp_path / "data"), clock)
    folder = tmp_path / "data" / "mail"
    try:
        world = World.build(bank, clock)
        booking = Sessions(world).book(london(2027, 3, 9, 10))  # to both sides, naming both
        people = bank.people
        people.invite(world.manager, name="Ada Quill", email="ada@example.org", roles=["auditor"])
        bank.mail.deliver()
        assert len(list(folder.glob("*.eml"))) == 3
        assert traces(folder_text(folder))

        people.erase_details(world.manager, world.worcs_head)
        bank.mail.deliver()
        files = sorted(folder.glob("*.eml"))
        assert len(files) == 2
        assert traces(folder_text(folder)) == []
        (expert,) = (p for p in files if f"To: Evaluator <{EXPERT}>" in p.read_text())
        method, calendar = calendar_of(parsed(expert.read_text()))
        assert (method, str(calendar.events[0]["UID"])) == ("REQUEST", str(booking))
        assert bank.mail.status()["expired"] == 1

        # Bo's invitation is read to be filed; then the manager, who invited Ada and Bo, is
        # erased (by a colleague), before the file is written.
        colleague = world.person("colleague", ["programme_staff"])
        bo = people.invite(world.manager, name="Bo Reed", email="bo@example.org", roles=["auditor"])
        bank.mail.update()
        (to_bo,) = (m for m in bank.mail.messages(world.manager) if m.recipient == "bo@example.org")

        def erase_the_inviter() -> None:
            people.erase_details(colleague, world.manager)
            bank.mail.update()

        bank.mail.sender.outbox = Interrupted(bank.mail.outbox, erase_the_inviter)
        bank.mail.deliver()
        (bo_file,) = folder.glob(f"*-{to_bo.id}.eml")
        assert sorted(folder.glob("*.eml")) == sorted([*files, bo_file])
        assert "manager" not in folder_text(folder).lower()
        invitations = [plain(path) for path in folder.glob("*.eml") if path != expert]
        assert all("The Expert Bank programme team has invited you" in t for t in invitations)
        assert f"/invitation/{bo.token}\n" in plain(bo_file)
        assert people.accept_invitation(bo.token, password="a long enough password")
    finally:
        bank.close()


class ErasedWhileTaken(InvitationLinks):
    """The real links, running ``meanwhile`` once just after the desk read the queue."""

    def __init__(self, links: InvitationLinks, meanwhile: Callable[[], None]) -> None:
        super().__init__(links.db)
        self.meanwhile: Callable[[], None] | None = meanwhile

    def queued(self, limit: int) -> list[Outgoing]:
        batch = super().queued(limit)
        if batch and self.meanwhile is not None:
            self.meanwhile()
            self.meanwhile = None
        return batch


def test_a_person_erased_while_their_invitation_is_taken_into_the_outbox_gets_nothing(
    settings: Settings, bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    """The erasure is applied to the outbox by another process before the message is in it:
    the desk sees the erasure after adding the message, and blanks it."""
    smtp.start()
    ada = bank.people.invite(
        world.manager, name="Ada Quill", email="ada@example.org", roles=["auditor"]
    )
    other = bootstrap(settings, clock)
    try:

        def erase_ada_elsewhere() -> None:
            other.people.erase_details(world.manager, ada.person_id)
            other.mail.update()

        bank.ctx.invitations = ErasedWhileTaken(bank.ctx.invitations, erase_ada_elsewhere)
        bank.mail.deliver()
    finally:
        other.close()

    assert smtp.messages() == []
    (message,) = bank.mail.messages(world.manager)
    assert (message.status, message.recipient, message.subject) == ("expired", "", "(erased)")
    assert bank.mail.content(world.manager, message.id) == ""


def test_an_invitation_link_still_goes_when_who_sent_it_is_erased_before_it_leaves(
    bank: ExpertBank, world: World, smtp: SmtpServer
) -> None:
    """Erased while the message is still queued beside its link: it is not lost with them."""
    ada = bank.people.invite(
        world.manager, name="Ada Quill", email="ada@example.org", roles=["auditor"]
    )
    colleague = world.person("colleague", ["programme_staff"])
    bank.people.erase_details(colleague, world.manager)
    smtp.start()
    bank.mail.deliver()

    (received,) = smtp.to("ada@example.org")
    assert "the expert bank programme team has invited you" in readable(received)
    assert "manager" not in readable(received)
    body = received.get_body(("plain",))
    assert body is not None
    assert f"http://127.0.0.1:8000/invitation/{ada.token}" in body.get_content().splitlines()
    assert bank.people.accept_invitation(ada.token, password="a long enough password")
