"""The scheduler's set-up: trigger maths across clock changes, defaults, one worker only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from domain.time import LONDON
from infrastructure.settings import Settings
from infrastructure.worker_lock import WorkerLock
from service.jobs.scheduler import SWEEP_TRIGGERS, build_scheduler, daytime_hourly


def fire_times(trigger: CronTrigger, first: date, last: date) -> list[datetime]:
    now = datetime(first.year, first.month, first.day, tzinfo=LONDON)
    end = datetime(last.year, last.month, last.day, 23, 59, tzinfo=LONDON)
    times: list[datetime] = []
    previous = None
    while (fire := trigger.get_next_fire_time(previous, now)) is not None and fire <= end:
        times.append(fire)
        previous, now = fire, fire + timedelta(seconds=1)
    return times


def test_cron_jobs_never_run_in_the_hour_clocks_change_and_run_once_an_hour_by_day() -> None:
    for first, last in [
        (date(2027, 3, 27), date(2027, 3, 29)),
        (date(2027, 10, 30), date(2027, 11, 1)),
    ]:
        times = fire_times(daytime_hourly(), first, last)
        local = [t.astimezone(LONDON) for t in times]
        assert not [t for t in local if 1 <= t.hour < 2]
        assert len(times) == len(set(times)) == 3 * 15  # 07:05 to 21:05, each day
        assert {t.strftime("%M") for t in local} == {"05"}


def test_the_scheduler_has_an_explicit_zone_coalesces_and_tolerates_late_runs() -> None:
    scheduler = build_scheduler(lambda: None, lambda name: 0)
    scheduler.start(paused=True)
    try:
        assert str(scheduler.timezone) == "Europe/London"
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {"mail", *SWEEP_TRIGGERS}
        for job in jobs.values():
            assert job.coalesce is True
            assert job.misfire_grace_time >= 3600
            assert job.max_instances == 1
            assert job.next_run_time <= datetime.now(LONDON)  # catches up at start
        assert jobs["mail"].executor == "mail"
    finally:
        scheduler.shutdown(wait=False)


def test_only_one_worker_may_run_per_installation(settings: Settings) -> None:
    first, second = WorkerLock(settings), WorkerLock(settings)
    assert first.acquire()
    try:
        assert not second.acquire()
    finally:
        first.release()
    assert second.acquire()
    second.release()
