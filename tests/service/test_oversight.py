"""What programme staff and auditors read: a region's dashboard, the programme's figures
and a person's record, each put together from the read models."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from domain.errors import InvalidInput, NotFound
from service.application import ExpertBank
from tests.service.support import london
from tests.world import World


def east_midlands_month(bank: ExpertBank, world: World) -> None:
    """Leicestershire's peer gives Derby an hour; Derby's engagement with the evaluator
    has a no-show; Nottingham waits ten days for evaluation help, Derby asks for
    partnerships; Haringey (London) asks too."""
    peer_window = world.window(
        world.leics_peer, session_minutes=60, buffer_minutes=0, theme_ids=[world.partnerships]
    )
    peer_session = bank.bookings.book(
        world.derby_staff,
        service_id=world.derby,
        provider_id=world.leics_peer,
        window_id=peer_window,
        start=london(2027, 3, 2, 10),
    )
    engagement = world.engagement(world.derby_staff, world.evaluator, world.evaluation)
    missed = bank.bookings.book(
        world.derby_staff,
        service_id=world.derby,
        provider_id=world.evaluator,
        window_id=world.window(world.evaluator),
        start=london(2027, 3, 2, 9),
        engagement_id=engagement,
    )
    for staff, service, theme in [
        (world.notts_staff, world.nottingham, world.evaluation),
        (world.haringey_head, world.haringey, world.comms),
    ]:
        bank.requests.submit(
            staff, service_id=service, theme_id=theme, need="n", outcomes="o", hours_hoped=4
        )
    world.clock.set(london(2027, 3, 2, 12))
    bank.sessions.record(world.leics_peer, peer_session, outcome="held")
    bank.sessions.record(world.evaluator, missed, outcome="no_show")
    world.clock.advance(timedelta(days=9))
    derby_asks = bank.requests.submit(
        world.derby_staff,
        service_id=world.derby,
        theme_id=world.partnerships,
        need="n",
        outcomes="o",
        hours_hoped=2,
    )
    bank.requests.shortlist(world.manager, derby_asks)
    bank.read_models.sync()


def test_a_regions_dashboard_shows_its_demand_supply_and_unmet_need(
    bank: ExpertBank, world: World
) -> None:
    east_midlands_month(bank, world)

    d = bank.oversight.region(world.auditor, world.east_midlands)

    lines = {s.name: s for s in d.services}
    assert list(lines) == ["Derby", "Leicestershire", "Nottingham City"]
    assert (lines["Leicestershire"].peer_minutes_given, lines["Derby"].peer_minutes_received) == (
        60,
        60,
    )
    assert lines["Derby"].peer_minutes_given == lines["Leicestershire"].peer_minutes_received == 0
    assert (lines["Derby"].engagements, lines["Derby"].minutes_allocated) == (1, 480)
    assert [(s.requests_waiting) for s in d.services] == [1, 0, 1]

    assert sorted((r.service_name, r.state, r.days_waiting) for r in d.waiting) == [
        ("Derby", "shortlisted", 0),
        ("Nottingham City", "submitted", 10),
    ]
    by_state = {row.state: row.counts for row in d.waiting_by_state}
    assert by_state == {"submitted": [0, 1, 0, 0], "shortlisted": [1, 0, 0, 0], "approved": [0] * 4}

    [engagement] = d.engagements
    assert (engagement.service_name, engagement.booked_minutes, engagement.used_minutes) == (
        "Derby",
        45,
        0,
    )
    assert d.figures is not None
    assert (d.figures.sessions_held, d.figures.no_shows, d.figures.minutes_allocated) == (1, 1, 480)

    needs = {n.theme_name: (n.requests, n.waiting, n.peer_time) for n in d.needs}
    assert needs == {
        "Advocacy and evidence: Evaluation": (2, 1, False),  # Derby's is matched
        "Transformation: Partnerships": (1, 1, True),  # Leicestershire's peer has time
    }
    assert [n.theme_name for n in d.themes_without_peer_time] == [
        "Advocacy and evidence: Evaluation"
    ]


def test_a_quiet_region_has_its_services_and_nothing_else(bank: ExpertBank, world: World) -> None:
    east_midlands_month(bank, world)

    d = bank.oversight.region(world.manager, world.west_midlands)

    assert [s.name for s in d.services] == ["Worcestershire"]
    assert (d.waiting, d.engagements, d.needs, d.figures) == ([], [], [], None)
    with pytest.raises(NotFound, match="there is no region"):
        bank.oversight.region(world.manager, uuid4())


def test_the_figures_come_by_theme_region_and_month_within_the_months_asked(
    bank: ExpertBank, world: World
) -> None:
    east_midlands_month(bank, world)

    march = bank.oversight.programme(world.auditor, first_month="2027-03", last_month="2027-03")

    assert {line.month for line in march} == {"2027-03"}
    assert sum(line.minutes_allocated for line in march) == 480
    assert sum(line.requests_by_state.get("submitted", 0) for line in march) == 2
    assert bank.oversight.programme(world.manager, first_month="2027-04") == []
    with pytest.raises(InvalidInput, match="the last month is before the first") as refused:
        bank.oversight.programme(world.manager, first_month="2027-04", last_month="2027-03")
    assert refused.value.field == "last_month"


def test_staff_read_a_providers_windows_and_time_off_with_their_record(
    bank: ExpertBank, world: World
) -> None:
    window = world.window(world.evaluator)
    bank.availability.add_time_off(
        world.evaluator,
        world.evaluator,
        first_day=london(2027, 4, 6).date(),
        last_day=london(2027, 4, 7).date(),
    )
    bank.read_models.sync()

    record = bank.oversight.person(world.manager, world.evaluator)
    staff_record = bank.oversight.person(world.manager, world.derby_staff)

    assert (record.person.email, record.details_erased) == ("evaluator@example.org", False)
    assert [w.window_id for w in record.windows] == [window]
    assert [(t.first_day.day, t.last_day.day) for t in record.time_off] == [(6, 7)]
    assert (staff_record.windows, staff_record.time_off) == ([], [])
