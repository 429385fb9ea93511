"""The HTTP load benchmark is a script, not a timed test; this runs it small on both
stores, through the real server, so that it cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.http_load import KINDS, Scale, run
from infrastructure.settings import Settings
from tests.databases import postgres_schema


def test_the_http_load_runs_every_kind_of_request_and_the_books_check_out(
    settings: Settings, tmp_path: Path
) -> None:
    scale = Scale(clients=3, seconds=3, requests=150, health_seconds=1, popular=3)
    lines: list[str] = []
    store = Settings(data_dir=settings.data_dir, database_url=settings.database_url)

    figures = run(store, scale, tmp_path / "server.log", lines.append)

    assert not figures.errors, (tmp_path / "server.log").read_text()[-4000:]
    assert {a.kind for a in figures.answers} == set(KINDS)
    assert 0 < len(figures.answers) <= scale.requests
    books = [a for a in figures.answers if a.kind == "book"]
    assert sum(a.done for a in books) == len(figures.acknowledged.bookings) > 0
    assert any(not a.done for a in books)  # the popular slots were taken by others first
    assert figures.unacknowledged_bookings == 0
    assert figures.health and figures.health_rate > 0
    assert any(line.startswith("mixed / healthz: ") for line in lines)
    assert any(line.startswith("checked: ") for line in lines)  # check() raises otherwise


@pytest.mark.postgres
def test_a_web_worker_killed_under_load_loses_nothing_acknowledged(tmp_path: Path) -> None:
    scale = Scale(clients=3, seconds=4, requests=400, health_seconds=1, kill_worker_after=1.5)
    lines: list[str] = []

    with postgres_schema() as url:
        store = Settings(data_dir=tmp_path / "data", database_url=url)
        figures = run(store, scale, tmp_path / "server.log", lines.append)

    killed = figures.killed
    assert killed is not None and killed.workers_after == 3  # gunicorn started another
    # Only the killed worker's requests in flight went unanswered, never with a 5xx.
    assert all(a.status == 0 for a in figures.errors)
    assert len(figures.errors) <= scale.clients
    assert any(a.done for a in figures.answers[killed.answers_before + scale.clients :])
    assert sum(a.done for a in figures.answers if a.kind == "book") > 0
    # run() has read the store back: every acknowledged booking, move and cancellation is
    # stored as acknowledged, the rules hold, and the views equal a rebuild.
    assert any(line.startswith("checked: ") for line in lines)
