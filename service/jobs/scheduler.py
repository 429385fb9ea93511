"""APScheduler 3.11 set up for one worker process.

- An explicit time zone (Europe/London) for the cron triggers; ``coalesce`` so a backlog of
  missed runs becomes one run; a generous ``misfire_grace_time`` (the default of one second
  silently skips a run that starts late).
- Every job also runs once at start, so whatever fell due while the worker was down is
  caught up at once, not at the next tick.
- Cron jobs run at minute 5 of 07:00-21:00 London only: never in the 01:00-02:00 hour that
  happens twice in October and not at all in March, and no mail in the night. Interval
  jobs count real time and are unaffected by clock changes.
- Delivering mail has an executor of its own, so a slow sweep never delays it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from domain.time import LONDON

JOB_DEFAULTS = {"coalesce": True, "misfire_grace_time": 3600, "max_instances": 1}


def daytime_hourly() -> CronTrigger:
    return CronTrigger(hour="7-21", minute=5, timezone=LONDON)


def every(**interval: float) -> IntervalTrigger:
    return IntervalTrigger(timezone=LONDON, **interval)


SWEEP_TRIGGERS: dict[str, Callable[[], Any]] = {
    "lapse_holds": lambda: every(minutes=1),
    "remind_sessions": lambda: every(minutes=1),
    "follow_up_sessions": lambda: every(minutes=15),
    "warn_allowances": daytime_hourly,
    "weekly_digest": daytime_hourly,
    "refresh_calendars": lambda: every(minutes=1),
}


def build_scheduler(
    deliver: Callable[[], None],
    sweep: Callable[[str], int],
    *,
    deliver_every: timedelta = timedelta(seconds=2),
) -> BackgroundScheduler:
    """A scheduler (not started) running ``deliver`` often and each sweep on its trigger."""
    scheduler = BackgroundScheduler(
        timezone=LONDON,
        job_defaults=JOB_DEFAULTS,
        executors={"default": ThreadPoolExecutor(1), "mail": ThreadPoolExecutor(1)},
    )
    start = datetime.now(LONDON)
    scheduler.add_job(
        deliver,
        every(seconds=deliver_every.total_seconds()),
        id="mail",
        executor="mail",
        next_run_time=start,
    )
    for name, trigger in SWEEP_TRIGGERS.items():
        scheduler.add_job(sweep, trigger(), args=[name], id=name, next_run_time=start)
    return scheduler
