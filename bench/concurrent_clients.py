"""Several clients booking at once on PostgreSQL, against one client alone.

Each client is a process of its own with its own ExpertBank, as a web server's workers
are, and books providers that no other client books, so that no two bookings change the
same aggregate: what the clients contend for is the store itself. One client alone and all
of them together book in alternating rounds. While they book, the benchmark looks every
10 ms at how many of the clients' connections wait for a lock (``pg_stat_activity``): the
sum of those counts times the interval is the time spent waiting, all clients together.
Each round also tells the clients' own CPU time per booking and how busy the machine's
processors were (``/proc/stat``, all processes: other work on the machine too): when they
are busy all the time, more clients can only share the same processors.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any
from uuid import UUID

from bench.programme import Request, book
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.eventsourcing_internals import datastore_of
from infrastructure.settings import Settings
from service.application import ExpertBank

APPLICATION_NAME = "expertbank-bench-client"  # how the sampler tells the clients' connections
SAMPLE_SECONDS = 0.01
DEADLINE_SECONDS = 600
ROUNDS = 3
WARM_UP = 5  # bookings per client before the rounds, not timed: each process loads its cache
Report = Callable[[str], None]


@dataclass(frozen=True)
class Round:
    clients: int
    bookings: int
    seconds: float
    retries: int  # commands run again after a conflict or a lock timeout
    lock_wait: float  # seconds spent waiting for locks, all clients together
    cpu: float  # the clients' own CPU seconds, all together
    busy: float | None  # the share of the machine's processor time in use (None: unknown)

    @property
    def rate(self) -> float:
        return self.bookings / self.seconds

    def describe(self) -> str:
        waiting = self.lock_wait / (self.clients * self.seconds)
        busy = "" if self.busy is None else f", machine busy {self.busy:4.0%}"
        return (
            f"{self.clients} client{'s' if self.clients > 1 else ' '} {self.rate:7,.0f} /s, "
            f"{self.retries} retries, {self.lock_wait:5.2f} s waiting for locks "
            f"({waiting:4.0%} of the clients' time), "
            f"{self.cpu * 1000 / self.bookings:4.2f} ms client CPU each{busy}"
        )


@dataclass(frozen=True)
class Concurrency:
    """Rounds of one client alone and of all the clients together, alternating."""

    alone: list[Round]
    together: list[Round]

    @property
    def ratio(self) -> float:
        """The median of the rounds' rates together / the rate alone just before."""
        pairs = zip(self.together, self.alone, strict=True)
        return median(t.rate / a.rate for t, a in pairs)

    @property
    def retries(self) -> int:
        return sum(r.retries for r in self.together)

    @property
    def busy(self) -> float | None:
        """The median share of the machine's processor time in use, the clients' rounds."""
        shares = [r.busy for r in self.together if r.busy is not None]
        return median(shares) if shares else None

    @property
    def lock_wait_share(self) -> float:
        """Of the clients' time together, the share spent waiting for locks."""
        return sum(r.lock_wait for r in self.together) / sum(
            r.clients * r.seconds for r in self.together
        )


def measure_concurrency(
    bank: ExpertBank, requests: Sequence[Request], count: int, report: Report
) -> Concurrency:
    """Book ``requests``: first a few each, untimed, then one client alone and ``count``
    clients together in ``ROUNDS`` alternating rounds, each printed."""
    warm_up = count * WARM_UP
    size = (len(requests) - warm_up) // (2 * ROUNDS)
    chunks = [requests[warm_up + n * size : warm_up + (n + 1) * size] for n in range(2 * ROUNDS)]
    alone, together = [], []
    with clients(bank, count) as started:
        started.book(by_provider(requests[:warm_up], count))
        for one, all_of_them in zip(chunks[::2], chunks[1::2], strict=True):
            alone.append(started.book([one]))
            together.append(started.book(by_provider(all_of_them, count)))
            report(f"    round {len(alone)}: {alone[-1].describe()}")
            report(f"             {together[-1].describe()}")
    return Concurrency(alone, together)


