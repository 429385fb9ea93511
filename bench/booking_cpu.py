"""The CPU work of a booking against the store's raw save, counted so that a loaded machine
cannot blur it: run under valgrind's callgrind, which counts the instructions executed.

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=cg.%p \\
        .venv/bin/python -m bench.booking_cpu --callgrind [--bookings 300] [--under /dev/shm]
    grep ^totals: cg.*.1 cg.*.2    # 1: the bookings, 2: as many raw saves

The programme is seeded and 500 bookings and raw saves warm the process up uncounted; then
callgrind counts ``--bookings`` bookings (``cg.PID.1``) and as many raw saves (``cg.PID.2``):
the same figures as ``bench.booking_rate``'s, on an SQLite file ``--under`` a folder.
Without ``--callgrind`` it prints this process's CPU time for each instead (no valgrind).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __name__ == "__main__" and not __package__:  # run as a file: python bench/booking_cpu.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.booking_rate import START, Scale, _save_markers
from bench.programme import Programme, book
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings

WARM_UP = 500


def measure(bookings: int, under: str | None, *, callgrind: bool) -> tuple[float, float]:
    """Seconds of CPU per booking and per raw save (under callgrind, also counted)."""
    scale = Scale.of(bookings, WARM_UP)
    with tempfile.TemporaryDirectory(dir=under) as scratch:
        clock = ManualClock(START)
        bank = bootstrap(Settings(data_dir=Path(scratch)), clock)
        try:
            programme = Programme.seed(
                bank, clock, experts=scale.experts, peers=scale.peers, services=scale.services
            )
            plan = programme.plan(WARM_UP + bookings)
            book(bank, clock, plan[:WARM_UP])
            _save_markers(bank, WARM_UP)
            _callgrind(callgrind, "--instr=on")
            began = time.process_time()
            book(bank, clock, plan[WARM_UP:])
            booked = time.process_time()
            _callgrind(callgrind, "--dump=bookings")
            _save_markers(bank, bookings)
            saved = time.process_time()
            _callgrind(callgrind, "--dump=raw saves")
        finally:
            bank.close()
    return (booked - began) / bookings, (saved - booked) / bookings


def _callgrind(running: bool, order: str) -> None:
    """Tell callgrind, if this process runs under it, to start counting or to dump."""
    if running:
        subprocess.run(["callgrind_control", order, str(os.getpid())], check=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=300)
    parser.add_argument("--under", help="folder for the SQLite file (default: /tmp)")
    parser.add_argument("--callgrind", action="store_true", help="running under callgrind")
    args = parser.parse_args(argv)
    booking, save = measure(args.bookings, args.under, callgrind=args.callgrind)
    print(
        f"CPU per booking {booking * 1000:.3f} ms, per raw save {save * 1000:.3f} ms, "
        f"raw save / booking {save / booking:.3f}"
    )


if __name__ == "__main__":
    main()
