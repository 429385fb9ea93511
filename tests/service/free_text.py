"""A journey writing every kind of free text, each with a word of its own to look for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from infrastructure.clock import ManualClock
from service.application import ExpertBank
from tests.service.support import london
from tests.world import World


@dataclass(frozen=True)
class Written:
    request: UUID
    declined: UUID
    engagement: UUID
    held: UUID
    cancelled: UUID
    texts: dict[str, str]  # what was typed, by where


def write_every_kind(bank: ExpertBank, world: World, clock: ManualClock) -> Written:
    texts = {
        "need": "Need: Zephyrine Quartermaine, 07700 900461, asthma",
        "outcomes": "Hoped: Quillon report",
        "decline": "Declined: Brackenridge rule",
        "cover": "Cover: Marchbanks survey",
        "move": "Moved: Ottoline's operation",
        "cancel": "Cancelled: Featherstonehaugh briefing",
        "notes": "Notes: Wigglesworth said",
        "session outcomes": "Outcomes: Ravenscroft indicators",
        "actions": "Actions: Pemberton data",
        "comment": "Comment: Ebenezer helped",
        "time off": "Time off: Hollinsworth surgery",
        "deactivate": "Deactivated: Thistlewood complaint",
    }
    requests, bookings, sessions = bank.requests, bank.bookings, bank.sessions
    head, manager, expert = world.worcs_head, world.manager, world.evaluator
    request = requests.submit(
        head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need=texts["need"],
        outcomes=texts["outcomes"],
        hours_hoped=8,
    )
    requests.shortlist(manager, request)
    requests.approve(manager, request)
    declined = requests.submit(
        world.haringey_head,
        service_id=world.haringey,
        theme_id=world.comms,
        need="A communications plan",
        outcomes="More readers",
        hours_hoped=6,
    )
    requests.decline(manager, declined, reason=texts["decline"])
    engagement = requests.match(
        manager, request, expert_id=expert, allowance_hours=8, ends_on=date(2027, 6, 30)
    )
    window = world.window(expert, weekday=2, start_time="10:00", end_time="16:00")

    def book(day: int) -> UUID:
        return bookings.book(
            head,
            service_id=world.worcestershire,
            provider_id=expert,
            window_id=window,
            start=london(2027, 3, day, 10),
            engagement_id=engagement,
            cover=texts["cover"],
        )

    held, cancelled = book(10), book(17)
    bookings.reschedule(
        expert, cancelled, window_id=window, start=london(2027, 3, 24, 10), reason=texts["move"]
    )
    bookings.cancel(head, cancelled, reason=texts["cancel"])
    clock.set(london(2027, 3, 10, 11, 30))
    sessions.record(
        expert,
        held,
        outcome="held",
        notes=texts["notes"],
        outcomes=texts["session outcomes"],
        actions=texts["actions"],
    )
    sessions.give_feedback(head, held, rating=5, comment=texts["comment"])
    bank.availability.add_time_off(
        expert,
        expert,
        first_day=date(2027, 4, 5),
        last_day=date(2027, 4, 6),
        note=texts["time off"],
    )
    bank.people.deactivate(manager, world.leics_peer, reason=texts["deactivate"])
    return Written(request, declined, engagement, held, cancelled, texts)
