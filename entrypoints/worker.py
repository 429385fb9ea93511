"""The worker process: keeps the views and the outbox current, delivers mail, and runs the
sweeps on a schedule.

Exactly one runs per installation (see ``WorkerLock``): the Procfile's ``worker``
process, or, in the embedded SQLite set-up, background threads of the one web process.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from infrastructure.worker_lock import WorkerLock, WorkerLockLost
from projections.follower import start_following
from service.application import ExpertBank
from service.jobs.scheduler import build_scheduler
from service.jobs.worker import Worker

log = logging.getLogger("expertbank.worker")


@dataclass
class RunningWorker:
    scheduler: Any
    lock: WorkerLock
    follower: tuple[threading.Thread, threading.Event] | None
    lost: threading.Event
    """Set once the worker found it had lost its lock: it does no more work, and the
    process should exit (for its supervisor to start it again)."""

    def stop(self) -> None:
        self.scheduler.shutdown(wait=True)
        if self.follower is not None:
            thread, stop = self.follower
            stop.set()
            thread.join(timeout=30)
        self.lock.release()


def start_worker(
    bank: ExpertBank, *, deliver_every: timedelta = timedelta(seconds=2)
) -> RunningWorker | None:
    """Start the scheduler (and, when views are not applied inline by each process, the
    views follower) in background threads; None if another worker already runs."""
    lock = WorkerLock(bank.settings)
    if not lock.acquire():
        log.warning("another worker is running for this installation: not starting one")
        return None
    lost = threading.Event()

    def fence() -> None:
        try:
            lock.check()
        except WorkerLockLost:
            log.error("the worker lost its lock (was the database restarted?): stopping")
            lost.set()
            raise

    worker = Worker(bank, fence)
    follower = None if bank.read_models.inline else start_following(bank.read_models.runner)
    scheduler = build_scheduler(worker.deliver, worker.sweep, deliver_every=deliver_every)
    scheduler.start()
    return RunningWorker(scheduler, lock, follower, lost)
