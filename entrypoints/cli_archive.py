"""``expertbank export FILE`` and ``expertbank import FILE``: the whole record as one
archive, and back into an empty store (how an installation moves to PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import click

from domain.errors import ExpertBankError
from entrypoints.cli_mail import open_bank
from entrypoints.progress import progress_bar
from service.archive.export import export_archive
from service.archive.restore import import_archive


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export(file: Path) -> None:
    """Write every stored event (JSON Lines) and the tables beside them (people's details,
    credentials, invitations, calendar feeds and secrets, the outbox) to a new archive."""
    if file.exists():
        raise click.BadParameter(f"{file} already exists: name a new file", param_hint="FILE")
    bank = open_bank()
    try:
        with progress_bar("Exporting events", bank.head_position()) as progress:
            exported = export_archive(bank, file, progress)
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    finally:
        bank.close()
    click.echo(f"Exported {exported.events:,} events to {file}; head {exported.head}.")
    for name, rows in exported.rows.items():
        click.echo(f"  {name}: {rows:,} rows")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    """Restore an archive from `expertbank export` into this store, which must be empty:
    each event's chain link is checked as it is written, then the views are built and the
    log is verified against the archive's head."""
    bank = open_bank()
    try:
        with progress_bar("Importing the events, then building the views", 1) as progress:
            imported = import_archive(bank, file, progress)
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    finally:
        bank.close()
    click.echo(f"Imported {imported.events:,} events; the log verifies, head {imported.head}.")
    for name, rows in imported.rows.items():
        click.echo(f"  {name}: {rows:,} rows")
