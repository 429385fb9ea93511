"""The ``expertbank`` command: serve the product, seed demo data, run the worker."""

from __future__ import annotations

import click

from domain.errors import ExpertBankError
from domain.ids import SYSTEM_ACTOR
from service.bootstrap import bootstrap


@click.group()
def main() -> None:
    """Expert Bank: expert help and peer support for public library services."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the web app (gunicorn) on the configured store."""
    from web import create_app
    from web.server import serve as run_server

    click.echo(f"Expert Bank is at http://{host}:{port}/")
    run_server(create_app, host=host, port=port)


@main.command("create-staff")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.password_option()
def create_staff(name: str, email: str, password: str) -> None:
    """Create an active programme staff account (the first sign-in of a new install)."""
    bank = bootstrap()
    try:
        invitation = bank.people.invite(
            SYSTEM_ACTOR, name=name, email=email, roles=["programme_staff"]
        )
        bank.people.set_password(invitation.person_id, password)
        bank.people.activate(SYSTEM_ACTOR, invitation.person_id)
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    finally:
        bank.close()
    click.echo(f"Programme staff account created for {email}.")


@main.command()
@click.option(
    "--if-empty", is_flag=True, help="Succeed without seeding if the store holds other data."
)
def demo(if_empty: bool) -> None:
    """Seed six weeks of realistic demo data, up to now, into an empty store."""
    from service.clock import SystemClock
    from service.demo import Outcome, seed
    from service.demo.report import describe
    from service.settings import Settings

    try:
        settings = Settings.from_env()
        seeding = seed(settings, SystemClock().now())
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    lines = describe(seeding, settings)
    refused = seeding.outcome == Outcome.UNFINISHED or (
        seeding.outcome == Outcome.OTHER_DATA and not if_empty
    )
    if refused:
        raise click.ClickException(" ".join(lines))
    click.echo("\n".join(lines))
