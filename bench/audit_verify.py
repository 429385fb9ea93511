"""Verify rate: events per minute for ``audit verify`` over a generated store, beside the
raw rate of reading the same notifications (``bench.rebuild``), alternating, so that load
from elsewhere on a shared machine falls on both.

    python -m bench.audit_verify --data-dir /tmp/eb
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.generate import open_bank
from bench.rebuild import read_raw, timed


def report(name: str, count: int, wall: float, cpu: float) -> None:
    print(
        f"{name:<30} {count:>10,} events in {wall:5.1f} s = {count / wall * 60:>12,.0f}/min wall,"
        f" {count / cpu * 60:>12,.0f}/min CPU"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    bank = open_bank(args.data_dir, args.database_url)
    bank.read_models.runner.catch_up("audit_chain")
    audit_log = bank.read_models.audit

    def verify() -> int:
        verdict = audit_log.verify()
        if verdict.problem is not None:
            raise SystemExit(f"the log does not verify: {verdict.problem.describe()}")
        return verdict.checked

    for _ in range(args.rounds):
        report("raw read of the notifications", *timed(lambda: read_raw(bank)))
        report("audit verify", *timed(verify))
    bank.close()


if __name__ == "__main__":
    main()
