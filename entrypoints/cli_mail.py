"""``expertbank mail ...`` and ``expertbank calendar ...``: the outbox and calendar feeds."""

from __future__ import annotations

from uuid import UUID

import click

from domain.errors import ExpertBankError
from domain.ids import SYSTEM_ACTOR
from entrypoints.bootstrap import bootstrap
from entrypoints.cli_projections import report_faults
from infrastructure.calendar_access import new_key
from service.application import ExpertBank


def open_bank() -> ExpertBank:
    """The application from the environment, or a clear message if it is misconfigured."""
    try:
        return bootstrap()
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None


@click.group()
def mail() -> None:
    """The mail outbox."""


@mail.command("status")
@click.option("--list", "listed", is_flag=True, help="Also list failing and pending messages.")
def mail_status(listed: bool) -> None:
    """How many messages are pending, failing, sent, failed and expired."""
    bank = open_bank()
    try:
        bank.mail.update()
        for status, count in bank.mail.status().items():
            click.echo(f"{status:>8}: {count}")
        (outbox,) = bank.mail.runner.status()
        click.echo(f"Messages derived from {outbox.position:,} of {outbox.head:,} events stored.")
        faults = bank.mail.runner.faults()
        if not bank.mail.settings.smtp_configured:
            click.echo(
                "SMTP is not configured (EXPERTBANK_SMTP_HOST): messages are kept, and "
                f"written to {bank.mail.settings.folder} by the worker."
            )
        if listed:
            for status in ("failing", "pending"):
                for message in bank.mail.messages(SYSTEM_ACTOR, status):
                    click.echo(
                        f"{status:>8} {message.created_at:%Y-%m-%d %H:%M} {message.recipient}: "
                        f"{message.subject} ({message.attempts} attempts) {message.last_error}"
                    )
    finally:
        bank.close()
    report_faults(
        faults,
        "No message was made for these events: tell the people in them another way. Fix the "
        "cause, and later records are mailed again as usual.",
    )


@click.group()
def calendar() -> None:
    """Personal calendar feeds."""


def _person_id(bank: ExpertBank, email: str) -> UUID:
    person_id = bank.people.find_by_email(email)
    if person_id is None:
        raise click.ClickException(f"nobody has the email address {email}")
    return person_id


@calendar.command("issue-feed")
@click.argument("email")
def issue_feed(email: str) -> None:
    """Give a person a new feed address (their old one stops working)."""
    bank = open_bank()
    try:
        link = bank.calendars.issue(SYSTEM_ACTOR, _person_id(bank, email))
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    finally:
        bank.close()
    click.echo(f"Calendar feed for {email} (shown once; keep it private):\n{link.url}")


@calendar.command("revoke-feed")
@click.argument("email")
def revoke_feed(email: str) -> None:
    """Stop a person's feed address."""
    bank = open_bank()
    try:
        revoked = bank.calendars.revoke(SYSTEM_ACTOR, _person_id(bank, email))
    finally:
        bank.close()
    click.echo(f"Revoked {revoked} feed address(es) for {email}.")


@calendar.command("new-key")
def new_calendar_key() -> None:
    """Print a new key for EXPERTBANK_CALENDAR_KEY (put it first, keep the old after it)."""
    click.echo(new_key())
