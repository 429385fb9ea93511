"""Crash and resume: a worker killed part way through catching up, then restarted, has
applied every event exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from infrastructure.settings import Settings
from projections.read_models import ReadModels, every_projection
from projections.runner import ProjectionRunner
from service.application import ExpertBank
from tests.projections import scenario
from tests.projections.audit import AuditProjection
from tests.projections.test_rebuild import rows_of
from tests.world import World

ROOT = Path(__file__).resolve().parents[2]


def start_worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "EXPERTBANK_DATA_DIR": str(settings.data_dir),
        "EXPERTBANK_DATABASE_URL": settings.database_url,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.projections.crash_worker"], cwd=ROOT, env=env
    )


def audit_position(runner: ProjectionRunner) -> int:
    return runner.positions()["audit"]


def test_a_worker_killed_mid_catch_up_resumes_with_nothing_twice_and_nothing_skipped(
    world: World, bank: ExpertBank, settings: Settings, views: ReadModels
) -> None:
    scenario.run(world)
    head = bank.head_position()
    runner = ProjectionRunner(bank.store, views.database, [*every_projection(), AuditProjection()])
    worker = start_worker(settings)
    try:
        deadline = time.monotonic() + 60
        while audit_position(runner) < 30:
            assert worker.poll() is None, "the worker stopped before it could be killed"
            assert time.monotonic() < deadline, "the worker made no progress"
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    stopped_at = audit_position(runner)
    assert 30 <= stopped_at < head  # killed part way through

    runner.catch_up()  # the restart

    applied = views.database.query("SELECT position FROM {view_audit} ORDER BY position")
    expected = [n.id for n in bank.store.recorder.select_notifications(start=1, limit=10_000)]
    assert [row["position"] for row in applied] == expected
    resumed = rows_of(views)
    views.runner.rebuild()
    assert rows_of(views) == resumed
