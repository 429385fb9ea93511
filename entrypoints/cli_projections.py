"""``expertbank projections``: see how current each view is, rebuild views, keep them
current (the projection worker)."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from entrypoints.bootstrap import bootstrap
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
        head = bank.head_position()
    finally:
        bank.close()
    width = max(len(s.name) for s in statuses)
    click.echo(f"{'view':<{width}}  {'position':>12}  {'lag':>10}")
    for s in statuses:
        click.echo(f"{s.name:<{width}}  {s.position:>12,}  {s.lag:>10,}")
    click.echo(f"{'events stored':<{width}}  {head:>12,}")


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
        with click.progressbar(length=max(bank.head_position(), 1), label=label) as bar:

            def progress(position: int, head: int) -> None:
                bar.length = max(head, 1)
                bar.update(position - bar.pos)

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
