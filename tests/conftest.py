from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.databases import database_url
from tests.world import World

# A Monday in early March, with both clock changes of 2027 ahead.
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(backend: str, tmp_path: Path) -> Iterator[Settings]:
    with database_url(backend, tmp_path) as url:
        # Views are applied in the test's own process on both stores; tests of the
        # projection worker ask for "worker" themselves.
        yield Settings(data_dir=tmp_path / "data", database_url=url, views_mode="inline")


@pytest.fixture
def bank(settings: Settings, clock: ManualClock) -> Iterator[ExpertBank]:
    app = bootstrap(settings, clock)
    yield app
    app.close()


@pytest.fixture
def world(bank: ExpertBank, clock: ManualClock) -> World:
    return World.build(bank, clock)
