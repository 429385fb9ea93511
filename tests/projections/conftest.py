from __future__ import annotations

import pytest

from projections.views import Views
from service.bootstrap import ExpertBank


@pytest.fixture
def views(bank: ExpertBank) -> Views:
    return bank.views
