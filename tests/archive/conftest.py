"""New stores on either database for the archive's tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.conftest import START
from tests.databases import database_url


class Stores:
    """New stores on either database, all on one clock, closed at the end."""

    def __init__(self, tmp_path: Path, clock: ManualClock, exits: ExitStack) -> None:
        self.tmp_path = tmp_path
        self.clock = clock
        self.exits = exits
        self.made = 0

    def new(self, backend: str) -> ExpertBank:
        self.made += 1
        folder = self.tmp_path / f"store{self.made}"
        url = self.exits.enter_context(database_url(backend, folder))
        settings = Settings(data_dir=folder, database_url=url, views_mode="inline")
        bank = bootstrap(settings, self.clock)
        self.exits.callback(bank.close)
        return bank


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[Stores]:
    with ExitStack() as exits:
        yield Stores(tmp_path, ManualClock(START), exits)
