"""Experts and peers publish their time: weekly windows from the first week, one-off days
later on. Every provider ends up with bookable time over the next eight weeks."""

from __future__ import annotations

from datetime import timedelta

from service.demo.stage import Stage
from service.demo.timeline import FRI, MON, THU, TUE, WED, Story

DAY = 24 * 60

# provider, window key, weekday, from, to, session minutes, buffer, notice days, horizon days
WEEKLY = [
    ("sarah", "sarah-tue", TUE, "09:30", "17:00", 90, 30, 2, 90),
    ("sarah", "sarah-thu", THU, "09:30", "17:00", 90, 30, 2, 90),
    ("mark", "mark-mon", MON, "10:00", "16:00", 60, 15, 1, 90),
    ("aisha", "aisha-wed", WED, "09:00", "13:00", 60, 30, 2, 90),
    ("owen", "owen-wed", WED, "13:00", "17:00", 60, 30, 2, 90),
    ("james", "james-fri", FRI, "09:00", "12:30", 90, 30, 3, 90),
    ("ruth", "ruth-tue", TUE, "09:00", "12:00", 45, 15, 2, 56),
    ("chris", "chris-thu", THU, "14:00", "16:30", 60, 15, 2, 56),
    ("lisa", "lisa-mon", MON, "10:00", "12:00", 60, 0, 2, 56),
    ("ahmed", "ahmed-wed", WED, "10:00", "12:00", 60, 0, 2, 56),
    ("beth", "beth-fri", FRI, "09:30", "11:30", 60, 0, 2, 56),
    ("david", "david-tue", TUE, "14:00", "16:00", 60, 0, 2, 56),
    ("grace", "grace-thu", THU, "10:00", "12:00", 60, 0, 1, 56),
    ("oliver", "oliver-mon", MON, "14:00", "16:00", 60, 0, 2, 56),
    ("hannah", "hannah-thu", THU, "09:30", "11:30", 60, 0, 2, 56),
]


def publish_availability(stage: Stage) -> Story:
    published = stage.at(-6, TUE, "09:00")
    for provider, key, weekday, begin, end, minutes, buffer, notice, horizon in WEEKLY:
        published += timedelta(minutes=10)
        yield published
        stage.publish(
            provider,
            key,
            kind="weekly",
            weekday=weekday,
            start_time=begin,
            end_time=end,
            first_date=stage.calendar.day(-6, TUE),
            session_minutes=minutes,
            buffer_minutes=buffer,
            notice_minutes=notice * DAY,
            horizon_days=horizon,
            mode="online",
            location=f"https://meet.example.org/{key}",
        )

    yield stage.at(-6, WED, "16:00")
    stage.publish(
        "jenny",
        "jenny-wed",
        kind="weekly",
        weekday=WED,
        start_time="14:00",
        end_time="16:00",
        first_date=stage.calendar.day(-6, WED),
        session_minutes=60,
        notice_minutes=2 * DAY,
        mode="in_person",
        location="Exeter Library, Castle Street, Exeter",
    )

    yield stage.at(-3, MON, "11:00")
    for key, week, weekday in [("laura-first", 2, TUE), ("laura-second", 5, THU)]:
        stage.publish(
            "laura",
            key,
            kind="one_off",
            starts_at=stage.at(week, weekday, "10:00"),
            ends_at=stage.at(week, weekday, "16:00"),
            session_minutes=60,
            buffer_minutes=30,
            notice_minutes=3 * DAY,
            horizon_days=90,
            mode="online",
            location=f"https://meet.example.org/{key}",
        )

    yield stage.at(-1, MON, "08:45")
    stage.publish(
        "sarah",
        "sarah-extra",
        kind="one_off",
        starts_at=stage.at(6, MON, "10:00"),
        ends_at=stage.at(6, MON, "15:30"),
        session_minutes=90,
        buffer_minutes=30,
        notice_minutes=2 * DAY,
        horizon_days=90,
        mode="online",
        location="https://meet.example.org/sarah-extra",
    )
