"""The worker's work: delivering mail and running the sweeps on current views.

``entrypoints.worker`` runs it (exactly one per installation).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from projections.worklists import WorklistQueries
from service.application import ExpertBank
from service.jobs.scheduler import SWEEP_TRIGGERS
from service.jobs.sweepers import ScheduleSettings, Sweepers

log = logging.getLogger("expertbank.worker")


class Worker:
    """``fence`` raises once this worker may no longer work (it lost the one-worker lock):
    called before each job and each message sent."""

    def __init__(self, bank: ExpertBank, fence: Callable[[], None] = lambda: None) -> None:
        self.bank = bank
        self.fence = fence
        self.sweepers = Sweepers(
            clock=bank.clock,
            bookings=bank.bookings,
            notices=bank.notices,
            worklists=WorklistQueries(bank.read_models.database),
            settings=ScheduleSettings.from_settings(bank.settings),
            calendars=bank.own_calendars,
        )

    def deliver(self) -> None:
        """Bring the outbox up to date, then send the mail that is due."""
        self.fence()
        delivery = self.bank.mail.deliver(self.fence)
        if delivery.sent or delivery.failed or delivery.retrying:
            log.info("mail: %s", delivery)

    def sweep(self, name: str) -> int:
        """Run one sweeper on current views. What it records is put in the outbox at once
        (a reminder derived late would already be out of date) and sent by ``deliver``."""
        if name not in SWEEP_TRIGGERS:
            raise ValueError(f"no such job: {name}")
        self.fence()
        self.bank.read_models.runner.catch_up()
        done: int = getattr(self.sweepers, name)()
        if done:
            log.info("%s: %d", name, done)
            self.bank.mail.update()
        return done
