"""Rebuilding a view from the first event gives exactly the rows that following the
events one command at a time gave, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from projections.read_models import ReadModels, every_projection
from projections.registry import RegistryProjection
from projections.runner import ProjectionRunner, RebuildRunning
from service.application import ExpertBank
from tests.projections import scenario
from tests.world import World


def rows_of(views: ReadModels) -> dict[str, list[str]]:
    """Every row of every view table, in a stable order."""
    found = {}
    for projection in views.runner.projections.values():
        for table in projection.tables():
            rows = views.database.query(f"SELECT * FROM {{{table}}}")
            found[table] = sorted(repr(sorted(row.items())) for row in rows)
    return found


def test_a_rebuilt_view_is_identical_to_the_one_followed_incrementally(
    world: World, views: ReadModels, bank: ExpertBank
) -> None:
    scenario.run(world, between=views.sync)
    live = rows_of(views)
    assert all(live[table] for table in views.runner.projections["registry"].tables())
    assert all(live[table] for table in ("view_bookings", "view_history", "view_windows"))
    assert all(live[table] for table in ("view_time_off", "view_resources"))
    head = bank.head_position()

    views.runner.rebuild("history")
    assert rows_of(views) == live
    views.runner.rebuild()

    assert rows_of(views) == live
    assert {s.name: s.position for s in views.runner.status()} == dict.fromkeys(
        views.runner.projections, head
    )


def test_a_second_rebuild_while_one_runs_is_refused_and_the_first_finishes(
    world: World, views: ReadModels
) -> None:
    scenario.run(world, between=views.sync)
    live = rows_of(views)
    views.runner.rebuild_batch_size = 10
    refused: list[str] = []

    def meanwhile(position: int, head: int) -> None:
        if not refused:
            with pytest.raises(RebuildRunning, match="another rebuild") as second:
                views.runner.rebuild("history")  # as from another process: its own lock
            refused.append(str(second.value))

    views.runner.rebuild(progress=meanwhile)

    assert refused and rows_of(views) == live
    views.runner.rebuild("history")  # the first let go of the lock when it finished
    assert rows_of(views) == live


def test_a_rebuild_runs_while_the_live_views_keep_serving_and_following(
    world: World, views: ReadModels, bank: ExpertBank
) -> None:
    scenario.run(world, between=views.sync)
    views.runner.rebuild_batch_size = 10
    window = world.window(world.leics_peer, weekday=4)
    views.sync()
    served: list[object] = []

    def meanwhile(position: int, head: int) -> None:
        if served:
            return
        booking = bank.bookings.book(
            world.derby_staff,
            service_id=world.derby,
            provider_id=world.leics_peer,
            window_id=window,
            start=scenario.at(date(2027, 4, 2), 9),  # a Friday, not a bank holiday
        )
        views.sync()
        served.append(views.bookings.get(booking))  # the live view, mid-rebuild

    views.runner.rebuild(progress=meanwhile)

    assert served and served[0] is not None
    after = rows_of(views)
    views.runner.rebuild()
    assert rows_of(views) == after


def test_a_view_whose_definition_changed_starts_again_from_the_first_event(
    world: World, views: ReadModels, bank: ExpertBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario.run(world, between=views.sync)
    live, head = rows_of(views), bank.head_position()
    monkeypatch.setattr(RegistryProjection, "version", 2)  # new code, same tables

    restarted = ProjectionRunner(bank.store, views.database, every_projection())  # a new process
    at_start = restarted.positions()
    left = views.database.query("SELECT COUNT(*) AS n FROM {view_people}")[0]["n"]
    restarted.catch_up()
    once_more = ProjectionRunner(bank.store, views.database, every_projection())

    assert at_start == {**dict.fromkeys(restarted.projections, head), "registry": 0}
    assert left == 0
    assert rows_of(views) == live
    assert once_more.positions() == dict.fromkeys(restarted.projections, head)


def test_a_column_added_to_a_view_is_there_when_the_new_code_starts(
    world: World, views: ReadModels, bank: ExpertBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario.run(world, between=views.sync)
    before = views.database.query("SELECT region_id FROM {view_regions} ORDER BY region_id")
    kept = RegistryProjection.schema

    def with_a_note(projection: RegistryProjection) -> list[str]:
        return [
            s.replace("name TEXT NOT NULL)", "name TEXT NOT NULL, note TEXT)")
            if "{view_regions}" in s
            else s
            for s in kept(projection)
        ]

    monkeypatch.setattr(RegistryProjection, "schema", with_a_note)
    ProjectionRunner(bank.store, views.database, every_projection()).catch_up()

    after = views.database.query("SELECT region_id, note FROM {view_regions} ORDER BY region_id")
    assert [row["region_id"] for row in after] == [row["region_id"] for row in before]
    assert after and {row["note"] for row in after} == {None}
