from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

import pytest

from domain.ids import SYSTEM_ACTOR
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.concurrency.racers import Attempt, Outcome, race_processes, race_threads
from tests.world import World

Race = Callable[[Sequence[Attempt]], list[Outcome]]


@pytest.fixture(params=["threads", pytest.param("processes", marks=pytest.mark.slow)])
def race(
    request: pytest.FixtureRequest, bank: ExpertBank, settings: Settings, clock: ManualClock
) -> Race:
    """16 threads on the test's bank, or 4 spawned processes with banks of their own and
    4 threads each."""
    if request.param == "threads":
        return lambda attempts: race_threads(bank, attempts)
    return lambda attempts: race_processes(settings, clock.now(), attempts)


@pytest.fixture
def services(world: World) -> list[tuple[UUID, UUID]]:
    """16 more library services, each with a member of staff: (service, staff)."""
    found = []
    for n in range(16):
        service = world.bank.registry.register_service(
            SYSTEM_ACTOR,
            code=f"race-{n}",
            name=f"Racing service {n}",
            region_id=world.east_midlands,
        )
        found.append((service, world.person(f"racer_{n}", ["service_staff"], service)))
    return found
