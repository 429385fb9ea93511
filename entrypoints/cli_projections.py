"""``expertbank projections``: see how current each view is, rebuild views, keep them
current (the projection worker)."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from entrypoints.bootstrap import bootstrap
from entrypoints.progress import progress_bar
from projections.faults import Fault
from projections.follower import follow
from projections.runner import RebuildRunning


@click.group("projections")
def projections() -> None:
    """The read models (views) built from the events."""


@projections.command()
def status() -> None:
    """Each view's position in the event log, and how many events it has still to apply."""
    bank = bootstrap()
    try:
        statuses = bank.read_models.runner.status()
        faults = bank.read_models.runner.faults()
        head = bank.head_position()
    finally:
        bank.close()
    width = max(len(s.name) for s in statuses)
    click.echo(f"{'view':<{width}}  {'position':>12}  {'lag':>10}  {'faults':>6}")
    for s in statuses:
        count = sum(f.view == s.name for f in faults)
        click.echo(f"{s.name:<{width}}  {s.position:>12,}  {s.lag:>10,}  {count:>6}")
    click.echo(f"{'events stored':<{width}}  {head:>12,}")
    report_faults(
        faults, "Fix the cause, then rebuild the view: expertbank projections rebuild VIEW"
    )


def report_faults(faults: list[Fault], remedy: str) -> None:
    """Each event that could not be applied, and what to do; exit status 1 if any."""
    if not faults:
        return
    click.echo(
        f"\nEvents not applied, their records held back as they were before ({len(faults)}):"
    )
    for fault in faults:
        click.echo(f"  {fault.describe()}")
    click.echo(remedy)
    raise SystemExit(1)


@projections.command()
@click.argument("name", required=False)
def rebuild(name: str | None) -> None:
    """Rebuild one view (or all) from the first event, beside the live one, then swap it
    in. The app can keep serving meanwhile; its views stay live until the swap."""
    bank = bootstrap()
    try:
        runner = bank.read_models.runner
        if name is not None and name not in runner.projections:
            known = ", ".join(sorted(runner.projections))
            raise click.BadParameter(f"there is no view {name!r}; views are: {known}")
        label = f"Rebuilding {name or 'every view'}"
        with progress_bar(label, bank.head_position()) as progress:
            runner.rebuild(name, progress=progress)
    except RebuildRunning as refused:
        raise click.ClickException(str(refused)) from None
    finally:
        bank.close()
    click.echo("Done: the rebuilt views are live.")


@projections.command()
@click.option("--interval", default=0.5, show_default=True, help="Seconds between polls.")
def run(interval: float) -> None:
    """Keep every view current until interrupted (Ctrl-C or SIGTERM)."""
    bank = bootstrap()
    stop = threading.Event()

    def finish(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    click.echo("Following new events; Ctrl-C to stop.")
    try:
        follow(bank.read_models.runner, stop, interval)
    finally:
        bank.close()
    click.echo("Stopped.")
