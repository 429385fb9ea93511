"""Bookings per second through the service layer, against what the store and the database
can do alone.

    .venv/bin/python -m bench.booking_rate [--backend sqlite|postgres|both]
        [--history 100000] [--sample 2000] [--concurrent 2000] [--under FOLDER]

For each backend, in one run and on one store: the rate of saving a new one-event aggregate
(``store.save`` of a trivial aggregate), on PostgreSQL the rate of a one-row INSERT
transaction on a connection of the store's pool (``bench/raw_insert.py``), the rate of
``bank.bookings.book`` and the ratios; then, after ``--history`` bookings, the same again
and the booking rate against the rate at the start. They are timed in alternating rounds,
each printed, so that load from elsewhere on the machine falls on all alike. On PostgreSQL,
``--concurrent`` of the history's bookings measure 8 clients booking at once against one
alone (``bench/concurrent_clients.py``). Every booking must succeed: a refusal stops the
run. The programme is seeded through commands (see ``bench/programme.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import Any

from eventsourcing.domain import Aggregate

if __name__ == "__main__" and not __package__:  # run as a file: python bench/booking_rate.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.concurrent_clients import Concurrency, measure_concurrency
from bench.programme import ENGAGEMENT_HOURS, Programme, Request, book
from bench.raw_insert import RawInsert
from domain import ids
from domain.diary import ProviderDiary
from domain.engagements import Engagement
from domain.peer_month import PeerMonth
from domain.time import london_date, month_key
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank

START = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
ROUNDS = 10
CLIENTS = 8
TARGET = "   (target >= 0.33)"
POSTGRES_URL = os.environ.get(
    "EXPERTBANK_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
Report = Callable[[str], None]


class Marker(Aggregate):
    """The trivial aggregate whose one-event save is the store's raw speed."""

    TOPIC = "bench:Marker"

    class Created(Aggregate.Created):
        TOPIC = "bench:Marker.Created"


