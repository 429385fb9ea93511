"""PostgreSQL away for a while under the Procfile's gunicorn: pages and the API answer at
once with a page (or JSON) saying so, HTTP 503 with Retry-After, never a 500 or a stack
trace; nothing is half-written; and once the server is back, everything works again.

The server is taken away from gunicorn's processes only: they reach it through a relay
(``tests/tcp_proxy.py``) that the test cuts, as a stopped server would be seen (the port
refuses, every open connection ends), and restores on the same port.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from bench.http_load import PASSWORD, Answer, Client
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.databases import POSTGRES_URL, postgres_schema
from tests.polling import wait_until
from tests.tcp_proxy import TcpProxy
from tests.web.gunicorn import procfile_web
from tests.world import World

WAIT_SECONDS = 2  # EXPERTBANK_DATABASE_WAIT_SECONDS: how long a request waits for it

pytestmark = pytest.mark.postgres


@pytest.fixture
def relay() -> Iterator[TcpProxy]:
    server = urlparse(POSTGRES_URL)
    proxy = TcpProxy(server.hostname or "127.0.0.1", server.port or 5432)
    proxy.start()
    yield proxy
    proxy.cut()


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[ExpertBank]:
    """The test's own bank, straight to the server (never through the relay)."""
    with postgres_schema() as url:
        settings = Settings(data_dir=tmp_path / "data", database_url=url, views_mode="inline")
        app = bootstrap(settings, ManualClock(datetime.now(UTC)))
        yield app
        app.close()


def through(settings: Settings, relay: TcpProxy) -> Settings:
    url = urlparse(settings.database_url)
    relayed = url._replace(netloc=f"{url.username}@127.0.0.1:{relay.port}").geturl()
    extra = {"EXPERTBANK_DATABASE_WAIT_SECONDS": str(WAIT_SECONDS)}
    return replace(settings, database_url=relayed, extra=extra)


def timed(client: Client, kind: str, path: str, **kwargs: object) -> tuple[int, str, float]:
    began = time.monotonic()
    status, text = client.send(kind, path, **kwargs)  # type: ignore[arg-type]
    return status, text, time.monotonic() - began


def test_pages_say_the_database_is_away_at_once_and_work_again_when_it_is_back(
    bank: ExpertBank, relay: TcpProxy, tmp_path: Path
) -> None:
    world = World.build(bank, ManualClock(datetime.now(UTC)))
    bank.people.set_password(world.worcs_head, PASSWORD)
    request = {"theme_id": str(world.evaluation), "need": "Help", "outcomes": "A plan"}
    log = tmp_path / "web.log"
    answers: list[Answer] = []

    with procfile_web(through(bank.settings, relay), log, options="--workers 2") as base:
        client = Client(base, answers)
        client.sign_in("worcs_head@example.org")
        assert client.send("page", "/")[0] == 200
        head = bank.head_position()

        relay.cut()
        page = timed(client, "page", "/")
        api = timed(client, "api", "/api/me")
        health = timed(client, "health", "/healthz")
        submit = timed(client, "submit", "/api/requests", body={**request, "hours_hoped": 4})
        form = timed(client, "form", "/account")

        for status, text, seconds in (page, api, health, submit, form):
            assert status == 503, text
            assert seconds < WAIT_SECONDS + 3  # not hanging on the server
        assert "cannot reach its database" in page[1] and "Sign out" not in page[1]
        assert json.loads(api[1])["error"] == "ServiceUnavailable"
        assert json.loads(submit[1])["error"] == "ServiceUnavailable"

        relay.start()
        wait_until(lambda: client.send("page", "/")[0] == 200, timeout=60, what="pages again")
        assert bank.head_position() == head  # nothing of the refused request was stored
        status, made = client.send("submit", "/api/requests", body={**request, "hours_hoped": 6})
        assert status == 201, made

    logged = log.read_text()
    assert "Traceback" not in logged and '" 500 ' not in logged
    assert "the database is unavailable" in logged
    made_id = UUID(json.loads(made)["id"])
    assert bank.requests.request(world.worcs_head, made_id).hours_hoped == 6


def test_a_command_gives_up_after_one_wait_for_the_database_not_after_many(
    bank: ExpertBank, relay: TcpProxy
) -> None:
    """Neither the store's retries of a lost connection nor the command's retries of a
    conflict wait for the server again once a wait for a connection has failed."""
    world = World.build(bank, ManualClock(datetime.now(UTC)))
    relayed = bootstrap(through(bank.settings, relay), ManualClock(datetime.now(UTC)))
    try:
        relayed.requests.shortlist(world.manager, submitted(relayed, world))
        relay.cut()
        for _ in range(2):
            began = time.monotonic()
            with pytest.raises(OperationalError):
                submitted(relayed, world)
            assert time.monotonic() - began < 2 * WAIT_SECONDS + 2
        relay.start()
        wait_until(lambda: _works(relayed, world), timeout=60, what="commands again")
    finally:
        relayed.close()


def submitted(bank: ExpertBank, world: World) -> UUID:
    return bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need="Help",
        outcomes="A plan",
        hours_hoped=4,
    )


def _works(bank: ExpertBank, world: World) -> bool:
    try:
        submitted(bank, world)
    except OperationalError:
        return False
    return True
