"""The one-worker lock is fenced, not only taken at start: a worker whose PostgreSQL lock
went with its connection (as when the server restarts) sends nothing and runs no job once a
second worker has started meanwhile; the second sends each message once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import postgres_env
from infrastructure.worker_lock import WorkerLock, WorkerLockLost, advisory_key
from service.application import ExpertBank
from service.jobs.worker import Worker
from tests.databases import POSTGRES_URL
from tests.mail.sessions import Sessions, london
from tests.polling import wait_until
from tests.smtp import SmtpServer
from tests.world import World

EXPERTBANK = str(Path(sys.executable).parent / "expertbank")


@pytest.fixture
def backend() -> str:
    return "postgres"


@pytest.fixture
def first_lock(bank: ExpertBank) -> Iterator[WorkerLock]:
    lock = WorkerLock(bank.settings)
    assert lock.acquire()
    yield lock
    lock.release()


def lose_connection(lock: WorkerLock) -> None:
    """End the lock's connection on the server, as a restart of the server does."""
    pid = lock._held.info.backend_pid
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


@pytest.mark.postgres
def test_a_worker_that_lost_its_lock_sends_nothing_beside_the_one_started_meanwhile(
    bank: ExpertBank, world: World, clock: ManualClock, smtp: SmtpServer, first_lock: WorkerLock
) -> None:
    smtp.start()
    first = Worker(bank, first_lock.check)
    sessions = Sessions(world)
    sessions.book(london(2027, 3, 9, 10))
    first.deliver()
    assert len(smtp.messages()) == 2  # both sides of the booking, while it held the lock

    lose_connection(first_lock)
    second_bank = bootstrap(bank.settings, clock)
    second_lock = WorkerLock(second_bank.settings)
    try:
        assert second_lock.acquire()
        second = Worker(second_bank, second_lock.check)
        sessions.book(london(2027, 3, 9, 14))
        clock.advance(timedelta(minutes=1))

        with pytest.raises(WorkerLockLost):
            first.deliver()
        with pytest.raises(WorkerLockLost):
            first.sweep("remind_sessions")
        assert len(smtp.messages()) == 2

        second.deliver()
        first_lock.release()
        assert not first_lock.held()
    finally:
        second_lock.release()
        second_bank.close()

    ids = [message["Message-ID"] for message in smtp.messages()]
    assert len(ids) == 4
    assert len(set(ids)) == 4


@pytest.mark.postgres
def test_the_worker_process_that_lost_its_lock_exits_and_a_new_one_takes_over(
    bank: ExpertBank, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTBANK_")}
    env |= {
        "EXPERTBANK_DATA_DIR": str(tmp_path / "data"),
        "EXPERTBANK_DATABASE_URL": bank.settings.database_url,
    }
    schema = postgres_env(bank.settings.database_url)["POSTGRES_SCHEMA"]
    log = tmp_path / "first.log"
    with log.open("wb") as output:
        first = subprocess.Popen([EXPERTBANK, "worker"], env=env, stdout=output, stderr=output)
    try:
        wait_until(lambda: holder(schema) is not None, what="the first worker's lock")
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (holder(schema),))
        second = subprocess.Popen(
            [EXPERTBANK, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            assert first.wait(timeout=60) == 1
            assert "the worker lost its lock" in log.read_text()
            wait_until(lambda: holder(schema) is not None, what="the second worker's lock")
            assert second.poll() is None
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=30)


def holder(schema: str) -> int | None:
    """The server process holding the schema's worker lock, if one does."""
    key = advisory_key(schema)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        row = admin.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
            " AND classid = %s::bigint::oid AND objid = %s::bigint::oid",
            ((key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF),
        ).fetchone()
    return int(row[0]) if row else None
