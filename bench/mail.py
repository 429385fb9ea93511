"""Mail and calendar throughput on this machine: prints its numbers.

    .venv/bin/python -m bench.mail [--bookings 250] [--database-url postgresql://...]

Books sessions through the service, then times: deriving the outbox (and, for scale, the
other views), delivering every message to a local SMTP server (aiosmtpd),
rebuilding the outbox, and rendering one person's feed. Timings on a shared 2-core machine
are noisy.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

from domain.time import LONDON
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from tests.smtp import SmtpServer
from tests.world import World

SLOTS_PER_DAY = 8  # 09:00-17:00, 45-minute sessions with 15-minute buffers


def book_many(world: World, count: int) -> list[UUID]:
    engagement = world.engagement(
        world.worcs_head, world.evaluator, world.evaluation, hours=200, ends_on=date(2027, 12, 31)
    )
    world.bank.people.set_bank_holidays(  # sessions every day of the year
        world.evaluator, world.evaluator, nation="england_and_wales", works_bank_holidays=True
    )
    windows = {
        weekday: world.window(
            world.evaluator, weekday=weekday, start_time="09:00", end_time="17:00", horizon_days=365
        )
        for weekday in range(7)
    }
    first_day = date(2027, 3, 2)
    booked: list[UUID] = []
    for number in range(count):
        day = first_day + timedelta(days=number // SLOTS_PER_DAY)
        start = datetime(day.year, day.month, day.day, 9, tzinfo=LONDON) + timedelta(
            hours=number % SLOTS_PER_DAY
        )
        booked.append(
            world.bank.bookings.book(
                world.worcs_head,
                service_id=world.worcestershire,
                provider_id=world.evaluator,
                window_id=windows[day.weekday()],
                engagement_id=engagement,
                start=start,
            )
        )
    return booked


def timed(label: str, count: int, unit: str, action: object) -> None:
    began = time.perf_counter()
    action()  # type: ignore[operator]
    seconds = time.perf_counter() - began
    print(f"{label:<38} {count:>6} {unit:<9} {seconds:7.3f} s  {count / seconds:9.1f} {unit}/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bookings", type=int, default=250)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    smtp = SmtpServer()
    smtp.start()
    with tempfile.TemporaryDirectory() as folder:
        clock = ManualClock(datetime(2027, 3, 1, 9, tzinfo=UTC))
        settings = Settings(data_dir=Path(folder), database_url=args.database_url, extra=smtp.env())
        bank = bootstrap(settings, clock)
        try:
            world = World.build(bank, clock)
            began = time.perf_counter()
            bookings = book_many(world, args.bookings)
            print(f"booked {len(bookings)} sessions in {time.perf_counter() - began:.1f} s")
            events = bank.head_position()
            timed("derive the outbox", events, "events", bank.mail.update)
            timed("every view, for scale", events, "events", bank.read_models.runner.catch_up)
            messages = bank.mail.status()["pending"]
            timed("deliver over SMTP (one connection)", messages, "messages", bank.mail.deliver)
            assert len(smtp.messages()) == messages, "not every message arrived"
            timed(
                "rebuild the outbox (nothing re-sent)",
                events,
                "events",
                lambda: bank.mail.runner.rebuild("outbox"),
            )
            assert bank.mail.deliver().sent == 0
            link = bank.calendars.issue(world.evaluator, world.evaluator)
            timed(
                "render a feed (all sessions)",
                len(bookings),
                "sessions",
                lambda: bank.calendars.feed(link.token),
            )
        finally:
            bank.close()
            smtp.stop()


if __name__ == "__main__":
    main()