@dataclass(frozen=True)
class Scale:
    history: int
    sample: int
    experts: int
    peers: int
    services: int
    concurrent: int = 0  # bookings of the concurrency measure (PostgreSQL), part of history
    clients: int = CLIENTS

    @classmethod
    def of(cls, history: int, sample: int, concurrent: int = 0) -> Scale:
        """A programme big enough that ``history + sample`` bookings fit in about 28 weeks,
        with a provider or more for each client."""
        experts = max(CLIENTS // 2, (history + sample) // 1000)
        concurrent = max(0, min(concurrent, history - sample))
        return cls(history, sample, experts, experts, max(3, experts // 2), concurrent)


@dataclass(frozen=True)
class Rates:
    """Medians over the alternating rounds of one measure, per second."""

    raw_saves: float
    bookings: float
    booking_cpu_ms: float  # this process's CPU time per booking
    cpu_ratio: float  # the median of the rounds' raw save CPU time / booking CPU time
    ratio: float  # the median of the rounds' bookings / raw saves
    raw_inserts: float | None = None  # PostgreSQL only
    insert_ratio: float | None = None  # the median of the rounds' bookings / raw INSERTs


@dataclass(frozen=True)
class Figures:
    start: Rates
    later: Rates
    longest_streams: dict[str, int]
    concurrency: Concurrency | None = None

    @property
    def endurance(self) -> float:
        """The booking rate after the history, as a share of the rate at the start."""
        return self.later.bookings / self.start.bookings

    @property
    def relative_endurance(self) -> float:
        """The same, each rate taken against the raw save rate measured alongside it: the
        machine's changing load cancels out (and so would the store's own slowing)."""
        return self.later.ratio / self.start.ratio


def measure(bank: ExpertBank, clock: ManualClock, scale: Scale, report: Report) -> Figures:
    """Seed a programme, then time raw saves and bookings at the start and after history."""
    began = time.perf_counter()
    programme = Programme.seed(
        bank, clock, experts=scale.experts, peers=scale.peers, services=scale.services
    )
    plan = programme.plan(scale.history + scale.sample)  # commissions the engagements
    report(
        f"  seeded {scale.experts} experts, {scale.peers} peers, {scale.services} services, "
        f"{len({r.engagement_id for r in plan} - {None})} engagements through commands "
        f"in {time.perf_counter() - began:.0f} s"
    )
    raw_insert = RawInsert.of(bank)
    report(f"  at the start ({scale.sample:,} bookings):")
    start = _timed_rounds(bank, clock, plan[: scale.sample], raw_insert, report)
    concurrency = None
    booked = scale.sample
    if raw_insert is not None and scale.concurrent:
        booked += scale.concurrent
        together = plan[scale.sample : booked]
        report(f"  {scale.clients} clients booking different providers at once:")
        concurrency = measure_concurrency(bank, together, scale.clients, report)
    _book_history(bank, clock, plan[booked : scale.history], report)
    report(f"  after {scale.history:,} bookings (the next {scale.sample:,}):")
    later = _timed_rounds(bank, clock, plan[scale.history :], raw_insert, report)
    return Figures(start, later, _longest_streams(bank, plan), concurrency)


def _timed_rounds(
    bank: ExpertBank,
    clock: ManualClock,
    requests: Sequence[Request],
    raw_insert: RawInsert | None,
    report: Report,
) -> Rates:
    """Raw INSERTs (PostgreSQL), raw saves and bookings in alternating rounds, each round
    printed; medians of the rates, and of the rounds' ratios."""
    inserts, saves, bookings, cpu, cpu_ratios = [], [], [], [], []
    size = -(-len(requests) // ROUNDS)
    for first in range(0, len(requests), size):
        chunk = requests[first : first + size]
        if raw_insert is not None:
            inserts.append(_rate(len(chunk), raw_insert.run, len(chunk)))
        began = time.process_time()
        saves.append(_rate(len(chunk), _save_markers, bank, len(chunk)))
        saved = time.process_time()
        bookings.append(_rate(len(chunk), book, bank, clock, chunk))
        booked = time.process_time()
        cpu.append((booked - saved) * 1000 / len(chunk))
        cpu_ratios.append((saved - began) / (booked - saved))
        against = f", raw INSERTs {inserts[-1]:7,.0f} /s" if inserts else ""
        report(
            f"    round {len(bookings):2}: bookings {bookings[-1]:7,.0f} /s "
            f"({cpu[-1]:4.2f} ms CPU each), raw saves {saves[-1]:7,.0f} /s{against}"
        )
    return Rates(
        raw_saves=median(saves),
        bookings=median(bookings),
        booking_cpu_ms=median(cpu),
        cpu_ratio=median(cpu_ratios),
        ratio=median(b / r for b, r in zip(bookings, saves, strict=True)),
        raw_inserts=median(inserts) if inserts else None,
        insert_ratio=(
            median(b / r for b, r in zip(bookings, inserts, strict=True)) if inserts else None
        ),
    )


def _rate(count: int, run: Callable[..., None], *args: Any) -> float:
    """``count`` a second, the time ``run(*args)`` takes to do them."""
    began = time.perf_counter()
    run(*args)
    return count / (time.perf_counter() - began)


def _save_markers(bank: ExpertBank, count: int) -> None:
    for _ in range(count):
        bank.store.save(Marker())


def _book_history(
    bank: ExpertBank, clock: ManualClock, requests: Sequence[Request], report: Report
) -> None:
    step = max(len(requests) // 5, 1)
    began = time.perf_counter()
    for first in range(0, len(requests), step):
        book(bank, clock, requests[first : first + step])
        done = min(first + step, len(requests))
        report(f"  history: {done:,} more bookings in {time.perf_counter() - began:.0f} s")


def _longest_streams(bank: ExpertBank, plan: Sequence[Request]) -> dict[str, int]:
    """Events in the longest engagement, diary and peer-month stream the plan touched."""
    engagements = {r.engagement_id for r in plan if r.engagement_id is not None}
    months = {
        ids.peer_month_id(r.provider_id, month_key(r.start))
        for r in plan
        if r.engagement_id is None
    }
    diaries = {ids.diary_id(r.provider_id, london_date(r.start)) for r in plan}
    kinds: list[tuple[str, type[Aggregate], set[uuid.UUID]]] = [
        ("engagement", Engagement, engagements),
        ("diary", ProviderDiary, diaries),
        ("peer month", PeerMonth, months),
    ]
    return {
        name: max((bank.ctx.load(kind, i, name, field=None).version for i in found), default=0)
        for name, kind, found in kinds
    }


@contextmanager
def store(backend: str, scratch: Path) -> Iterator[Settings]:
    """A new empty store: an SQLite file in ``scratch``, or a new PostgreSQL schema."""
    if backend == "sqlite":
        yield Settings(data_dir=scratch)
        return
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield Settings(data_dir=scratch, database_url=f"{POSTGRES_URL}?schema={schema}")
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run(backend: str, scale: Scale, under: str | None = None, report: Report = print) -> Figures:
    """Measure on a new store; an SQLite file goes in a new folder ``under`` a folder (the
    system's temporary folder by default)."""
    report(f"{backend}:")
    with (
        tempfile.TemporaryDirectory(dir=under) as scratch,
        store(backend, Path(scratch)) as settings,
    ):
        clock = ManualClock(START)
        bank = bootstrap(settings, clock)
        try:
            figures = measure(bank, clock, scale, report)
        finally:
            bank.close()
    _print_figures(figures, scale, report)
    return figures


def _print_figures(figures: Figures, scale: Scale, report: Report) -> None:
    start, later = figures.start, figures.later
    report(f"  summary (medians of {ROUNDS} alternating rounds):")
    report(f"  at the start ({scale.sample:,} bookings):")
    _print_rates(start, report)
    if figures.concurrency is not None:
        _print_concurrency(figures.concurrency, scale, report)
    report(f"  after {scale.history:,} bookings (the next {scale.sample:,}):")
    _print_rates(later, report)
    report(f"    booking rate against the start        {figures.endurance:8.2f}   (target >= 0.80)")
    report(f"    the same, each against its raw rate   {figures.relative_endurance:8.2f}")
    streams = ", ".join(f"{name} {n}" for name, n in figures.longest_streams.items())
    report(f"  longest streams (events): {streams}; engagements hold {ENGAGEMENT_HOURS} hours")


def _print_rates(rates: Rates, report: Report) -> None:
    on_postgres = rates.raw_inserts is not None
    target = "" if on_postgres else TARGET
    if rates.raw_inserts is not None and rates.insert_ratio is not None:
        report(f"    raw one-row INSERT transaction        {rates.raw_inserts:8,.0f} /s")
    report(f"    raw save of a new one-event aggregate {rates.raw_saves:8,.0f} /s")
    report(f"    bookings through bank.bookings.book   {rates.bookings:8,.0f} /s")
    report(f"    this process's CPU per booking        {rates.booking_cpu_ms:8.2f} ms")
    report(f"    bookings / raw saves                  {rates.ratio:8.2f}{target}")
    report(f"    the same in this process's CPU time   {rates.cpu_ratio:8.2f}")
    if rates.insert_ratio is not None:
        report(f"    bookings / raw INSERTs                {rates.insert_ratio:8.2f}{TARGET}")


def _print_concurrency(concurrency: Concurrency, scale: Scale, report: Report) -> None:
    alone = median(r.rate for r in concurrency.alone)
    together = median(r.rate for r in concurrency.together)
    report(f"  {scale.clients} clients booking different providers at once:")
    report(f"    one client alone                      {alone:8,.0f} /s")
    report(f"    {scale.clients} clients together                    {together:8,.0f} /s")
    report(f"    together / alone                      {concurrency.ratio:8.2f}   (target >= 1.5)")
    busy = concurrency.busy
    report(
        f"    retries {concurrency.retries}; waiting for locks "
        f"{concurrency.lock_wait_share:.0%} of the clients' time"
        + ("" if busy is None else f"; the machine's processors busy {busy:.0%} of the time")
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--history", type=int, default=100_000, help="bookings before the second measure"
    )
    parser.add_argument("--sample", type=int, default=2_000, help="bookings timed in each measure")
    parser.add_argument(
        "--concurrent",
        type=int,
        default=2_000,
        help=f"bookings of the {CLIENTS}-client measure (PostgreSQL), made after the first",
    )
    parser.add_argument(
        "--under", help="folder for the SQLite file (default: the system's temporary folder)"
    )
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        run(backend, Scale.of(args.history, args.sample, args.concurrent), args.under)


if __name__ == "__main__":
    main()
