"""Export and import rates: a store's whole record to an archive (``expertbank export``),
and that archive into a new, empty store (``expertbank import``), its events written and
checked apart from the views built from them.

    python -m bench.archive --data-dir /tmp/eb --to-data-dir /tmp/eb-imported
    python -m bench.archive --data-dir /tmp/eb --to-data-dir /tmp/eb-pg \\
        --to-database-url 'postgresql://postgres@127.0.0.1:5432/test?schema=archive_bench'
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.generate import open_bank
from bench.rebuild import timed
from service.application import ExpertBank
from service.archive.export import export_archive
from service.archive.restore import build_and_verify, restore_log


def report(name: str, count: int, wall: float, cpu: float) -> None:
    print(
        f"{name:<34} {count:>9,} events in {wall:6.1f} s = {count / wall:>8,.0f}/s wall,"
        f" {count / cpu:>8,.0f}/s CPU",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--to-data-dir", type=Path, required=True)
    parser.add_argument("--to-database-url", default="")
    parser.add_argument("--archive", type=Path, help="default: archive.zip in --to-data-dir")
    args = parser.parse_args(argv)
    archive = args.archive or args.to_data_dir / "archive.zip"
    args.to_data_dir.mkdir(parents=True, exist_ok=True)
    archive.unlink(missing_ok=True)

    source = open_bank(args.data_dir, args.database_url)
    report("chain what is not chained yet", *timed(lambda: _chain(source)))
    exported = None

    def export() -> int:
        nonlocal exported
        exported = export_archive(source, archive)
        return exported.events

    report("export (events and parts)", *timed(export))
    assert exported is not None
    source.close()
    print(f"archive: {archive.stat().st_size / 2**20:,.1f} MB, head {exported.head}")

    target = open_bank(args.to_data_dir, args.to_database_url)
    imported = None

    def restore() -> int:
        nonlocal imported
        imported = restore_log(target, archive)
        return imported.events

    report("import: events written and checked", *timed(restore))
    assert imported is not None

    def build() -> int:
        build_and_verify(target, imported.head, None)
        return imported.events

    report("import: views built, log verified", *timed(build))
    assert target.read_models.audit.head() == exported.head
    target.close()


def _chain(bank: ExpertBank) -> int:
    before = bank.read_models.audit.head().position
    bank.read_models.runner.catch_up("audit_chain")
    return bank.read_models.audit.head().position - before


if __name__ == "__main__":
    main()
