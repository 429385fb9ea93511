from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.calendar_access import new_key
from infrastructure.calendar_http import Fetcher, FetchRules
from infrastructure.settings import Settings
from tests.calendars.server import HOSTS, CalendarServer, certificate, serve
from tests.databases import database_url

KEY = new_key()


@pytest.fixture
def calendar_server() -> Iterator[CalendarServer]:
    yield from serve()


@pytest.fixture(scope="module")
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    return certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def https_server(tls_material: tuple[Path, Path, str]) -> Iterator[CalendarServer]:
    cert, key, _ = tls_material
    yield from serve((cert, key))


def playing_public(
    pem: str, *, timeout: float = 2.0, max_bytes: int = 1024 * 1024, private: str = ""
) -> Fetcher:
    """A fetcher that takes the test host names for public hosts on the internet (they
    are this machine, 127.0.0.1, with a certificate it trusts); ``private`` names a host
    that resolves to another address of this machine, which it takes for a private one.
    Private addresses are not allowed, as in production."""
    names = dict.fromkeys(HOSTS, "127.0.0.1")
    if private:
        names[private] = "127.0.0.2"
    return Fetcher(
        FetchRules(timeout=timeout, max_bytes=max_bytes, allow_private=False),
        resolver=lambda host, port: [names.get(host, host)],
        public=lambda address: address == "127.0.0.1",
        tls=ssl.create_default_context(cadata=pem),
    )


@pytest.fixture
def settings(backend: str, tmp_path: Path) -> Iterator[Settings]:
    """The suite's settings, with calendars on this machine allowed (the test server's),
    readings cut short quickly, and a key for their secrets."""
    with database_url(backend, tmp_path) as url:
        yield Settings(
            data_dir=tmp_path / "data",
            database_url=url,
            views_mode="inline",
            extra={
                "EXPERTBANK_CALENDAR_ALLOW_PRIVATE": "true",
                "EXPERTBANK_CALENDAR_TIMEOUT_SECONDS": "1",
                "EXPERTBANK_CALENDAR_MAX_MB": "1",
                "EXPERTBANK_CALENDAR_KEY": KEY,
            },
        )
