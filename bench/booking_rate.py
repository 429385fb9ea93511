"""Bookings per second through the service layer, against the store's raw save rate.

    .venv/bin/python -m bench.booking_rate [--backend sqlite|postgres|both]
        [--history 100000] [--sample 2000] [--under FOLDER]

For each backend, in one run and on one store: the rate of saving a new one-event aggregate
(``store.save`` of a trivial aggregate), the rate of ``bank.bookings.book`` and their ratio;
then, after ``--history`` bookings, both rates again and the booking rate against the rate
at the start. Raw saves and bookings are timed in alternating rounds, so that load from
elsewhere on the machine falls on both alike. Every booking must succeed: a refusal stops
the run. The programme is seeded through commands (see ``bench/programme.py``).
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

from eventsourcing.domain import Aggregate

if __name__ == "__main__" and not __package__:  # run as a file: python bench/booking_rate.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.programme import ENGAGEMENT_HOURS, Programme, Request
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

    @classmethod
    def of(cls, history: int, sample: int) -> Scale:
        """A programme big enough that ``history + sample`` bookings fit in about 28 weeks."""
        experts = max(2, (history + sample) // 1000)
        return cls(history, sample, experts, experts, max(3, experts // 2))


@dataclass(frozen=True)
class Rates:
    """Medians over the alternating rounds of one measure, per second."""

    raw_saves: float
    bookings: float
    ratio: float  # the median of the rounds' bookings / raw saves


@dataclass(frozen=True)
class Figures:
    start: Rates
    later: Rates
    longest_streams: dict[str, int]

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
    start = _timed_rounds(bank, clock, plan[: scale.sample])
    _book_history(bank, clock, plan[scale.sample : scale.history], report)
    later = _timed_rounds(bank, clock, plan[scale.history :])
    return Figures(start, later, _longest_streams(bank, plan))


def _timed_rounds(bank: ExpertBank, clock: ManualClock, requests: Sequence[Request]) -> Rates:
    raw_rates, booking_rates = [], []
    size = -(-len(requests) // ROUNDS)
    for first in range(0, len(requests), size):
        chunk = requests[first : first + size]
        began = time.perf_counter()
        for _ in chunk:
            bank.store.save(Marker())
        raw_rates.append(len(chunk) / (time.perf_counter() - began))
        began = time.perf_counter()
        _book(bank, clock, chunk)
        booking_rates.append(len(chunk) / (time.perf_counter() - began))
    ratios = [b / r for b, r in zip(booking_rates, raw_rates, strict=True)]
    return Rates(median(raw_rates), median(booking_rates), median(ratios))


def _book(bank: ExpertBank, clock: ManualClock, requests: Sequence[Request]) -> None:
    for request in requests:
        clock.set(request.at)
        bank.bookings.book(
            request.actor,
            service_id=request.service_id,
            provider_id=request.provider_id,
            window_id=request.window_id,
            start=request.start,
            engagement_id=request.engagement_id,
        )


def _book_history(
    bank: ExpertBank, clock: ManualClock, requests: Sequence[Request], report: Report
) -> None:
    step = max(len(requests) // 5, 1)
    began = time.perf_counter()
    for first in range(0, len(requests), step):
        _book(bank, clock, requests[first : first + step])
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
    report(f"  at the start ({scale.sample:,} bookings; medians of {ROUNDS} alternating rounds):")
    _print_rates(start, report)
    report(f"  after {scale.history:,} bookings (the next {scale.sample:,}):")
    _print_rates(later, report)
    report(f"    booking rate against the start        {figures.endurance:8.2f}   (target >= 0.80)")
    report(f"    the same, each against its raw rate   {figures.relative_endurance:8.2f}")
    streams = ", ".join(f"{name} {n}" for name, n in figures.longest_streams.items())
    report(f"  longest streams (events): {streams}; engagements hold {ENGAGEMENT_HOURS} hours")


def _print_rates(rates: Rates, report: Report) -> None:
    report(f"    raw save of a new one-event aggregate {rates.raw_saves:8,.0f} /s")
    report(f"    bookings through bank.bookings.book   {rates.bookings:8,.0f} /s")
    report(f"    bookings / raw saves                  {rates.ratio:8.2f}   (target >= 0.33)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--history", type=int, default=100_000, help="bookings before the second measure"
    )
    parser.add_argument("--sample", type=int, default=2_000, help="bookings timed in each measure")
    parser.add_argument(
        "--under", help="folder for the SQLite file (default: the system's temporary folder)"
    )
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        run(backend, Scale.of(args.history, args.sample), args.under)


if __name__ == "__main__":
    main()
