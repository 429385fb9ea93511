"""``expertbank audit``: prove the event log was not changed, and give a checkpoint an
auditor can write down and check later."""

from __future__ import annotations

import click

from entrypoints.cli_mail import open_bank
from entrypoints.progress import progress_bar
from projections.audit_chain import AuditChainProjection
from projections.audit_verify import Checkpoint

AUDIT_CHAIN = AuditChainProjection.name
"""Both commands chain what is stored first (the worker may be behind, or not running)."""


def _checkpoint(ctx: click.Context, param: click.Parameter, text: str | None) -> Checkpoint | None:
    if text is None:
        return None
    try:
        return Checkpoint.parse(text)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group()
def audit() -> None:
    """The hash-chained event log."""


@audit.command()
def checkpoint() -> None:
    """Print the chain's head as POSITION:HASH, to write down and verify against later."""
    bank = open_bank()
    try:
        bank.read_models.runner.catch_up(AUDIT_CHAIN)
        click.echo(str(bank.read_models.audit.head()))
    finally:
        bank.close()


@audit.command()
@click.option(
    "--checkpoint",
    "extends",
    callback=_checkpoint,
    metavar="POSITION:HASH",
    help="Also prove the log still extends this checkpoint (from `audit checkpoint`).",
)
def verify(extends: Checkpoint | None) -> None:
    """Hash every event again and compare with the chain; exit 1 naming the first event
    that was altered, deleted, inserted or moved."""
    bank = open_bank()
    try:
        bank.read_models.runner.catch_up(AUDIT_CHAIN)
        audit_log = bank.read_models.audit
        with progress_bar("Verifying the log", audit_log.head().position) as progress:
            verdict = audit_log.verify(progress, extends)
    finally:
        bank.close()
    if verdict.problem is not None:
        raise click.ClickException(f"the log does not verify: {verdict.problem.describe()}")
    click.echo(f"The log verifies: {verdict.checked:,} events, head {verdict.head}.")
    if extends is not None:
        click.echo(f"It extends the checkpoint {extends}.")
    if verdict.unchained:
        click.echo(
            f"{verdict.unchained:,} newer events are not chained yet (the worker chains them)."
        )
