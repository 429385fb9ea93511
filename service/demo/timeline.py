"""Demo time: stories told week by week on a manual clock that catches up with the present.

Each story is a generator that yields the instant of its next step and then performs it.
``play`` runs all stories together in time order, setting the clock before every step, so
events carry realistic timestamps: a session is booked, later held, then recorded.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta

from domain.time import london_date, london_instant
from infrastructure.clock import ManualClock

Story = Iterator[datetime]

MON, TUE, WED, THU, FRI = range(5)


class Calendar:
    """Weeks counted from the one containing ``now`` (0; last week is -1, next week +1),
    with days and wall-clock times in London, as the people in the stories live them."""

    def __init__(self, now: datetime) -> None:
        self.now = now.astimezone(UTC)
        today = london_date(self.now)
        self.this_monday = today - timedelta(days=today.weekday())

    def day(self, week: int, weekday: int) -> date:
        return self.this_monday + timedelta(weeks=week, days=weekday)

    def at(self, week: int, weekday: int, wall: str) -> datetime:
        """The instant of a London wall-clock time (``"09:30"``) on a day of a week."""
        instant = london_instant(self.day(week, weekday), time.fromisoformat(wall))
        if instant is None:
            raise ValueError(f"{wall} does not exist on {self.day(week, weekday)} in London")
        return instant

    def minutes_ago(self, minutes: int) -> datetime:
        return self.now - timedelta(minutes=minutes)


def play(clock: ManualClock, stories: Sequence[Story], until: datetime) -> None:
    """Run ``stories`` interleaved by the instants they yield, never past ``until``."""
    queue: list[tuple[datetime, int, Story]] = []

    def next_step(index: int, story: Story) -> None:
        when = next(story, None)
        if when is None:
            return
        if when < clock.now():
            raise ValueError(f"demo story {index} goes back in time, to {when.isoformat()}")
        if when > until:
            raise ValueError(f"demo story {index} reaches {when.isoformat()}, after now")
        heapq.heappush(queue, (when, index, story))

    for index, story in enumerate(stories):
        next_step(index, story)
    while queue:
        when, index, story = heapq.heappop(queue)
        clock.set(when)
        next_step(index, story)
