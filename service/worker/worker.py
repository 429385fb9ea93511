"""The worker: keeps the views and the outbox current, delivers mail, and runs the sweeps.

Exactly one runs per installation (see ``WorkerLock``): the Procfile's ``worker``
process, or, in the embedded SQLite set-up, a background thread of the one web process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from projections.calendar import CalendarQueries
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
            calendar=CalendarQueries(bank.views),
            worklists=WorklistQueries(bank.views),
            settings=ScheduleSettings.from_settings(bank.settings),
        )

    def follow(self) -> None:
        """Apply new events to every view and the outbox, then deliver what is due."""
        self.bank.projections.catch_up()
        delivery = self.bank.mail.deliver()
        if delivery.sent or delivery.failed or delivery.retrying:
            log.info("mail: %s", delivery)

    def sweep(self, name: str) -> int:
        """Run one sweeper on current views; what it records is mailed by ``follow``."""
        if name not in SWEEP_TRIGGERS:
            raise ValueError(f"no such job: {name}")
        self.bank.projections.catch_up()
        done: int = getattr(self.sweepers, name)()
        if done:
            log.info("%s: %d", name, done)
        return done

    def sweep_all(self) -> dict[str, int]:
        return {name: self.sweep(name) for name in SWEEP_TRIGGERS}


@dataclass
class RunningWorker:
    scheduler: Any
    lock: WorkerLock

    def stop(self) -> None:
        self.scheduler.shutdown(wait=True)
        self.lock.release()


def start_worker(
    bank: ExpertBank, *, follow_every: timedelta = timedelta(seconds=2)
) -> RunningWorker | None:
    """Start the scheduler in background threads; None if another worker already runs."""
    lock = WorkerLock(bank.settings)
    if not lock.acquire():
        log.warning("another worker is running for this installation: not starting one")
        return None
    worker = Worker(bank)
    scheduler = build_scheduler(worker.follow, worker.sweep, follow_every=follow_every)
    scheduler.start()
    return RunningWorker(scheduler, lock)
