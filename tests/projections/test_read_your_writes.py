"""Read-your-writes through the web app: the request after a command shows its effect,
whether the web process applies events itself (embedded SQLite) or a projection worker
process does (PostgreSQL), in which case the web process waits for it."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Blueprint, Flask, jsonify, request
from flask.typing import ResponseReturnValue

from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.world import World
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


def pages(bank: ExpertBank, world: World) -> Blueprint:
    """Two pages in the shape the real ones take: a form post running a command, and a
    page reading a view."""
    blueprint = Blueprint("pages_under_test", __name__)

    @blueprint.post("/under-test/book")
    def book() -> ResponseReturnValue:
        bank.bookings.book(
            world.notts_staff,
            service_id=world.nottingham,
            provider_id=world.leics_peer,
            window_id=world.ids["window"],
            start=datetime.fromisoformat(request.form["start"]),
        )
        return "", 303, {"Location": "/under-test/bookings"}

    @blueprint.get("/under-test/bookings")
    def bookings() -> ResponseReturnValue:
        found = bank.read_models.bookings.for_service(world.nottingham)
        return jsonify([b.start.isoformat() for b in found])

    return blueprint


@pytest.fixture
def worker_settings(settings: Settings, backend: str) -> Settings:
    """On PostgreSQL the web process leaves applying events to a worker."""
    mode = "worker" if backend == "postgres" else "inline"
    return dataclasses.replace(settings, views_mode=mode)


@pytest.fixture
def served(worker_settings: Settings, clock: ManualClock) -> Iterator[tuple[ExpertBank, Flask]]:
    bank = bootstrap(worker_settings, clock)
    world = World.build(bank, clock)
    world.ids["window"] = world.window(world.leics_peer)
    bank.people.set_password(world.notts_staff, PASSWORD)
    app = create_app(bank, {"TESTING": True, "WTF_CSRF_ENABLED": False})
    app.register_blueprint(pages(bank, world))
    bank.read_models  # noqa: B018 - views open before the worker starts: no race creating tables
    worker = None
    if not bank.read_models.inline:
        env = {**os.environ, "EXPERTBANK_DATABASE_URL": worker_settings.database_url}
        command = "from entrypoints.cli import main; main()"
        worker = subprocess.Popen(
            [sys.executable, "-c", command, "projections", "run", "--interval", "5"],
            cwd=ROOT,
            env=env,
        )
        # Let it start and catch up: then every later event is the worker's to follow.
        assert bank.read_models.runner.wait_for(bank.head_position(), timeout=60)
    try:
        yield bank, app
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
        bank.close()


def test_the_page_after_a_command_shows_its_effect(served: tuple[ExpertBank, Flask]) -> None:
    bank, app = served
    client = app.test_client()
    client.post("/sign-in", data={"email": "notts_staff@example.org", "password": PASSWORD})
    start = datetime(2027, 3, 2, 10, tzinfo=UTC)

    posted = client.post("/under-test/book", data={"start": start.isoformat()})
    shown = client.get("/under-test/bookings")

    assert posted.status_code == 303
    assert shown.json == [start.isoformat()]
    assert min(bank.read_models.runner.positions().values()) >= bank.head_position()
