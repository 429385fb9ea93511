"""``expertbank texts``: the free text written in a record, removing one on request, and
moving the free text of events stored before it was kept apart out of them."""

from __future__ import annotations

from uuid import UUID

import click

from domain.errors import ExpertBankError
from domain.ids import SYSTEM_ACTOR
from entrypoints.cli_mail import open_bank
from entrypoints.progress import progress_bar
from infrastructure.text_migration import move_texts_out
from service.application import ExpertBank


@click.group()
def texts() -> None:
    """Free text kept outside the events."""


def _staff(bank: ExpertBank, email: str) -> UUID:
    person = bank.people.find_by_email(email.strip().lower())
    if person is None:
        raise click.ClickException(f"nobody signs in as {email}")
    return person


@texts.command("list")
@click.argument("record_id", type=click.UUID)
@click.option("--by", "email", required=True, help="The programme staff member asking.")
def list_(record_id: UUID, email: str) -> None:
    """Every text written in a record (a booking, a request, a person...), with its id."""
    bank = open_bank()
    try:
        found = bank.texts.of_record(_staff(bank, email), record_id)
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    finally:
        bank.close()
    if not found:
        click.echo("No text was written in that record.")
    for text in found:
        click.echo(f"{text.text_id}  {text.label} ({text.kind}, {text.written_at:%Y-%m-%d})")
        click.echo(f"    {text.shown}")


@texts.command()
@click.argument("text_id")
@click.option("--reason", required=True, help="Why it is removed (kept in the record).")
@click.option("--by", "email", required=True, help="The programme staff member removing it.")
def remove(text_id: str, reason: str, email: str) -> None:
    """Remove one text for good on request; its history then says when."""
    bank = open_bank()
    try:
        bank.texts.remove(_staff(bank, email), text_id, reason=reason)
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    finally:
        bank.close()
    click.echo(f"Text {text_id} removed.")


@texts.command()
def migrate() -> None:
    """Move the free text of events stored before it was kept apart out of them, then
    chain the log again from its first event, recording the head it had before."""
    bank = open_bank()
    try:
        runner, audit_log = bank.read_models.runner, bank.read_models.audit
        runner.catch_up()
        with progress_bar("Verifying the log first", audit_log.head().position) as progress:
            verdict = audit_log.verify(progress)
        if verdict.problem is not None:
            raise click.ClickException(
                f"the log does not verify, so nothing was moved: {verdict.problem.describe()}"
            )
        moved = move_texts_out(bank.store)
        if not moved.events:
            click.echo("No stored event holds free text: nothing to move.")
            return
        with progress_bar("Building the views and the chain again", bank.head_position()) as bar:
            runner.rebuild(progress=bar)
        bank.texts.record_move(SYSTEM_ACTOR, moved, str(verdict.head))
        runner.catch_up()
        click.echo(
            f"Moved {moved.texts:,} texts out of {moved.events:,} stored events. The chain "
            f"starts again from the first event; before, its head was {verdict.head}. "
            f"Its head now: {audit_log.head()}."
        )
    finally:
        bank.close()
