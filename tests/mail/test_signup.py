"""Invitation links by mail: queued with the link in one transaction, after the person is
saved; delivered like every other message; the link works once and is kept nowhere else."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError, OperationalError

from domain.errors import InvalidInput, NotFound
from domain.ids import SYSTEM_ACTOR
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from service.context import Context
from service.mail.signup import SignUpMail
from tests.smtp import SmtpServer
from tests.world import World
from web import create_app

BASE_URL = "https://bank.example.org"
PASSWORD = "correct horse battery staple"
LINK = re.compile(rf"{re.escape(BASE_URL)}/invitation/([\w-]+)")


def link_in(smtp: SmtpServer, address: str) -> str:
    (message,) = smtp.to(address)
    text = message.get_body(("plain",))
    assert text is not None
    found = LINK.search(text.get_content())
    assert found is not None, text.get_content()
    return found.group(0)


def event_bytes(bank: ExpertBank) -> bytes:
    notifications = bank.store.recorder.select_notifications(start=1, limit=1_000_000)
    return b"".join(n.state for n in notifications)


@pytest.fixture
def bank(settings: Settings, clock: ManualClock) -> Iterator[ExpertBank]:
    """The product at its public address (links in messages start with it)."""
    extra = {**settings.extra, "EXPERTBANK_BASE_URL": BASE_URL + "/"}
    app = bootstrap(replace(settings, extra=extra), clock)
    yield app
    app.close()


def test_an_invitation_mails_a_link_that_works_once(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    smtp.start()
    ada = bank.people.invite(
        world.manager, name="Ada Quill", email="ada@example.org", roles=["expert"]
    )
    bank.mail.deliver()

    (message,) = smtp.to("ada@example.org")
    assert message["Subject"] == "Your Expert Bank account: choose a password"
    body = message.get_body(("plain",))
    assert body is not None
    assert "Hello Ada Quill," in body.get_content()
    assert "Manager has invited you to Expert Bank" in body.get_content()
    link = link_in(smtp, "ada@example.org")
    assert link == f"{BASE_URL}/invitation/{ada.token}"
    assert create_app(bank).test_client().get(link.removeprefix(BASE_URL)).status_code == 200

    token = link.rpartition("/")[2]
    assert bank.people.accept_invitation(token, password=PASSWORD) == ada.person_id
    assert bank.people.person(ada.person_id).status == "active"
    with pytest.raises(NotFound, match="already been used"):
        bank.people.accept_invitation(token, password=PASSWORD)

    (sent,) = bank.mail.messages(world.manager, "sent")
    assert (sent.kind, sent.recipient) == ("sign_up", "ada@example.org")
    assert bank.mail.content(world.manager, sent.id) == ""  # the link is not kept
    assert token.encode() not in event_bytes(bank)
    assert bank.mail.status()["sent"] == 1  # deriving again adds nothing
    bank.mail.deliver()
    assert len(smtp.messages()) == 1


def test_a_link_replaced_used_or_withdrawn_before_its_message_went_takes_the_message(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    first = bank.people.invite(
        world.manager, name="Bo Reed", email="bo@example.org", roles=["auditor"]
    )
    second = bank.people.reissue_invitation(world.manager, first.person_id)
    used = bank.people.invite(
        world.manager, name="Cy Lane", email="cy@example.org", roles=["auditor"]
    )
    bank.people.accept_invitation(used.token, password=PASSWORD)  # before any mail went
    ops = bank.people.invite(SYSTEM_ACTOR, name="Ops", email="ops@example.org", roles=["auditor"])
    bank.people.activate(SYSTEM_ACTOR, ops.person_id)  # set up by the operator instead
    smtp.start()
    bank.mail.deliver()

    assert [m["To"].addresses[0].addr_spec for m in smtp.messages()] == ["bo@example.org"]
    assert link_in(smtp, "bo@example.org").endswith(second)
    for withdrawn in (first.token, ops.token):
        with pytest.raises(NotFound, match="expired or has already been used"):
            bank.people.accept_invitation(withdrawn, password=PASSWORD)
    assert bank.people.accept_invitation(second, password=PASSWORD) == first.person_id


class FailingSaves(Context):
    """The real context, except that saving events fails as a lost connection would."""

    def save(self, *aggregates: Any, handing_over: bool = False) -> None:
        raise OperationalError("the connection was lost")


class OneMessageId(SignUpMail):
    """Gives every message the same id, so that a second one cannot be queued."""

    def compose(self, *args: Any, **kwargs: Any) -> Any:
        return replace(super().compose(*args, **kwargs), id=UUID(int=7))


def test_a_failed_invitation_leaves_no_message(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer
) -> None:
    people = bank.people
    with pytest.raises(InvalidInput, match="already has an account"):
        people.invite(world.manager, name="Twin", email="worcs_head@example.org", roles=["auditor"])

    people.ctx = FailingSaves(
        bank.store,
        bank.ctx.directory,
        bank.ctx.invitations,
        bank.ctx.sign_ins,
        clock,
        bank.settings,
    )
    with pytest.raises(OperationalError):
        people.invite(world.manager, name="Di Moss", email="di@example.org", roles=["auditor"])
    people.ctx = bank.ctx
    assert people.find_by_email("di@example.org") is None

    mail = people.sign_up_mail
    people.sign_up_mail = OneMessageId(bank.mail_settings, bank.ctx.directory)
    people.invite(world.manager, name="Ed Park", email="ed@example.org", roles=["auditor"])
    with pytest.raises(IntegrityError):  # queuing the message failed
        people.invite(world.manager, name="Flo Hart", email="flo@example.org", roles=["auditor"])
    people.sign_up_mail = mail
    flo = people.find_by_email("flo@example.org")
    assert flo is not None and people.person(flo).status == "invited"  # saved first
    links = bank.database.query(
        "SELECT COUNT(*) AS n FROM {invitations} WHERE person_id = ?", (str(flo),)
    )
    assert links[0]["n"] == 0  # the link went with its message: none was issued

    smtp.start()
    bank.mail.deliver()
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages()] == ["ed@example.org"]
    fresh = people.reissue_invitation(world.manager, flo)  # staff can send a working link
    clock.advance(timedelta(minutes=1))
    bank.mail.deliver()
    assert link_in(smtp, "flo@example.org").endswith(fresh)
