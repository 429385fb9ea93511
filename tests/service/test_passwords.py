"""Passwords: at least 12 characters, none of the most common (nor one with digits or
symbols added), none containing the person's own name or email; refused with nothing
stored, on every way a password is set."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner

from domain.errors import InvalidInput
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.world import SYSTEM, World

GOOD = "violet tractor fjord lantern"
NAME, EMAIL = "Ada Quillfeather", "ada.quill@worcs.example.org"


@pytest.fixture
def ada(bank: ExpertBank, world: World) -> UUID:
    invitation = bank.people.invite(SYSTEM, name=NAME, email=EMAIL, roles=["auditor"])
    bank.people.activate(SYSTEM, invitation.person_id)
    return invitation.person_id


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("eleven char", "at least 12 characters"),
        ("x" * 257, "256 characters or fewer"),
        ("qwerty123456", "one of the most common"),
        ("1qaz2wsx3edc", "one of the most common"),
        ("Q1W2E3R4T5Y6", "one of the most common"),
        ("Password2026!", "one of the most common"),
        ("!!sunshine12345", "one of the most common"),
        ("quillfeather and co", "your name or email address"),
        ("my QUILL-FEATHER pw", "your name or email address"),
        ("ada.quill@worcs.example.org", "your name or email address"),
        ("the ada.quill box", "your name or email address"),
    ],
)
def test_an_easy_password_is_refused_and_the_old_one_kept(
    bank: ExpertBank, ada: UUID, password: str, said: str
) -> None:
    bank.people.set_password(ada, GOOD)

    with pytest.raises(InvalidInput, match=said) as refusal:
        bank.people.set_password(ada, password)

    assert refusal.value.field == "password"
    assert bank.people.authenticate(EMAIL, GOOD) == ada
    assert bank.people.authenticate(EMAIL, password) is None


@pytest.mark.parametrize(
    "password",
    [GOOD, "twelve chars", "Adamant rivers 9", "planning for ann"],
)
def test_a_password_of_unrelated_words_is_accepted(
    bank: ExpertBank, ada: UUID, password: str
) -> None:
    bank.people.set_password(ada, password)

    assert bank.people.authenticate(EMAIL, password) == ada


def test_the_invitation_link_refuses_a_password_with_the_invitees_name_and_stays_usable(
    bank: ExpertBank,
) -> None:
    invitation = bank.people.invite(SYSTEM, name=NAME, email=EMAIL, roles=["auditor"])

    with pytest.raises(InvalidInput, match="your name or email address"):
        bank.people.accept_invitation(invitation.token, password="Quillfeather forever")

    assert bank.people.person(invitation.person_id).status == "invited"
    assert bank.people.accept_invitation(invitation.token, password=GOOD) == invitation.person_id


def test_create_staff_refuses_an_easy_password_before_making_the_account(tmp_path: Path) -> None:
    env = {"EXPERTBANK_DATA_DIR": str(tmp_path / "data"), "EXPERTBANK_DATABASE_URL": ""}
    command = ["create-staff", "--name", NAME, "--email", EMAIL]
    runner = CliRunner()

    refused = runner.invoke(main, [*command, "--password", "Quillfeather 2026"], env=env)
    made = runner.invoke(main, [*command, "--password", GOOD], env=env)

    assert refused.exit_code == 1
    assert "the password must not contain your name or email address" in refused.output
    assert made.exit_code == 0, made.output
    bank = bootstrap(Settings.from_env(env))
    try:
        assert bank.people.authenticate(EMAIL, GOOD) is not None
    finally:
        bank.close()
