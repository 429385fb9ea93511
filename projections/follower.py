"""Following the event store: apply new events to the views as they are stored, until
told to stop. The projection worker (``expertbank projections run`` and the Procfile's
worker) runs this; so may a thread of the embedded server."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import PersistenceError

from infrastructure.eventsourcing_internals import notification_channel
from projections.runner import ProjectionRunner

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0


def follow(runner: ProjectionRunner, stop: threading.Event, interval: float = 0.5) -> None:
    """Catch up, then wait for new events and catch up again, until ``stop`` is set.

    On PostgreSQL the wait ends as soon as events are stored (LISTEN on the channel the
    store notifies); elsewhere it polls every ``interval`` seconds. A database error is
    logged and retried with a growing pause: nothing is skipped, nothing applied twice.
    """
    backoff = interval
    with _wakeups(runner) as wait:
        while not stop.is_set():
            try:
                runner.catch_up()
            except PersistenceError as error:
                log.warning("views could not catch up (%s); retrying in %.1f s", error, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = interval
            wait(stop, interval)


def start_following(
    runner: ProjectionRunner, interval: float = 0.5
) -> tuple[threading.Thread, threading.Event]:
    """``follow`` in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=follow, args=(runner, stop, interval), name="views-follower", daemon=True
    )
    thread.start()
    return thread, stop


@contextmanager
def _wakeups(runner: ProjectionRunner) -> Iterator[Any]:
    """A function ``wait(stop, interval)`` that returns when there may be new events."""
    with notification_channel(runner.store.recorder) as listening:
        if listening is None:
            yield lambda stop, interval: stop.wait(interval)
            return
        conn, channel = listening
        conn.execute(f'LISTEN "{channel}"')

        def wait(stop: threading.Event, interval: float) -> None:
            for _ in conn.notifies(timeout=interval, stop_after=1):
                pass

        try:
            yield wait
        finally:
            conn.execute("UNLISTEN *")
