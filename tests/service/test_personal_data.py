"""Personal data: invitation links, sign-in, and erasure that leaves no name or email in
the event store (names and contact details never enter events in the first place)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.persistence import OperationalError

from domain.errors import InvalidInput, NotFound
from infrastructure.clock import ManualClock
from infrastructure.database import Transaction
from infrastructure.directory import Directory
from service.application import ExpertBank
from tests.service.support import nothing_recorded
from tests.world import World

NAME = "Ada Quillfeather"
EMAIL = "ada.quillfeather@worcestershire.example.org"
PHONE = "01632 960123"
PASSWORD = "correct horse battery staple"


def stored_event_bytes(bank: ExpertBank) -> list[bytes]:
    notifications = bank.store.recorder.select_notifications(start=1, limit=1_000_000)
    assert len(notifications) == bank.head_position()
    return [n.state for n in notifications]


def test_an_invited_person_signs_in_and_is_erased_without_trace(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    people = bank.people
    invitation = people.invite(
        world.manager,
        name=NAME,
        email=EMAIL.upper(),
        phone=PHONE,
        roles=["service_staff"],
        service_id=world.worcestershire,
    )
    person = invitation.person_id
    assert people.person(person).status == "invited"
    assert people.authenticate(EMAIL, PASSWORD) is None  # no password before the link

    with nothing_recorded(bank, InvalidInput, "at least 12 characters", "password"):
        people.accept_invitation(invitation.token, password="short")
    assert people.accept_invitation(invitation.token, password=PASSWORD) == person
    assert people.person(person).status == "active"
    assert people.authenticate(f"  {EMAIL.title()} ", PASSWORD) == person
    assert people.authenticate(EMAIL, "wrong horse battery staple") is None
    with nothing_recorded(bank, NotFound, "expired or has already been used", "token"):
        people.accept_invitation(invitation.token, password="another long password")

    # A link not used within its lifetime is refused.
    late = people.invite(
        world.manager, name="Late Starter", email="late@example.org", roles=["auditor"]
    )
    clock.advance(timedelta(days=14, seconds=1))
    with nothing_recorded(bank, NotFound, "that link has expired"):
        people.accept_invitation(late.token, password=PASSWORD)
    assert people.person(late.person_id).status == "invited"
    # Deactivated before it was set up, it comes back invited, and a new link sets it up.
    people.deactivate(world.manager, late.person_id, reason="Start date postponed")
    people.reactivate(world.manager, late.person_id)
    assert people.person(late.person_id).status == "invited"
    fresh = people.reissue_invitation(world.manager, late.person_id)
    assert people.accept_invitation(fresh, password=PASSWORD) == late.person_id
    assert people.authenticate("late@example.org", PASSWORD) == late.person_id

    # A deactivated account cannot sign in, even with the right password.
    people.deactivate(world.manager, person, reason="Left Worcestershire")
    assert people.authenticate(EMAIL, PASSWORD) is None
    people.reactivate(world.manager, person)
    assert people.authenticate(EMAIL, PASSWORD) == person

    # Erasure overwrites the details; the history keeps the id and says nothing of them.
    before = b"".join(stored_event_bytes(bank))
    assert person.hex.encode() in before  # the scan below can see what events hold
    people.erase_details(world.manager, person)

    erased = people.person(person)
    assert (erased.name, erased.email, erased.phone) == ("(details erased)", "", "")
    assert people.find_by_email(EMAIL) is None
    assert people.authenticate(EMAIL, PASSWORD) is None
    with nothing_recorded(bank, InvalidInput, "this person's details have been erased"):
        people.update_details(world.manager, person, name=NAME, phone=PHONE)
    assert people.person(person).name == "(details erased)"
    everything = b"".join(stored_event_bytes(bank)).lower()
    for secret in (NAME, EMAIL, PHONE, "quillfeather", PASSWORD, invitation.token):
        assert secret.lower().encode() not in everything
    assert person.hex.encode() in everything


class DirectoryFailingOnce(Directory):
    """The real directory, except that its first erasure fails as a lost connection would."""

    failed = False

    def erase(
        self, person_id: UUID, at: datetime, *, also: Callable[[Transaction, UUID], None]
    ) -> None:
        if not self.failed:
            self.failed = True
            raise OperationalError("the connection was lost")
        super().erase(person_id, at, also=also)


def test_an_erasure_interrupted_by_the_database_still_erases(
    bank: ExpertBank, world: World
) -> None:
    bank.ctx.directory = DirectoryFailingOnce(bank.database)

    bank.people.erase_details(world.manager, world.notts_staff)

    assert bank.people.person(world.notts_staff).name == "(details erased)"
    assert bank.people.find_by_email("notts_staff@example.org") is None


def test_programme_staff_cannot_erase_their_own_details(bank: ExpertBank, world: World) -> None:
    with nothing_recorded(bank, InvalidInput, "another member of programme staff must erase"):
        bank.people.erase_details(world.manager, world.manager)

    assert bank.people.person(world.manager).name == "Manager"
