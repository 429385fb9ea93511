"""The worker: keeps the views and the outbox current, delivers mail, and runs the sweeps.

Exactly one runs per installation (see ``WorkerLock``): the Procfile's ``worker``
process, or, in the embedded SQLite set-up, background threads of the one web process.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from projections.follower import start_following
from projections.worklists import WorklistQueries
from service.bootstrap import ExpertBank
from service.worker.lock import WorkerLock
from service.worker.scheduler import SWEEP_TRIGGERS, build_scheduler
from service.worker.sweepers import ScheduleSettings, Sweepers

log = logging.getLogger("expertbank.worker")


class Worker:
    def __init__(self, bank: ExpertBank) -> None:
        self.bank = bank
        self.sweepers = Sweepers(
            clock=bank.clock,
            bookings=bank.bookings,
            notices=bank.notices,
            worklists=WorklistQueries(bank.views.database),
            settings=ScheduleSettings.from_settings(bank.settings),
        )

    def deliver(self) -> None:
        """Bring the outbox up to date, then send the mail that is due."""
        delivery = self.bank.mail.deliver()
        if delivery.sent or delivery.failed or delivery.retrying:
            log.info("mail: %s", delivery)

    def sweep(self, name: str) -> int:
        """Run one sweeper on current views. What it records is put in the outbox at once
        (a reminder derived late would already be out of date) and sent by ``deliver``."""
        if name not in SWEEP_TRIGGERS:
            raise ValueError(f"no such job: {name}")
        self.bank.views.runner.catch_up()
        done: int = getattr(self.sweepers, name)()
        if done:
            log.info("%s: %d", name, done)
            self.bank.mail.update()
        return done


@dataclass
class RunningWorker:
    scheduler: Any
    lock: WorkerLock
    follower: tuple[threading.Thread, threading.Event] | None

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
    worker = Worker(bank)
    follower = None if bank.views.inline else start_following(bank.views.runner)
    scheduler = build_scheduler(worker.deliver, worker.sweep, deliver_every=deliver_every)
    scheduler.start()
    return RunningWorker(scheduler, lock, follower)
