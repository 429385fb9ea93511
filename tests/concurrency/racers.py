"""Racing bookings: many threads sharing one ExpertBank, or OS processes each with its own.

Every racer waits behind a barrier so that all start together, then makes its attempts and
reports each outcome: the booking's id, the name of the refusal, or (never expected) the
traceback of any other exception. Waits have deadlines; nothing sleeps to synchronise.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.errors import (
    AllowanceExceeded,
    CapExceeded,
    Conflict,
    IllegalTransition,
    SessionFull,
    SlotTaken,
)
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank

DEADLINE_SECONDS = 60
PROCESSES = 4
THREADS = 16
REFUSALS = (SlotTaken, SessionFull, AllowanceExceeded, CapExceeded, IllegalTransition, Conflict)


@dataclass(frozen=True)
class Attempt:
    """One command of ``bank.bookings``: ``book`` (the default), or ``move``, ``cancel``,
    ``confirm`` or ``decline`` the booking ``target``."""

    actor: UUID
    service_id: UUID
    provider_id: UUID
    window_id: UUID
    start: datetime
    engagement_id: UUID | None = None
    action: str = "book"
    target: UUID | None = None


@dataclass(frozen=True)
class Outcome:
    attempt: Attempt
    booked: UUID | None = None
    refused: str | None = None
    unexpected: str | None = None


def attempt_booking(bank: ExpertBank, attempt: Attempt) -> Outcome:
    try:
        booking_id = _run(bank, attempt)
    except REFUSALS as refusal:
        return Outcome(attempt, refused=type(refusal).__name__)
    except Exception:  # anything else is a failure: handed to the test, which reports it
        return Outcome(attempt, unexpected=traceback.format_exc())
    return Outcome(attempt, booked=booking_id)


def _run(bank: ExpertBank, attempt: Attempt) -> UUID:
    """The booking made, or the ``target`` the command changed."""
    bookings, actor, target = bank.bookings, attempt.actor, attempt.target
    if attempt.action == "book":
        return bookings.book(
            actor,
            service_id=attempt.service_id,
            provider_id=attempt.provider_id,
            window_id=attempt.window_id,
            start=attempt.start,
            engagement_id=attempt.engagement_id,
        )
    assert target is not None, f"{attempt.action} needs a target booking"
    if attempt.action == "move":
        bookings.reschedule(actor, target, window_id=attempt.window_id, start=attempt.start)
    elif attempt.action == "cancel":
        bookings.cancel(actor, target, reason="Racing to cancel")
    elif attempt.action == "confirm":
        bookings.confirm_hold(actor, target)
    elif attempt.action == "decline":
        bookings.decline_hold(actor, target, reason="Racing to decline")
    else:
        raise AssertionError(f"no such action: {attempt.action}")
    return target


def race_threads(bank: ExpertBank, attempts: Sequence[Attempt]) -> list[Outcome]:
    """One thread per attempt, all on ``bank``, released together."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt: Attempt) -> Outcome:
        barrier.wait(timeout=DEADLINE_SECONDS)
        return attempt_booking(bank, attempt)

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        futures = [pool.submit(run, attempt) for attempt in attempts]
        _, late = wait(futures, timeout=DEADLINE_SECONDS)
        assert not late, f"{len(late)} racing threads gave no answer in {DEADLINE_SECONDS} s"
        return [future.result() for future in futures]


def race_processes(settings: Settings, now: datetime, attempts: Sequence[Attempt]) -> list[Outcome]:
    """``PROCESSES`` spawned processes, each with its own ExpertBank built from ``settings``
    and a clock at ``now``; they share the attempts out, start together, and each makes
    its share at once, a thread for each attempt."""
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(PROCESSES)
    results: Any = spawn.Queue()
    shares = [list(attempts[n::PROCESSES]) for n in range(PROCESSES)]
    workers = [
        spawn.Process(target=_race_in_process, args=(settings, now, share, barrier, results))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + DEADLINE_SECONDS
    try:
        reports = [results.get(timeout=max(deadline - time.monotonic(), 0)) for _ in workers]
    except queue.Empty:
        raise AssertionError(f"a racing process gave no answer in {DEADLINE_SECONDS} s") from None
    finally:
        for worker in workers:
            worker.join(timeout=max(deadline - time.monotonic(), 1))
            if worker.is_alive():
                worker.terminate()
    failures = [report for report in reports if isinstance(report, str)]
    assert not failures, "a racing process failed:\n" + "\n".join(failures)
    return [outcome for report in reports for outcome in report]


def _race_in_process(
    settings: Settings,
    now: datetime,
    attempts: list[Attempt],
    barrier: Any,
    results: Any,
) -> None:
    try:
        bank = bootstrap(settings, ManualClock(now))
        try:
            barrier.wait(timeout=DEADLINE_SECONDS)
            results.put(race_threads(bank, attempts))
        finally:
            bank.close()
    except Exception:  # the parent turns this into the test's failure message
        results.put(traceback.format_exc())
