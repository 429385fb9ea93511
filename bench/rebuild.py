"""Rebuild rate: events per second when rebuilding every view from the first event, beside
the raw rate of reading the same notifications without applying them, in the same run.

Both are measured as wall-clock rates and as rates per second of this process's CPU time.
Raw reads and rebuilds alternate (``--rounds`` rebuilds, each between two raw reads), and
each rebuild is compared with the raw reads either side of it, so that load from elsewhere
on a shared machine falls on both.

    python -m bench.rebuild --data-dir /tmp/eb
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

from bench.generate import open_bank
from service.application import ExpertBank


def timed(work: Callable[[], int]) -> tuple[int, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    count = work()
    return count, time.perf_counter() - wall, time.process_time() - cpu


def read_raw(bank: ExpertBank) -> int:
    """Read every notification, in the batches a rebuild uses, applying nothing."""
    batch = bank.read_models.runner.rebuild_batch_size
    read, position = 0, 0
    while True:
        notifications = bank.store.recorder.select_notifications(start=position + 1, limit=batch)
        if not notifications:
            return read
        read += len(notifications)
        position = notifications[-1].id


def report(name: str, count: int, wall: float, cpu: float) -> tuple[float, float]:
    print(
        f"{name:<34} {count:>10,} events in {wall:6.1f} s = {count / wall:>9,.0f}/s wall,"
        f" {count / cpu:>9,.0f}/s CPU"
    )
    return count / wall, count / cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rounds", type=int, default=2, help="rebuilds, each between raw reads")
    args = parser.parse_args(argv)
    bank = open_bank(args.data_dir, args.database_url)
    runner = bank.read_models.runner
    head = bank.head_position()

    def rebuild() -> int:
        runner.rebuild()
        return head

    raw = [report("raw read of the notifications", *timed(lambda: read_raw(bank)))]
    ratios = []
    for _ in range(args.rounds):
        rebuilt = report("rebuild of every view", *timed(rebuild))
        raw.append(report("raw read of the notifications", *timed(lambda: read_raw(bank))))
        # Against the raw reads just before and just after it: load from elsewhere on the
        # machine, which comes and goes, falls on both sides alike.
        around = [(before + after) / 2 for before, after in zip(raw[-2], raw[-1], strict=True)]
        ratios.append((rebuilt[0] / around[0], rebuilt[1] / around[1]))
        print(
            f"  this rebuild / the raw reads around it: {ratios[-1][0]:.0%} wall, "
            f"{ratios[-1][1]:.0%} CPU"
        )
    print(
        f"rebuild / raw, median of {len(ratios)}: {median(r[0] for r in ratios):.0%} wall,"
        f" {median(r[1] for r in ratios):.0%} CPU (target: at least 25%)"
    )
    bank.close()


if __name__ == "__main__":
    main()
