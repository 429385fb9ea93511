from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.settings import Settings
from tests.databases import database_url
from tests.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on a free port; not started (tests start it, or keep it down)."""
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def settings(backend: str, tmp_path: Path, smtp: SmtpServer) -> Iterator[Settings]:
    with database_url(backend, tmp_path) as url:
        yield Settings(
            data_dir=tmp_path / "data", database_url=url, views_mode="inline", extra=smtp.env()
        )
