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
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from domain.time import LONDON, london_date
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
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


@dataclass
class Seeded:
    bank: ExpertBank
    clock: ManualClock
    world: World
    sessions: Sessions
    booking: UUID


@pytest.fixture
def seeded(env: dict[str, str]) -> Iterator[Seeded]:
    """A programme on SQLite with one session booked a week from now."""
    clock = ManualClock(datetime.now(UTC))
    bank = bootstrap(Settings.from_env(env), clock)
    world = World.build(bank, clock)
    sessions = Sessions(world, ends_on=london_date(clock.now()) + timedelta(days=40))
    yield Seeded(bank, clock, world, sessions, sessions.book(days_ahead(clock, 7)))
    bank.close()


def days_ahead(clock: ManualClock, days: int) -> datetime:
    return datetime.combine(london_date(clock.now()) + timedelta(days=days), time(10), LONDON)


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


def test_the_worker_process_delivers_once_across_a_stop_and_a_kill(
    env: dict[str, str],
    seeded: Seeded,
    smtp: SmtpServer,
    tmp_path: Path,
) -> None:
    bank = seeded.bank
    log = tmp_path / "worker.log"

    def delivered(count: int) -> None:
        wait_until(lambda: len(about_sessions(smtp)) == count, what=f"{count} messages")
        wait_until(lambda: bank.mail.status()["pending"] == 0, what="an empty outbox")

    with process(["worker"], env, log) as worker:
        delivered(2)
        with process(["worker"], env, log) as second:
            assert second.wait(timeout=30) != 0  # refused: one worker per installation
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0

    seeded.sessions.cancel(seeded.booking)
    with process(["worker"], env, log) as worker:
        delivered(4)
        worker.kill()  # no clean-up at all: the lock must still be released
        worker.wait(timeout=30)

    seeded.sessions.book(days_ahead(seeded.clock, 8))
    with process(["worker"], env, log):
        delivered(6)

    assert "another worker is already running" in log.read_text()
    assert about_sessions(smtp) == ["Booked"] * 4 + ["Cancelled"] * 2
    ids = [m["Message-ID"] for m in smtp.messages()]
    assert len(ids) == len(set(ids))


def test_the_embedded_server_runs_the_worker_in_its_one_web_process(
    env: dict[str, str],
    seeded: Seeded,
    smtp: SmtpServer,
    tmp_path: Path,
) -> None:
    feed = seeded.bank.calendars.issue(seeded.world.evaluator, seeded.world.evaluator)
    port = free_port()
    log = tmp_path / "serve.log"
    with process(["serve", "--port", str(port)], env, log):
        wait_until(lambda: len(about_sessions(smtp)) == 2, what="the invitations")
        url = f"http://127.0.0.1:{port}/calendar/{feed.token}.ics"
        wait_until(lambda: str(seeded.booking).encode() in _get(url), what="the feed")
        wait_until(lambda: "GET /calendar/[redacted].ics" in log.read_text(), what="the log")
    assert feed.token not in log.read_text()  # the access log keeps no secret address


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except OSError:
        return b""
