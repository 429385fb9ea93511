"""The requests queue and engagements: events in, rows out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from domain.errors import InvalidInput
from domain.time import LONDON
from infrastructure.clock import ManualClock
from projections.read_models import ReadModels
from tests.world import World


def submit(world: World, head: str, service: str, theme: str) -> UUID:
    return world.bank.requests.submit(
        getattr(world, head),
        service_id=getattr(world, service),
        theme_id=getattr(world, theme),
        need="Help us show our impact",
        outcomes="An evaluation plan",
        hours_hoped=8,
    )


def test_the_queue_lists_open_requests_longest_waiting_first_with_filters(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    requests = world.bank.requests
    worcs = submit(world, "worcs_head", "worcestershire", "evaluation")
    clock.advance(timedelta(days=3))
    haringey = submit(world, "haringey_head", "haringey", "comms")
    clock.advance(timedelta(days=2))
    notts = submit(world, "notts_staff", "nottingham", "partnerships")
    derby = submit(world, "derby_staff", "derby", "partnerships")
    requests.shortlist(world.manager, haringey)
    requests.decline(world.manager, derby, reason="Outside this round's themes")
    clock.advance(timedelta(days=1))
    views.sync()

    queue = views.requests.queue()
    assert [r.request_id for r in queue] == [worcs, haringey, notts]
    assert [r.state for r in queue] == ["submitted", "shortlisted", "submitted"]
    assert [r.days_waiting for r in queue] == [6, 3, 1]
    assert queue[0].region_name == "West Midlands" and queue[0].service_name == "Worcestershire"
    assert [r.request_id for r in views.requests.queue(theme_id=world.partnerships)] == [notts]
    assert [r.request_id for r in views.requests.queue(region_id=world.east_midlands)] == [notts]
    assert [r.request_id for r in views.requests.queue(waiting_days=3)] == [worcs, haringey]
    [declined] = views.requests.queue(states=["declined"])
    assert (declined.request_id, declined.reason) == (derby, "Outside this round's themes")
    assert [r.request_id for r in views.requests.for_service(world.haringey)] == [haringey]
    with pytest.raises(InvalidInput) as refused:
        views.requests.queue(states=["lost"])
    assert refused.value.field == "states"


def test_engagements_show_hours_allowed_booked_and_used(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    bank = world.bank
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation, hours=3)
    window = world.window(world.evaluator, weekday=2)
    wednesday = date(2027, 3, 3)
    booked = [
        bank.bookings.book(
            world.worcs_head,
            service_id=world.worcestershire,
            provider_id=world.evaluator,
            window_id=window,
            start=datetime(2027, 3, 3, hour, tzinfo=LONDON).astimezone(UTC),
            engagement_id=engagement,
        )
        for hour in (9, 10, 11)
    ]
    bank.bookings.cancel(world.worcs_head, booked[2], reason="not needed")
    clock.set(datetime(2027, 3, 3, 12, tzinfo=UTC))
    bank.sessions.record(world.evaluator, booked[0], outcome="held")
    bank.sessions.record(world.evaluator, booked[1], outcome="no_show")
    views.sync()

    [summary] = views.requests.engagements(service_id=world.worcestershire)
    assert (summary.engagement_id, summary.expert_name) == (engagement, "Evaluator")
    assert (summary.allowance_minutes, summary.booked_minutes, summary.used_minutes) == (
        180,
        90,
        45,
    )
    assert summary.minutes_left == 90
    assert summary.ends_on == wednesday - timedelta(days=2) + timedelta(days=180)
    assert views.requests.engagements(expert_id=world.communicator) == []
    [matched] = views.requests.queue(states=["matched"])
    assert matched.engagement_id == engagement and matched.expert_id == world.evaluator