def _client(settings: Settings, start: datetime, inbox: Any, outbox: Any) -> None:
    """A client process: books each list of requests it is given, reporting how many it
    booked, its retries and its CPU time, until it is given None."""
    os.environ["PGAPPNAME"] = APPLICATION_NAME  # libpq names every connection it opens
    clock = ManualClock(start)
    bank = bootstrap(settings, clock)
    outbox.put("ready")
    try:
        while (requests := inbox.get()) is not None:
            retries, cpu = bank.ctx.retries, time.process_time()
            try:
                book(bank, clock, requests)
            except Exception:
                outbox.put(traceback.format_exc())
                return
            outbox.put((len(requests), bank.ctx.retries - retries, time.process_time() - cpu))
    finally:
        bank.close()


class Clients:
    """``count`` client processes on the store of ``bank``, started together."""

    def __init__(self, bank: ExpertBank, count: int) -> None:
        self._bank = bank
        spawn = multiprocessing.get_context("spawn")
        self._outbox = spawn.Queue()
        self._inboxes = [spawn.Queue() for _ in range(count)]
        start = bank.ctx.clock.now()
        self._processes = [
            spawn.Process(
                target=_client, args=(bank.ctx.settings, start, inbox, self._outbox), daemon=True
            )
            for inbox in self._inboxes
        ]
        for process in self._processes:
            process.start()
        for _ in self._processes:
            self._answer()

    def book(self, groups: Sequence[Sequence[Request]]) -> Round:
        """Each group to a client of its own, all at once; back when all are booked."""
        busy = [group for group in groups if group]
        with _lock_waits(self._bank) as waited:
            began, machine = time.perf_counter(), _machine_times()
            for inbox, group in zip(self._inboxes, busy, strict=False):
                inbox.put(list(group))
            answers = [self._answer() for _ in busy]
            seconds = time.perf_counter() - began
            in_use = _busy_share(machine, _machine_times())
        booked, retries, cpu = (sum(column) for column in zip(*answers, strict=True))
        return Round(len(busy), booked, seconds, retries, waited(), cpu, in_use)

    def _answer(self) -> Any:
        answer = self._outbox.get(timeout=DEADLINE_SECONDS)
        if isinstance(answer, str) and answer != "ready":
            raise RuntimeError(f"a client failed:\n{answer}")
        return answer

    def close(self) -> None:
        for inbox in self._inboxes:
            inbox.put(None)
        for process in self._processes:
            process.join(DEADLINE_SECONDS)


@contextmanager
def clients(bank: ExpertBank, count: int) -> Iterator[Clients]:
    started = Clients(bank, count)
    try:
        yield started
    finally:
        started.close()


def by_provider(requests: Sequence[Request], count: int) -> list[list[Request]]:
    """The requests in ``count`` groups, each provider's in one group, in their order."""
    groups: list[list[Request]] = [[] for _ in range(count)]
    client_of: dict[UUID, int] = {}
    for request in requests:
        client = client_of.setdefault(request.provider_id, len(client_of) % count)
        groups[client].append(request)
    return groups


def _machine_times() -> tuple[int, int] | None:
    """All processors' time so far and the idle part of it, in ticks (Linux), else None."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(n) for n in stat.readline().split()[1:]]
    except OSError:
        return None
    return sum(ticks), ticks[3] + ticks[4]  # idle, and waiting for the disk


def _busy_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    if before is None or after is None or after[0] == before[0]:
        return None
    return 1 - (after[1] - before[1]) / (after[0] - before[0])


@contextmanager
def _lock_waits(bank: ExpertBank) -> Iterator[Any]:
    """Sample the clients' lock waits until the block ends; yields a function giving the
    seconds waited."""
    waited = [0.0]
    done = threading.Event()
    statement = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE application_name = %s AND wait_event_type = 'Lock'"
    )

    def sample() -> None:
        with datastore_of(bank.store.recorder).get_connection() as conn:
            last = time.perf_counter()
            while not done.wait(SAMPLE_SECONDS):
                row = conn.execute(statement, (APPLICATION_NAME,)).fetchone()
                now = time.perf_counter()
                waited[0] += row["count"] * (now - last)
                last = now

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield lambda: waited[0]
    finally:
        done.set()
        sampler.join()
