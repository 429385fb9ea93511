"""The benchmark is a script, not a timed test; this only keeps it from rotting."""

from __future__ import annotations

from pathlib import Path

from bench import booking_cpu
from bench.booking_rate import Scale, measure
from bench.programme import ENGAGEMENT_HOURS
from infrastructure.clock import ManualClock
from service.application import ExpertBank


def test_the_booking_benchmark_books_its_whole_plan(
    bank: ExpertBank, clock: ManualClock, backend: str
) -> None:
    scale = Scale(history=60, sample=20, experts=2, peers=2, services=3, concurrent=22, clients=2)
    lines: list[str] = []

    figures = measure(bank, clock, scale, lines.append)

    booked = bank.store.recorder.select_notifications(1, 1000, topics=["expertbank:Booking.Booked"])
    assert len(booked) == scale.history + scale.sample
    assert min(figures.start.raw_saves, figures.start.bookings, figures.later.bookings) > 0
    assert 1 < figures.longest_streams["engagement"] <= ENGAGEMENT_HOURS + 1
    assert figures.longest_streams["peer month"] > 1
    assert any("seeded 2 experts, 2 peers" in line for line in lines)
    assert sum(line.startswith("    round ") for line in lines) >= 20  # every round printed
    if backend == "sqlite":
        assert figures.start.raw_inserts is None and figures.concurrency is None
        return
    assert figures.start.raw_inserts and figures.later.insert_ratio
    concurrency = figures.concurrency
    assert concurrency is not None
    assert [r.clients for r in concurrency.together] == [2, 2, 2]
    assert [r.clients for r in concurrency.alone] == [1, 1, 1]
    assert all(r.bookings == 2 for r in concurrency.alone + concurrency.together)
    assert concurrency.retries == 0  # the clients book different providers
    rounds = concurrency.alone + concurrency.together
    assert all(r.cpu > 0 and (r.busy is None or 0 <= r.busy <= 1) for r in rounds)


def test_the_booking_cpu_benchmark_books_and_saves_outside_callgrind(tmp_path: Path) -> None:
    booking, save = booking_cpu.measure(20, str(tmp_path), callgrind=False)

    assert booking > save > 0
