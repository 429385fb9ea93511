"""``expertbank export FILE`` and ``expertbank import FILE``: what an operator types and sees."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.extracts import FIELDS
from tests.world import World


def env_of(folder: Path) -> dict[str, str]:
    return {"EXPERTBANK_DATA_DIR": str(folder), "EXPERTBANK_DATABASE_URL": ""}


def test_export_then_import_into_a_new_folder_and_not_again(tmp_path: Path) -> None:
    here, there, archive = env_of(tmp_path / "here"), env_of(tmp_path / "there"), tmp_path / "a.zip"
    clock = ManualClock(datetime.now(UTC))
    bank = bootstrap(Settings.from_env(here), clock)
    try:
        World.build(bank, clock)
        events = bank.head_position()
    finally:
        bank.close()
    runner = CliRunner()

    exported = runner.invoke(main, ["export", str(archive)], env=here)
    assert exported.exit_code == 0, exported.output
    assert f"Exported {events:,} events to {archive}; head {events}:" in exported.output
    assert "person_details: 9 rows" in exported.output
    again = runner.invoke(main, ["export", str(archive)], env=here)
    assert again.exit_code == 2 and "already exists: name a new file" in again.output

    imported = runner.invoke(main, ["import", str(archive)], env=there)
    assert imported.exit_code == 0, imported.output
    assert f"Imported {events:,} events; the log verifies, head {events}:" in imported.output
    head = exported.output.split("head ")[1].split(".")[0]
    checkpoint = runner.invoke(main, ["audit", "checkpoint"], env=there)
    assert checkpoint.output.strip() == head

    refused = runner.invoke(main, ["import", str(archive)], env=there)
    assert refused.exit_code == 1
    assert f"this store is not empty ({events} events and 9 rows" in refused.output


def test_a_file_that_is_not_an_archive_is_named_and_nothing_is_imported(tmp_path: Path) -> None:
    there = env_of(tmp_path / "there")
    (tmp_path / "notes.zip").write_text("not a zip")

    for name, says in [
        ("notes.zip", "is not an archive made by expertbank export"),
        ("missing.zip", "there is no file"),
    ]:
        result = CliRunner().invoke(main, ["import", str(tmp_path / name)], env=there)
        assert result.exit_code == 1, result.output
        assert says in result.output


def test_extract_writes_a_services_or_regions_history_and_names_a_wrong_option(
    tmp_path: Path,
) -> None:
    here = env_of(tmp_path / "here")
    clock = ManualClock(datetime(2027, 3, 1, 9, tzinfo=UTC))
    bank = bootstrap(Settings.from_env(here), clock)
    try:
        World.build(bank, clock)
    finally:
        bank.close()
    runner = CliRunner()

    service = runner.invoke(main, ["extract", "-", "--service", "worcestershire"], env=here)
    region = runner.invoke(
        main,
        ["extract", str(tmp_path / "wm.jsonl"), "--region", "west-midlands", "--format", "jsonl"],
        env=here,
    )
    later = runner.invoke(main, ["extract", "-", "--since", "2027-03-02"], env=here)
    unknown = runner.invoke(main, ["extract", "-", "--service", "atlantis"], env=here)
    reversed_days = runner.invoke(
        main, ["extract", "-", "--since", "2027-03-02", "--until", "2027-03-01"], env=here
    )

    assert service.exit_code == 0, service.output
    rows = list(csv.DictReader(io.StringIO(service.stdout)))
    assert rows and {row["library service"] for row in rows} == {"Worcestershire"}
    assert "Worcestershire: written to the screen." in service.stderr
    assert region.exit_code == 0, region.output
    records = [json.loads(line) for line in (tmp_path / "wm.jsonl").read_text().splitlines()]
    assert records and {r["service"] for r in records} == {"Worcestershire"}
    assert later.exit_code == 0 and later.stdout.splitlines() == [",".join(FIELDS.values())]
    assert unknown.exit_code == 2
    assert (
        "Invalid value for --service: no code 'atlantis'; the codes are: derby," in unknown.output
    )
    assert reversed_days.exit_code == 2
    assert "--until: the last day must be the same as the first day or after it" in (
        reversed_days.output
    )
