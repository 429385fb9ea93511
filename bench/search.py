"""Availability search latency on a generated programme (see generate.py).

Brings the views up to date first (not timed), then times typical searches: one theme,
the next four weeks, one region (peers of that region), first page of 20; and, for
comparison, a theme across every region, one provider, and the second page.

    python -m bench.search --data-dir /tmp/eb --runs 300
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from bench.generate import open_bank
from projections.availability_search import SlotPage


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(name: str, runs: int, search: Callable[[random.Random], SlotPage]) -> None:
    rng = random.Random(11)
    for _ in range(5):
        search(rng)  # warm the page cache and the statement cache
    samples, found = [], []
    for _ in range(runs):
        started = time.perf_counter()
        page = search(rng)
        samples.append((time.perf_counter() - started) * 1000)
        found.append(len(page.slots))
    print(
        f"{name:<34} p50 {percentile(samples, 0.5):6.1f} ms  p95 {percentile(samples, 0.95):6.1f}"
        f" ms  max {max(samples):6.1f} ms  slots/page {statistics.mean(found):4.1f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args(argv)
    bank = open_bank(args.data_dir, args.database_url)
    views = bank.read_models
    views.runner.catch_up()
    search = views.availability.search

    def ids(statement: str) -> list[UUID]:
        return [UUID(next(iter(row.values()))) for row in views.database.query(statement)]

    themes = ids("SELECT theme_id FROM {view_themes}")
    regions = ids("SELECT region_id FROM {view_regions}")
    providers = ids("SELECT DISTINCT provider_id FROM {view_windows}")
    windows = len(ids("SELECT window_id FROM {view_windows}"))
    live = views.database.query(
        "SELECT COUNT(*) AS n FROM {view_bookings} WHERE status IN ('held', 'confirmed')"
    )[0]["n"]
    print(
        f"{len(providers):,} providers, {windows:,} weekly windows, {live:,} live bookings, "
        f"{bank.head_position():,} events"
    )
    measure(
        "theme + region, next 4 weeks",
        args.runs,
        lambda rng: search(theme_id=rng.choice(themes), region_id=rng.choice(regions)),
    )
    measure(
        "theme, every region, next 4 weeks",
        args.runs,
        lambda rng: search(theme_id=rng.choice(themes)),
    )
    measure(
        "one provider, next 4 weeks",
        args.runs,
        lambda rng: search(provider_id=rng.choice(providers)),
    )
    chooser = random.Random(5)
    followed = []
    for _ in range(50):
        theme = chooser.choice(themes)
        followed.append((theme, search(theme_id=theme, limit=20).next_cursor))
    measure(
        "theme, every region, page 2",
        args.runs,
        lambda rng: search(theme_id=(pick := rng.choice(followed))[0], after=pick[1]),
    )
    bank.close()


if __name__ == "__main__":
    main()
