from __future__ import annotations

import pytest

from projections.read_models import ReadModels
from service.application import ExpertBank


@pytest.fixture
def views(bank: ExpertBank) -> ReadModels:
    return bank.read_models
