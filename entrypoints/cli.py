"""The ``expertbank`` command: serve the product, seed demo data, run the worker."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

import click

from domain.errors import ExpertBankError
from domain.ids import SYSTEM_ACTOR
from entrypoints.bootstrap import bootstrap
from entrypoints.cli_archive import export, extract, import_
from entrypoints.cli_audit import audit
from entrypoints.cli_mail import calendar, mail, open_bank
from entrypoints.cli_projections import projections
from entrypoints.cli_texts import texts
from entrypoints.cli_tokens import tokens
from infrastructure.clock import SystemClock
from infrastructure.settings import Settings
from service.demo import Outcome, seed
from service.demo.report import describe
from service.passwords import check_strength


@click.group()
def main() -> None:
    """Expert Bank: expert help and peer support for public library services."""


main.add_command(mail)
main.add_command(calendar)
main.add_command(audit)
main.add_command(tokens)
main.add_command(export)
main.add_command(import_)
main.add_command(texts)
main.add_command(extract)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--worker/--no-worker",
    default=None,
    help="Run the scheduler worker inside the web process "
    "[default: on with SQLite, off with PostgreSQL, where the Procfile's worker runs it].",
)
def serve(host: str, port: int, worker: bool | None) -> None:
    """Serve the web app (gunicorn) on the configured store."""
    # Flask and gunicorn are loaded only by the commands that serve.
    from entrypoints.server import embedded_worker_hooks, web_app
    from entrypoints.server import serve as run_server

    with_worker = not Settings.from_env().uses_postgres if worker is None else worker
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    click.echo(f"Expert Bank is at http://{host}:{port}/")
    run_server(web_app, host=host, port=port, **(embedded_worker_hooks() if with_worker else {}))


@main.command()
def worker() -> None:
    """Run the scheduler worker: views, mail, reminders and other jobs (one per install)."""
    from entrypoints.worker import start_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    bank = open_bank()
    stop = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    running = start_worker(bank)
    if running is None:
        bank.close()
        raise click.ClickException("another worker is already running for this installation")
    click.echo("Expert Bank worker running; stop it with Ctrl+C or SIGTERM.")
    while not stop.wait(1) and not running.lost.is_set():
        pass
    running.stop()
    bank.close()
    if running.lost.is_set():
        raise click.ClickException("the worker lost its lock (database restarted?): run it again")


@main.command("create-staff")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.password_option()
def create_staff(name: str, email: str, password: str) -> None:
    """Create an active programme staff account (the first sign-in of a new install)."""
    bank = open_bank()
    try:
        check_strength(password, name=name, email=email)  # first: no account half made
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
    try:
        settings = Settings.from_env()
        seeding = seed(lambda clock: bootstrap(settings, clock), SystemClock().now())
    except ExpertBankError as error:
        raise click.ClickException(error.message) from None
    lines = describe(seeding, settings)
    refused = seeding.outcome == Outcome.UNFINISHED or (
        seeding.outcome == Outcome.OTHER_DATA and not if_empty
    )
    if refused:
        raise click.ClickException(" ".join(lines))
    click.echo("\n".join(lines))


main.add_command(projections)
