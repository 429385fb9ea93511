"""The worker process on PostgreSQL, as the Procfile runs it, with a real SMTP server and the
real clock: killed with SIGKILL mid-run and started again, with mail down for a while, and
while many bookings are made. Each message is delivered; exactly once, except the one a
killed worker had handed over without learning that it was accepted, which may come again
as an identical copy (same bytes, same Message-ID: ``service/mail/sender.py``). The views
the worker keeps pick up where it stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from domain.time import LONDON, london_date
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock, SystemClock
from infrastructure.settings import Settings
from tests.databases import postgres_schema
from tests.mail.sessions import Sessions
from tests.mail.test_worker_process import EXPERTBANK
from tests.polling import wait_until
from tests.smtp import SmtpServer
from tests.world import World

pytestmark = pytest.mark.postgres

SLOTS_A_DAY = ("09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00")


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(delay=0.03)  # a little slow, so that a kill lands mid-run
    yield server
    server.stop()


@pytest.fixture
def env(tmp_path: Path, smtp: SmtpServer) -> Iterator[dict[str, str]]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTBANK_")}
    with postgres_schema() as url:
        yield (
            clean
            | smtp.env()
            | {
                "EXPERTBANK_DATA_DIR": str(tmp_path / "data"),
                "EXPERTBANK_DATABASE_URL": url,
                "EXPERTBANK_VIEWS": "worker",
                "EXPERTBANK_MAIL_RETRY_SECONDS": "1",
            }
        )


class Programme:
    """Worcestershire's engagement with the evaluator, bookable every day."""

    def __init__(self, env: dict[str, str]) -> None:
        settings = Settings.from_env(env)
        seeding = bootstrap(Settings.from_env({**env, "EXPERTBANK_VIEWS": "inline"}), _now())
        try:
            self.world = World.build(seeding, seeding.clock)  # type: ignore[arg-type]
            self.sessions = Sessions(self.world, ends_on=london_date(_now().now()) + timedelta(60))
        finally:
            seeding.close()
        self.bank = bootstrap(settings, SystemClock())  # views kept by the worker only
        self.world.bank = self.bank
        self._lock = threading.Lock()
        self._next = 0

    def book(self, count: int) -> list[UUID]:
        """``count`` sessions at the next free hours, from tomorrow on."""
        made = []
        for _ in range(count):
            with self._lock:
                number, self._next = self._next, self._next + 1
            day = london_date(_now().now()) + timedelta(days=1 + number // len(SLOTS_A_DAY))
            at = time.fromisoformat(SLOTS_A_DAY[number % len(SLOTS_A_DAY)])
            made.append(self.sessions.book(datetime.combine(day, at, LONDON)))
        return made

    def outbox_sent(self) -> list[str]:
        return [m.message_id for m in self.bank.mail.messages(self.world.manager, "sent", 1000)]

    def close(self) -> None:
        self.bank.close()


def _now() -> ManualClock:
    return ManualClock(datetime.now(UTC))


@pytest.fixture
def programme(env: dict[str, str]) -> Iterator[Programme]:
    found = Programme(env)
    yield found
    found.close()


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen([EXPERTBANK, "worker"], env=env, stdout=output, stderr=output)


def stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def received(smtp: SmtpServer) -> Counter[str]:
    return Counter(str(m["Message-ID"]) for m in smtp.messages())


def about_bookings(smtp: SmtpServer) -> list[str]:
    return [str(m["Message-ID"]) for m in smtp.messages() if m["Subject"].startswith("Booked")]


def all_delivered(programme: Programme, smtp: SmtpServer, bookings: int) -> None:
    """Wait for the two messages of each of ``bookings`` bookings, then for nothing left
    in the outbox and every message it sent received."""
    wanted = 2 * bookings
    wait_until(lambda: len(set(about_bookings(smtp))) >= wanted, timeout=90, what="the mail")
    wait_until(lambda: programme.bank.mail.status()["pending"] == 0, what="an empty outbox")
    wait_until(lambda: set(received(smtp)) == set(programme.outbox_sent()), what="all received")


def test_a_worker_killed_mid_run_and_started_again_loses_no_mail_and_its_views_resume(
    env: dict[str, str], programme: Programme, smtp: SmtpServer, tmp_path: Path
) -> None:
    smtp.start()
    programme.book(16)
    log = tmp_path / "worker.log"

    worker = start_worker(env, log)
    try:
        wait_until(lambda: len(about_bookings(smtp)) >= 3, timeout=60, what="some mail")
        worker.kill()
        worker.wait(timeout=30)
    finally:
        stop(worker)
    assert len(about_bookings(smtp)) < 2 * 16  # killed mid-run: some mail was still to go

    worker = start_worker(env, log)
    try:
        all_delivered(programme, smtp, 16)
        assert programme.bank.read_models.sync(timeout=60)  # the views reach the newest event
    finally:
        stop(worker)
    assert len(set(about_bookings(smtp))) == 2 * 16

    copies = received(smtp)
    assert set(copies) == set(programme.outbox_sent())
    twice = [message_id for message_id, count in copies.items() if count > 1]
    assert len(twice) <= 1 and all(copies[m] == 2 for m in twice)  # at most the one in flight
    for message_id in twice:
        sent = [c for _, c in smtp.received.raw() if message_id.encode() in c]
        assert sent[0] == sent[1]  # an identical copy
    assert programme.bank.mail.status()["failed"] == 0


def test_with_mail_down_the_worker_retries_with_back_off_and_delivers_each_once_after(
    env: dict[str, str], programme: Programme, smtp: SmtpServer, tmp_path: Path
) -> None:
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        programme.book(4)

        def failing() -> list[int]:
            return [m.attempts for m in programme.bank.mail.messages(programme.world.manager)]

        wait_until(lambda: bool(failing()) and min(failing()) >= 2, timeout=60, what="retries")
        failed = programme.bank.mail.messages(programme.world.manager, "failing")
        assert failed and all("refused" in m.last_error.lower() for m in failed)
        assert smtp.messages() == []

        smtp.start()
        all_delivered(programme, smtp, 4)
    finally:
        stop(worker)

    copies = received(smtp)
    assert set(copies) == set(programme.outbox_sent()) and set(copies.values()) == {1}


def test_each_message_is_delivered_exactly_once_while_many_bookings_are_made(
    env: dict[str, str], programme: Programme, smtp: SmtpServer, tmp_path: Path
) -> None:
    smtp.start()
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        bookers = [threading.Thread(target=programme.book, args=(6,)) for _ in range(4)]
        for booker in bookers:
            booker.start()
        for booker in bookers:
            booker.join(timeout=120)
        all_delivered(programme, smtp, 24)
    finally:
        stop(worker)

    copies = received(smtp)
    assert (
        len(about_bookings(smtp)) == 2 * 24
    )  # the service's staff and the expert, for each booking
    assert set(copies) == set(programme.outbox_sent()) and set(copies.values()) == {1}
