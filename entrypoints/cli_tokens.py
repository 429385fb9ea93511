"""``expertbank tokens ...``: personal API tokens, for operators and scripts."""

from __future__ import annotations

from uuid import UUID

import click

from domain.errors import ExpertBankError
from domain.ids import SYSTEM_ACTOR
from entrypoints.cli_mail import open_bank
from service.application import ExpertBank


@click.group()
def tokens() -> None:
    """Personal API tokens: each carries exactly its owner's permissions."""


def _person(bank: ExpertBank, email: str) -> UUID:
    person_id = bank.people.find_by_email(email)
    if person_id is None:
        raise click.ClickException(f"there is no account with the email address {email}")
    return person_id


@tokens.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for.")
def create(email: str, name: str) -> None:
    """Make a token for the person with EMAIL and print it: the only time it is shown."""
    bank = open_bank()
    try:
        made = bank.tokens.create(SYSTEM_ACTOR, _person(bank, email), name=name)
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    finally:
        bank.close()
    click.echo(made.token)


@tokens.command("list")
@click.argument("email")
def listed(email: str) -> None:
    """The tokens of the person with EMAIL: id, created, last used, name."""
    bank = open_bank()
    try:
        for t in bank.tokens.of(SYSTEM_ACTOR, _person(bank, email)):
            used = t.last_used_at.isoformat() if t.last_used_at else "never used"
            click.echo(f"{t.token_id}  {t.created_at.isoformat()}  {used}  {t.name}")
    finally:
        bank.close()


@tokens.command("revoke")
@click.argument("email")
@click.option("--name", help="Revoke the person's tokens with this name.")
@click.option("--id", "token_id", type=click.UUID, help="Revoke the token with this id.")
def revoke(email: str, name: str | None, token_id: UUID | None) -> None:
    """Revoke tokens of the person with EMAIL (by --name or --id): they stop working at once."""
    if (name is None) == (token_id is None):
        raise click.UsageError("give --name or --id")
    bank = open_bank()
    try:
        person_id = _person(bank, email)
        found = bank.tokens.of(SYSTEM_ACTOR, person_id)
        chosen = [t.token_id for t in found if t.name == name or t.token_id == token_id]
        if not chosen:
            raise click.ClickException("the person has no such token")
        for chosen_id in chosen:
            bank.tokens.revoke(SYSTEM_ACTOR, person_id, chosen_id)
    finally:
        bank.close()
    click.echo(f"Revoked {len(chosen)} token{'' if len(chosen) == 1 else 's'}.")
