"""Erasing a person's details reaches the mail: messages to them or naming them are blanked
and not sent, and their copies in the mail folder are removed, also when the erasure comes
while a message is being filed or taken into the outbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from service.bootstrap import ExpertBank
from service.clock import ManualClock
from service.invitations import InvitationLinks
from service.mail.outbox import MessageView, Outbox
from service.mail.outgoing import Outgoing
from service.settings import Settings
from tests.mail.sessions import Sessions, london
from tests.smtp import SmtpServer
from tests.world import World


class ErasingWhileFiling(Outbox):
    """The real outbox, running ``meanwhile`` once just after the filer read its batch."""

    def __init__(self, outbox: Outbox, meanwhile: Callable[[], None]) -> None:
        super().__init__(outbox.views)
        self.meanwhile: Callable[[], None] | None = meanwhile

    def unfiled(self, limit: int) -> list[tuple[MessageView, str]]:
        batch = super().unfiled(limit)
        if batch and self.meanwhile is not None:
            self.meanwhile()
            self.meanwhile = None
        return batch


def folder_text(folder: Path) -> str:
    return "".join(path.read_text() for path in sorted(folder.glob("*.eml")))


@pytest.mark.parametrize("backend", ["sqlite"])
def test_erasure_removes_filed_copies_to_or_naming_the_person(
    tmp_path: Path, clock: ManualClock, backend: str
) -> None:
    bank = ExpertBank(Settings(data_dir=tmp_path / "data"), clock)
    folder = tmp_path / "data" / "mail"
    try:
        world = World.build(bank, clock)
        Sessions(world).book(london(2027, 3, 9, 10))  # to both sides, each naming both
        people = bank.people
        people.invite(world.manager, name="Ada Quill", email="ada@example.org", roles=["auditor"])
        bank.mail.deliver()
        assert len(list(folder.glob("*.eml"))) == 3
        assert "worcs_head@example.org" in folder_text(folder)

        people.erase_details(world.manager, world.worcs_head)
        bank.mail.deliver()
        (kept,) = folder.glob("*.eml")
        assert "ada@example.org" in kept.read_text()
        assert "worcs_head" not in folder_text(folder).lower()
        assert bank.mail.status()["expired"] == 2

        # Bo's message is read to be filed, then Bo is erased, before the file is written.
        bo = people.invite(world.manager, name="Bo Reed", email="bo@example.org", roles=["auditor"])
        bank.mail.update()

        def erase_bo() -> None:
            people.erase_details(world.manager, bo.person_id)
            bank.mail.update()

        bank.mail.sender.outbox = ErasingWhileFiling(bank.mail.outbox, erase_bo)
        bank.mail.deliver()
        assert list(folder.glob("*.eml")) == [kept]
        assert "bo@example.org" not in folder_text(folder)
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
    other = ExpertBank(settings, clock)
    try:

        def erase_ada_elsewhere() -> None:
            other.people.erase_details(world.manager, ada.person_id)
            other.mail.update()

        directory = bank.ctx.directory
        directory.invitations = ErasedWhileTaken(directory.invitations, erase_ada_elsewhere)
        bank.mail.deliver()
    finally:
        other.close()

    assert smtp.messages() == []
    (message,) = bank.mail.messages(world.manager)
    assert (message.status, message.recipient, message.subject) == ("expired", "", "(erased)")
    assert bank.mail.content(world.manager, message.id) == ""
