"""The worker as the Procfile runs it, and inside the embedded web server: real processes,
the real clock, a real SMTP server. Sessions are booked a week from now."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from domain.time import LONDON, london_date
from service.bootstrap import ExpertBank
from service.clock import ManualClock
from service.settings import Settings
from tests.mail.sessions import Sessions
from tests.polling import wait_until
from tests.smtp import SmtpServer, free_port
from tests.world import World

EXPERTBANK = str(Path(sys.executable).parent / "expertbank")


@pytest.fixture
def env(tmp_path: Path, smtp: SmtpServer) -> dict[str, str]:
    smtp.start()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTBANK_")}
    return {**clean, "EXPERTBANK_DATA_DIR": str(tmp_path / "data"), **smtp.env()}


@pytest.fixture
def seeded(env: dict[str, str]) -> Iterator[tuple[ExpertBank, World, UUID]]:
    """A programme on SQLite with one session booked a week from now."""
    clock = ManualClock(datetime.now(UTC))
    bank = ExpertBank(Settings.from_env(env), clock)
    world = World.build(bank, clock)
    next_week = london_date(clock.now()) + timedelta(days=7)
    sessions = Sessions(world, ends_on=next_week + timedelta(days=30))
    start = datetime.combine(next_week, time(10), tzinfo=LONDON)
    yield bank, world, sessions.book(start)
    bank.close()


def about_sessions(smtp: SmtpServer) -> list[str]:
    """Subjects' first words of the mail about sessions (a digest may come too)."""
    words = [str(m["Subject"]).split(":")[0] for m in smtp.messages()]
    return sorted(word for word in words if word in ("Booked", "Cancelled"))


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as output:
        proc = subprocess.Popen([EXPERTBANK, *args], env=env, stdout=output, stderr=output)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)


def test_the_worker_process_delivers_and_after_a_restart_delivers_the_rest_once(
    env: dict[str, str], seeded: tuple[ExpertBank, World, UUID], smtp: SmtpServer, tmp_path: Path
) -> None:
    bank, world, booking = seeded
    log = tmp_path / "worker.log"
    with process(["worker"], env, log) as worker:
        wait_until(lambda: len(about_sessions(smtp)) == 2, what="the invitations")
        with process(["worker"], env, log) as second:
            assert second.wait(timeout=30) != 0  # refused: one worker per installation
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0

    bank.bookings.cancel(world.worcs_head, booking, reason="Staff illness")
    with process(["worker"], env, log):
        wait_until(lambda: len(about_sessions(smtp)) == 4, what="the cancellations")
        wait_until(lambda: bank.mail.status()["pending"] == 0, what="an empty outbox")

    assert "another worker is already running" in log.read_text()
    assert about_sessions(smtp) == ["Booked", "Booked", "Cancelled", "Cancelled"]
    ids = [m["Message-ID"] for m in smtp.messages()]
    assert len(ids) == len(set(ids))


def test_the_embedded_server_runs_the_worker_in_its_one_web_process(
    env: dict[str, str], seeded: tuple[ExpertBank, World, UUID], smtp: SmtpServer, tmp_path: Path
) -> None:
    bank, world, booking = seeded
    feed = bank.calendars.issue(world.evaluator, world.evaluator)
    port = free_port()
    with process(["serve", "--port", str(port)], env, tmp_path / "serve.log"):
        wait_until(lambda: len(about_sessions(smtp)) == 2, what="the invitations")
        url = f"http://127.0.0.1:{port}/calendar/{feed.token}.ics"
        wait_until(lambda: str(booking).encode() in _get(url), what="the session in the feed")


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except OSError:
        return b""
