"""People: invited → active → deactivated → reactivated, roles and provider settings."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from domain.errors import IllegalTransition, InvalidInput
from domain.people import AccountStatus, Person, Role
from tests.domain.support import NOW, SERVICE, STAFF, THEME, event_names, refused

A = AccountStatus


def invited(roles: tuple[str, ...] = ("peer",), service: UUID | None = SERVICE) -> Person:
    return Person.invite(
        actor=STAFF,
        at=NOW,
        roles=roles,
        service_id=service,
        theme_ids=[THEME, THEME],
    )


def person_in(status: AccountStatus) -> Person:
    person = invited()
    if status != A.INVITED:
        person.activate(actor=person.id, at=NOW)
    if status == A.DEACTIVATED:
        person.deactivate(actor=STAFF, at=NOW, reason="Left the service")
    return person


def test_an_account_goes_from_invited_to_active_to_deactivated_and_back() -> None:
    person = invited()
    assert person.status == A.INVITED

    person.activate(actor=person.id, at=NOW)
    assert person.is_active
    person.deactivate(actor=STAFF, at=NOW, reason="On leave")
    assert person.status == A.DEACTIVATED
    person.reactivate(actor=STAFF, at=NOW)

    assert person.is_active
    assert event_names(person) == ["Invited", "Activated", "Deactivated", "Reactivated"]


def test_an_account_deactivated_before_it_was_set_up_is_reactivated_as_invited() -> None:
    person = invited()
    person.deactivate(actor=STAFF, at=NOW, reason="Invited by mistake")

    person.reactivate(actor=STAFF, at=NOW)

    assert person.status == A.INVITED  # no password yet: it still needs its link
    person.activate(actor=person.id, at=NOW)
    person.deactivate(actor=STAFF, at=NOW, reason="On leave")
    person.reactivate(actor=STAFF, at=NOW)
    assert person.is_active


MOVES: dict[str, Callable[[Person], None]] = {
    "activate": lambda p: p.activate(actor=p.id, at=NOW),
    "deactivate": lambda p: p.deactivate(actor=STAFF, at=NOW, reason="Left"),
    "reactivate": lambda p: p.reactivate(actor=STAFF, at=NOW),
}


@pytest.mark.parametrize(
    ("status", "move", "message"),
    [
        (A.ACTIVE, "activate", "only an invited account can be activated; this one is active"),
        (A.DEACTIVATED, "activate", "only an invited account can be activated; this one is deac"),
        (A.DEACTIVATED, "deactivate", "the account is already deactivated"),
        (A.INVITED, "reactivate", "only a deactivated account can be reactivated; this one is inv"),
        (A.ACTIVE, "reactivate", "only a deactivated account can be reactivated; this one is act"),
    ],
)
def test_an_account_moves_only_along_its_arrows(
    status: AccountStatus, move: str, message: str
) -> None:
    person = person_in(status)

    with refused(person, IllegalTransition, message):
        MOVES[move](person)


def test_roles_are_validated_and_kept_in_order() -> None:
    person = invited(roles=("service_staff", "peer", "peer"))

    assert person.roles == ["peer", "service_staff"]
    assert person.theme_ids == [THEME]
    assert person.has(Role.PEER) and person.is_provider


def test_an_unknown_role_is_refused_naming_the_roles_there_are() -> None:
    with pytest.raises(InvalidInput, match="unknown role 'librarian': roles are service_staff"):
        invited(roles=("librarian",))


def test_a_person_needs_at_least_one_role() -> None:
    with pytest.raises(InvalidInput, match="choose at least one role"):
        invited(roles=())


@pytest.mark.parametrize("role", ["service_staff", "peer"])
def test_service_staff_and_peers_need_their_library_service(role: str) -> None:
    with pytest.raises(InvalidInput, match="need their library service") as refusal:
        invited(roles=(role,), service=None)
    assert refusal.value.field == "service_id"


def test_changing_roles_checks_the_service_too() -> None:
    person = invited(roles=("expert",), service=None)

    with refused(person, InvalidInput, "need their library service"):
        person.change_roles(actor=STAFF, at=NOW, roles=["peer"], service_id=None)


def test_only_experts_and_peers_have_themes() -> None:
    person = invited(roles=("auditor",), service=None)

    with refused(person, InvalidInput, "only experts and peers have themes"):
        person.set_themes(actor=STAFF, at=NOW, theme_ids=[THEME])


def test_only_programme_staff_look_after_a_region() -> None:
    region = UUID(int=9)
    manager = invited(roles=("programme_staff",), service=None)
    manager.set_region(actor=STAFF, at=NOW, region_id=region)
    assert manager.region_id == region
    manager.set_region(actor=STAFF, at=NOW, region_id=None)  # the whole programme again
    assert manager.region_id is None

    peer = invited()
    with refused(peer, InvalidInput, "only programme staff look after a region"):
        peer.set_region(actor=STAFF, at=NOW, region_id=region)


def test_a_provider_needs_at_least_one_theme() -> None:
    person = invited()

    with refused(person, InvalidInput, "choose at least one theme"):
        person.set_themes(actor=STAFF, at=NOW, theme_ids=[])


def test_a_peer_sets_a_monthly_cap_and_confirmation() -> None:
    person = invited()

    person.set_peer_settings(actor=person.id, at=NOW, cap_minutes=240, requires_confirmation=True)

    assert (person.peer_cap_minutes, person.peer_requires_confirmation) == (240, True)


@pytest.mark.parametrize(
    ("roles", "cap", "message"),
    [
        (("expert",), 240, "only peers have a monthly cap"),
        (("peer",), 10, "the monthly cap must be between 15 and 2400 minutes"),
        (("peer",), 2401, "the monthly cap must be between 15 and 2400 minutes"),
    ],
)
def test_peer_settings_are_refused_when_out_of_bounds(
    roles: tuple[str, ...], cap: int, message: str
) -> None:
    person = invited(roles=roles)

    with refused(person, InvalidInput, message):
        person.set_peer_settings(actor=STAFF, at=NOW, cap_minutes=cap, requires_confirmation=False)


def test_details_are_erased_once() -> None:
    person = person_in(A.ACTIVE)
    person.record_details_erased(actor=STAFF, at=NOW)

    with refused(person, IllegalTransition, "this person's details are already erased"):
        person.record_details_erased(actor=STAFF, at=NOW)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_deactivation_needs_a_reason(reason: object) -> None:
    person = person_in(A.ACTIVE)

    with refused(person, InvalidInput, "enter a reason"):
        person.deactivate(actor=STAFF, at=NOW, reason=reason)  # type: ignore[arg-type]
