"""``expertbank export FILE`` and ``expertbank import FILE``: the whole record as one
archive, and back into an empty store (how an installation moves to PostgreSQL); and
``expertbank extract FILE``: part of it, as CSV or JSON Lines."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import IO
from uuid import UUID

import click

from domain.errors import ExpertBankError
from domain.ids import SYSTEM_ACTOR
from entrypoints.cli_mail import open_bank
from entrypoints.progress import progress_bar
from service.archive.export import export_archive
from service.archive.restore import import_archive
from web.exports import record_lines


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


OPTIONS = {
    "service_id": "--service",
    "region_id": "--region",
    "since": "--since",
    "until": "--until",
}


@click.command("extract")
@click.argument("file", type=click.File("w", encoding="utf-8", lazy=True))
@click.option("--service", help="A library service: its code (as on its page) or id.")
@click.option("--region", help="A region's services: its code or id.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this UK day, as 2027-03-01.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Until this UK day, included.")
@click.option(
    "--format", "kind", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True
)
def extract(
    file: IO[str],
    service: str | None,
    region: str | None,
    since: datetime | None,
    until: datetime | None,
    kind: str,
) -> None:
    """Write part of the record to FILE ('-': the screen): the history of a library service,
    of a region's services or of the whole programme, between two days, as CSV for a
    spreadsheet or JSON Lines (the page Histories, Export part of the record, does the same)."""
    bank = open_bank()
    try:
        bank.read_models.runner.catch_up()  # the worker may be behind, or not running
        registry = bank.read_models.registry
        services = {s.code: s.service_id for s in registry.services()}
        regions = {r.code: r.region_id for r in registry.regions()}
        found = bank.extracts.of(
            SYSTEM_ACTOR,
            service_id=_chosen(service, services, "--service"),
            region_id=_chosen(region, regions, "--region"),
            since=since.date() if since else None,
            until=until.date() if until else None,
        )
        for line in record_lines(kind, bank.extracts.records(found)):
            file.write(line)
    except ExpertBankError as error:
        raise click.BadParameter(error.message, param_hint=OPTIONS.get(error.field or "")) from None
    finally:
        bank.close()
    where = "the screen" if file.name in ("-", "<stdout>") else file.name
    click.echo(f"{found.title}: written to {where}.", err=True)


def _chosen(text: str | None, codes: dict[str, UUID], option: str) -> UUID | None:
    """An id from a code or an id; BadParameter naming the known codes otherwise."""
    if text is None:
        return None
    if text in codes:
        return codes[text]
    try:
        return UUID(text)
    except ValueError:
        known = ", ".join(sorted(codes))
        raise click.BadParameter(
            f"no code {text!r}; the codes are: {known}", param_hint=option
        ) from None
