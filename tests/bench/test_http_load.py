"""The HTTP load benchmark is a script, not a timed test; this runs it small on both
stores, through the real server, so that it cannot rot."""

from __future__ import annotations

from pathlib import Path

from bench.http_load import KINDS, Scale, run
from infrastructure.settings import Settings


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
