"""``expertbank texts list`` and ``remove``: what programme staff type to remove a text on
request. ``expertbank texts migrate``: events stored with their free text in them (before it was
kept apart) are rewritten with references, the texts moved to ``texts``, and the chain
started again from the first event, the head it had before recorded as an event."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from infrastructure.clock import ManualClock
from infrastructure.database import Database
from infrastructure.eventsourcing_internals import events_table_of, position_column_of
from infrastructure.settings import Settings
from infrastructure.texts import FREE_TEXT, is_reference, text_id_of
from service.application import ExpertBank
from tests.conftest import START
from tests.databases import database_url
from tests.service.free_text import write_every_kind
from tests.world import World


def put_texts_back_into_the_events(bank: ExpertBank) -> None:
    """Make the store as one written before free text was kept apart: every text back in
    its event, the texts table empty, the views and the chain built from that log."""
    recorder = bank.store.recorder
    database = Database.of(recorder)
    table, column = events_table_of(recorder), position_column_of(recorder)
    found = recorder.select_notifications(start=1, limit=1_000_000, topics=sorted(FREE_TEXT))
    texts = {text.text_id: text.body for text in bank.store.texts.every()}
    with database.transaction() as tx:
        for notification in found:
            state = json.loads(notification.state)
            for name, value in state.items():
                if is_reference(value):
                    state[name] = texts[text_id_of(value)]
            tx.execute(
                f"UPDATE {{{table}}} SET state = ? WHERE {column} = ?",
                (json.dumps(state).encode(), notification.id),
            )
        tx.execute("DELETE FROM {texts}")
    bank.read_models.runner.rebuild()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_migrate_moves_stored_text_out_and_chains_the_log_again(
    backend: str, tmp_path: Path
) -> None:
    with database_url(backend, tmp_path) as url:
        env = {"EXPERTBANK_DATA_DIR": str(tmp_path / "data"), "EXPERTBANK_DATABASE_URL": url}
        settings = Settings.from_env(env)
        clock = ManualClock(START)
        bank = bootstrap(Settings(**{**vars(settings), "views_mode": "inline"}), clock)
        try:
            world = World.build(bank, clock)
            written = write_every_kind(bank, world, clock)
            put_texts_back_into_the_events(bank)
            stored = b"".join(n.state for n in bank.store.recorder.select_notifications(1, 10**6))
            assert written.texts["notes"].encode() in stored
            assert bank.read_models.audit.verify().problem is None
            before = bank.read_models.audit.head()

            runner = CliRunner()
            result = runner.invoke(main, ["texts", "migrate"], env=env)
            assert result.exit_code == 0, result.output
            assert f"before, its head was {before}" in result.output

            notifications = bank.store.recorder.select_notifications(1, 10**6)
            stored = b"".join(n.state for n in notifications)
            for text in written.texts.values():
                assert text.encode() not in stored
            assert notifications[-1].topic == "expertbank:TextsMovedOut.Recorded"
            verified = runner.invoke(main, ["audit", "verify"], env=env)
            assert verified.exit_code == 0, verified.output

            models = bank.read_models
            models.runner.catch_up()
            held = models.bookings.get(written.held)
            assert held is not None and held.record is not None
            assert held.record.notes == written.texts["notes"]
            told = " ".join(
                e.sentence for e in models.history.programme(newest_first=True, limit=1).entries
            )
            assert f"(its head before: {before})" in told

            again = runner.invoke(main, ["texts", "migrate"], env=env)
            assert again.exit_code == 0 and "nothing to move" in again.output
        finally:
            bank.close()


def test_staff_list_a_records_texts_and_remove_one_from_the_command_line(tmp_path: Path) -> None:
    env = {"EXPERTBANK_DATA_DIR": str(tmp_path / "data"), "EXPERTBANK_DATABASE_URL": ""}
    clock = ManualClock(START)
    bank = bootstrap(Settings.from_env(env), clock)
    try:
        world = World.build(bank, clock)
        written = write_every_kind(bank, world, clock)
        runner = CliRunner()
        staff = ["--by", "manager@example.org"]
        listed = runner.invoke(main, ["texts", "list", str(written.held), *staff], env=env)
        assert listed.exit_code == 0, listed.output
        assert written.texts["notes"] in listed.output
        notes = next(line for line in listed.output.splitlines() if "Session notes" in line)
        text_id = notes.split()[0]

        refused = runner.invoke(
            main,
            ["texts", "remove", text_id, "--reason", "x", "--by", "worcs_head@example.org"],
            env=env,
        )
        assert refused.exit_code == 1 and "programme staff" in refused.output
        removed = runner.invoke(
            main, ["texts", "remove", text_id, "--reason", "Names a neighbour", *staff], env=env
        )
        assert removed.exit_code == 0, removed.output
        listed = runner.invoke(main, ["texts", "list", str(written.held), *staff], env=env)
        assert written.texts["notes"] not in listed.output
        assert re.search(r"\(removed on request, \d+ [A-Z][a-z]+ 20\d\d\)", listed.output)
    finally:
        bank.close()
