"""``expertbank audit checkpoint`` and ``audit verify``: what an auditor types and sees."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from infrastructure.clock import ManualClock
from infrastructure.database import Database
from infrastructure.eventsourcing_internals import events_table_of
from infrastructure.settings import Settings
from tests.world import World


def test_verify_passes_then_names_the_altered_event_and_fails(tmp_path: Path) -> None:
    env = {"EXPERTBANK_DATA_DIR": str(tmp_path / "data"), "EXPERTBANK_DATABASE_URL": ""}
    clock = ManualClock(datetime.now(UTC))
    bank = bootstrap(Settings.from_env(env), clock)
    try:
        World.build(bank, clock)
        runner = CliRunner()
        checkpoint = runner.invoke(main, ["audit", "checkpoint"], env=env)
        assert checkpoint.exit_code == 0, checkpoint.output
        position, _, link = checkpoint.output.strip().partition(":")
        assert int(position) == bank.head_position() and len(link) == 64

        verified = runner.invoke(
            main, ["audit", "verify", "--checkpoint", checkpoint.output.strip()], env=env
        )
        assert verified.exit_code == 0, verified.output
        assert f"The log verifies: {int(position):,} events" in verified.output
        assert "It extends the checkpoint" in verified.output

        events = Database.of(bank.store.recorder)
        table = "{" + events_table_of(bank.store.recorder) + "}"
        events.execute(f"UPDATE {table} SET state = ? WHERE rowid = 3", (b"{}",))
        failed = runner.invoke(main, ["audit", "verify"], env=env)
        assert failed.exit_code == 1
        assert "the log does not verify: event 3 (" in failed.output
        assert "altered" in failed.output

        refused = runner.invoke(main, ["audit", "verify", "--checkpoint", "3:xyz"], env=env)
        assert refused.exit_code == 2
        assert "the hash must be 64 hex digits" in refused.output
    finally:
        bank.close()
