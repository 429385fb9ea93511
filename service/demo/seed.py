"""Seeding the demo: only into an empty store, and never twice.

The stories start six weeks before now on a manual clock and are played forward to the
present, so the history reads as it would have happened: requests reviewed, experts
matched, sessions booked, held, recorded and rated. Nothing is dated after now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain import ids
from domain.errors import NotFound
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from service.demo import (
    availability,
    engagements,
    own_calendars,
    peer_cases,
    peer_sessions,
    programme,
    requests,
    worcestershire,
)
from service.demo.cast import LAST_SERVICE, NATIONAL_MANAGER
from service.demo.stage import Stage
from service.demo.timeline import MON, Calendar, Story, play

WEEKS_OF_HISTORY = 6


class Outcome(StrEnum):
    SEEDED = "seeded"
    ALREADY_THERE = "already there"
    UNFINISHED = "unfinished"
    OTHER_DATA = "other data"


@dataclass(frozen=True)
class Seeding:
    outcome: Outcome
    events: int
    since: datetime | None = None
    notes: tuple[str, ...] = ()


def seed(open_bank: Callable[[ManualClock], ExpertBank], now: datetime) -> Seeding:
    """Seed the demo into the store that ``open_bank`` opens on the clock it is given, as
    if it all happened before ``now``; or, if the store is not empty, say what is there and
    change nothing."""
    calendar = Calendar(now)
    start = calendar.at(-WEEKS_OF_HISTORY, MON, "07:00")
    clock = ManualClock(start)
    bank = open_bank(clock)
    try:
        found = _what_is_there(bank)
        if found is not None:
            return Seeding(found, bank.head_position())
        stage = Stage(bank, calendar)
        play(clock, _stories(stage), until=calendar.minutes_ago(1))
        clock.set(calendar.minutes_ago(1))
        programme.expert_asks_for_another_theme(stage)
        programme.welcome_last_service(stage)
        return Seeding(Outcome.SEEDED, bank.head_position(), since=start, notes=tuple(stage.notes))
    finally:
        bank.close()


def _what_is_there(bank: ExpertBank) -> Outcome | None:
    if bank.head_position() == 0:
        return None
    if bank.people.find_by_email(NATIONAL_MANAGER.email) is None:
        return Outcome.OTHER_DATA
    try:
        bank.registry.service(ids.library_service_id(LAST_SERVICE[0]))
    except NotFound:
        return Outcome.UNFINISHED
    return Outcome.ALREADY_THERE


def _stories(stage: Stage) -> list[Story]:
    return [
        programme.open_programme(stage),
        availability.publish_availability(stage),
        worcestershire.worcestershire(stage),
        worcestershire.haringey(stage),
        engagements.leicestershire(stage),
        engagements.kent(stage),
        engagements.warwickshire(stage),
        requests.norfolk(stage),
        requests.bristol(stage),
        requests.manchester(stage),
        requests.newcastle(stage),
        requests.communications_guide(stage),
        *peer_sessions.simple_sessions(stage),
        peer_cases.sheffield_holds(stage),
        peer_cases.camden_no_show(stage),
        peer_cases.gateshead_cancels(stage),
        peer_cases.oxfordshire_moves(stage),
        peer_cases.east_midlands_workshop(stage),
        peer_cases.ruth_time_off(stage),
        own_calendars.connect_calendars(stage),
    ]
