"""The runner and the worker's loop: bounded waits, following new events, the CLI."""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner

from entrypoints.cli import main
from infrastructure.settings import Settings
from projections.follower import follow
from projections.read_models import ReadModels
from service.application import ExpertBank
from tests.world import World


def test_waiting_for_a_position_no_one_applies_gives_up_at_the_deadline(
    world: World, views: ReadModels, bank: ExpertBank
) -> None:
    assert views.runner.wait_for(bank.head_position(), timeout=0.05) is False
    views.sync()
    assert views.runner.wait_for(bank.head_position(), timeout=0.05) is True


def test_the_follower_applies_new_events_until_it_is_stopped(
    world: World, views: ReadModels, bank: ExpertBank
) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=follow, args=(views.runner, stop, 0.01))
    thread.start()
    try:
        assert views.runner.wait_for(bank.head_position(), timeout=30)
        request = bank.requests.submit(
            world.haringey_head,
            service_id=world.haringey,
            theme_id=world.comms,
            need="Tell our story",
            outcomes="A campaign",
            hours_hoped=6,
        )
        assert views.runner.wait_for(bank.head_position(), timeout=30)
        assert [r.request_id for r in views.requests.for_service(world.haringey)] == [request]
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_an_unknown_view_is_refused_by_name(views: ReadModels) -> None:
    with pytest.raises(KeyError, match="no projection named 'plans'"):
        views.runner.rebuild("plans")


def test_the_cli_shows_positions_and_lag_and_rebuilds(
    world: World, bank: ExpertBank, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPERTBANK_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("EXPERTBANK_DATABASE_URL", settings.database_url)
    head = bank.head_position()
    cli = CliRunner()

    before = cli.invoke(main, ["projections", "status"])
    rebuilt = cli.invoke(main, ["projections", "rebuild", "bookings"])
    after = cli.invoke(main, ["projections", "status"])
    unknown = cli.invoke(main, ["projections", "rebuild", "plans"])

    assert before.exit_code == 0 and rebuilt.exit_code == 0, before.output + rebuilt.output
    lines = {line.split()[0]: line.split()[1:] for line in after.output.splitlines()[1:]}
    assert lines["bookings"] == [f"{head:,}", "0", "0"]
    assert lines["history"] == ["0", f"{head:,}", "0"]
    assert "Done" in rebuilt.output
    assert unknown.exit_code != 0 and "views are: audit_chain, availability" in unknown.output


def test_the_cli_refuses_a_rebuild_while_another_process_rebuilds(
    views: ReadModels, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPERTBANK_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("EXPERTBANK_DATABASE_URL", settings.database_url)

    with views.database.exclusive("rebuild") as got:  # as another rebuild would
        assert got
        refused = CliRunner().invoke(main, ["projections", "rebuild", "bookings"])
    done = CliRunner().invoke(main, ["projections", "rebuild", "bookings"])

    assert refused.exit_code == 1
    assert "Error: another rebuild of the views is running" in refused.output
    assert done.exit_code == 0 and "Done" in done.output
