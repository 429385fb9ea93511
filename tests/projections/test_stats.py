"""Programme statistics from the views: requests, hours and sessions by theme, region and
month, and peer hours given and received per library service."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.errors import InvalidInput
from domain.time import LONDON
from infrastructure.clock import ManualClock
from projections.read_models import ReadModels
from projections.stats_filters import Filters
from tests.world import World


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC)


def test_programme_figures_by_theme_region_and_month(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    bank = world.bank
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation, hours=4)
    clock.advance(timedelta(days=2))
    waiting = bank.requests.submit(
        world.haringey_head,
        service_id=world.haringey,
        theme_id=world.comms,
        need="Tell our story",
        outcomes="A campaign",
        hours_hoped=6,
    )
    window = world.window(world.evaluator, weekday=2)
    sessions = [
        bank.bookings.book(
            world.worcs_head,
            service_id=world.worcestershire,
            provider_id=world.evaluator,
            window_id=window,
            start=at(day, 10),
            engagement_id=engagement,
        )
        for day in (date(2027, 3, 10), date(2027, 3, 17), date(2027, 4, 7))
    ]
    clock.set(at(date(2027, 3, 17), 12))
    bank.sessions.record(world.evaluator, sessions[0], outcome="held")
    bank.sessions.give_feedback(world.worcs_head, sessions[0], rating=4)
    bank.sessions.record(world.evaluator, sessions[1], outcome="no_show")
    views.sync()

    lines = views.stats.programme(by=("theme", "month"))
    by_key = {(line.theme_name, line.month): line for line in lines}
    evaluation_march = by_key[("Advocacy and evidence: Evaluation", "2027-03")]
    assert evaluation_march.requests_by_state == {"matched": 1}
    assert evaluation_march.average_days_to_match == 0.0
    assert evaluation_march.minutes_allocated == 240
    assert (evaluation_march.minutes_booked, evaluation_march.minutes_used) == (90, 45)
    assert (evaluation_march.sessions_held, evaluation_march.no_shows) == (1, 1)
    assert (evaluation_march.ratings, evaluation_march.average_rating) == (1, 4.0)
    assert by_key[("Advocacy and evidence: Evaluation", "2027-04")].minutes_booked == 45
    comms = by_key[("Transformation: Communications and engagement", "2027-03")]
    assert comms.requests_by_state == {"submitted": 1} and comms.minutes_allocated == 0
    [london] = [
        line for line in views.stats.programme(by=("region",)) if line.region_name == "London"
    ]
    assert london.requests_by_state == {"submitted": 1}
    [everything] = views.stats.programme(by=(), within=Filters(first_month="2027-04"))
    assert (everything.minutes_booked, everything.requests_by_state) == (45, {})
    assert waiting


def test_peer_hours_given_and_received_count_a_group_session_once_for_the_giver(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    bank = world.bank
    window = world.window(world.leics_peer, seats=4)
    tuesday = date(2027, 3, 2)
    seats = [
        bank.bookings.book(
            getattr(world, staff),
            service_id=getattr(world, service),
            provider_id=world.leics_peer,
            window_id=window,
            start=at(tuesday, 9),
        )
        for staff, service in (("notts_staff", "nottingham"), ("derby_staff", "derby"))
    ]
    clock.set(at(tuesday, 10))
    for seat in seats:
        bank.sessions.record(world.leics_peer, seat, outcome="held")
    views.sync()

    hours = {line.service_name: line for line in views.stats.peer_hours()}

    assert hours["Leicestershire"].minutes_given == 45
    assert hours["Nottingham City"].minutes_received == 45
    assert hours["Derby"].minutes_received == 45
    assert "Haringey" not in hours
    assert {
        line.service_name for line in views.stats.peer_hours(within=Filters(region_id=world.london))
    } == set()


def test_unknown_grouping_and_bad_months_are_refused(views: ReadModels) -> None:
    with pytest.raises(InvalidInput):
        views.stats.programme(by=("planet",))
    with pytest.raises(InvalidInput) as refused:
        Filters(first_month="March")
    assert refused.value.field == "first_month"
    with pytest.raises(InvalidInput) as backwards:
        Filters(first_month="2027-05", last_month="2027-03")
    assert backwards.value.field == "last_month"
