"""An event a view cannot apply is recorded and said, its record held back, and everything
else goes on: tested with events written straight into the store, past every check."""

from __future__ import annotations

from uuid import UUID

from click.testing import CliRunner

from domain.ids import SYSTEM_ACTOR
from domain.registry import Region
from entrypoints.cli import main
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.world import World
from web import create_app


def region_straight_into_the_store(bank: ExpertBank, code: str, name: object) -> UUID:
    """A region registered without the domain's checks (as old or damaged data could be)."""
    region = Region(actor=SYSTEM_ACTOR, timestamp=bank.clock.now(), code=code, name=name)
    bank.store.save(region)
    return region.id


def rename_straight_in_the_store(bank: ExpertBank, region_id: UUID, name: str) -> None:
    region = bank.store.repository.get(region_id)
    region._renamed(actor=SYSTEM_ACTOR, timestamp=bank.clock.now(), name=name)
    bank.store.save(region)


def env_of(settings: Settings) -> dict[str, str]:
    return {
        "EXPERTBANK_DATA_DIR": str(settings.data_dir),
        "EXPERTBANK_DATABASE_URL": settings.database_url,
        "EXPERTBANK_VIEWS": "inline",
    }


def test_an_event_no_view_can_apply_holds_back_its_record_only(
    bank: ExpertBank, world: World
) -> None:
    poisoned = region_straight_into_the_store(bank, "poisoned", None)  # a name is required
    rename_straight_in_the_store(bank, poisoned, "Poisoned again")
    after = bank.registry.add_region(world.manager, code="north-east", name="North East")

    bank.read_models.sync()

    runner = bank.read_models.runner
    assert {s.name: s.lag for s in runner.status()} == {s.name: 0 for s in runner.status()}
    (fault,) = runner.faults()
    assert (fault.view, fault.record_id, fault.held_back) == ("registry", str(poisoned), 1)
    assert fault.topic == "expertbank:Region.Registered"
    assert "null" in fault.error.lower() and "name" in fault.error
    names = {r.region_id: r.name for r in bank.read_models.registry.regions()}
    assert names[after] == "North East" and poisoned not in names


def test_a_nul_that_postgresql_cannot_store_is_a_fault_there_and_stored_on_sqlite(
    bank: ExpertBank, world: World, backend: str
) -> None:
    poisoned = region_straight_into_the_store(bank, "nul", "North\x00East")

    bank.read_models.sync()

    faults = {f.view: f for f in bank.read_models.runner.faults()}
    if backend == "postgres":
        assert faults["registry"].record_id == str(poisoned)
        assert "NUL" in faults["registry"].error
    else:
        assert faults == {}


def test_status_and_health_say_so_and_a_rebuild_keeps_the_fault_once(
    bank: ExpertBank, world: World, settings: Settings
) -> None:
    poisoned = region_straight_into_the_store(bank, "poisoned", None)
    bank.read_models.sync()

    status = CliRunner().invoke(main, ["projections", "status"], env=env_of(settings))
    health = create_app(bank).test_client().get("/healthz").json
    bank.read_models.runner.rebuild("registry")

    assert status.exit_code == 1, status.output
    assert f"of record {poisoned} was not applied" in status.output
    assert "expertbank projections rebuild VIEW" in status.output
    assert health is not None and health["status"] == "degraded"
    assert [f"of record {poisoned}" in line for line in health["faults"]] == [True]
    assert [f.record_id for f in bank.read_models.runner.faults()] == [str(poisoned)]


def test_a_clean_store_has_no_faults_and_status_exits_0(
    bank: ExpertBank, world: World, settings: Settings
) -> None:
    status = CliRunner().invoke(main, ["projections", "status"], env=env_of(settings))

    assert status.exit_code == 0, status.output
    assert bank.read_models.runner.faults() == []
