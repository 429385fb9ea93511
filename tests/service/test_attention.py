"""What needs programme staff's attention: requests waiting by age, holds lapsing,
engagements ending with hours not booked and sessions nobody recorded, in the whole
programme or in the region a regional engagement manager looks after."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.errors import PermissionDenied, WrongKind
from service.application import ExpertBank
from tests.service.support import london
from tests.world import World


def busy_week(bank: ExpertBank, world: World) -> dict[str, object]:
    """Derby (East Midlands) holds a peer's session; Worcestershire (West Midlands) has an
    engagement ending soon with a session booked and over, not recorded; Haringey waits."""
    peer = world.leics_peer
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=None, requires_confirmation=True)
    held = bank.bookings.book(
        world.derby_staff,
        service_id=world.derby,
        provider_id=peer,
        window_id=world.window(peer),
        start=london(2027, 3, 2, 10),
    )
    engagement = world.engagement(
        world.worcs_head, world.evaluator, world.evaluation, ends_on=date(2027, 3, 20)
    )
    over = bank.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=world.window(world.evaluator),
        start=london(2027, 3, 2, 9),
        engagement_id=engagement,
    )
    bank.requests.submit(
        world.haringey_head,
        service_id=world.haringey,
        theme_id=world.comms,
        need="n",
        outcomes="o",
        hours_hoped=4,
    )
    world.clock.set(london(2027, 3, 2, 8))
    bank.read_models.sync()
    return {"held": held, "engagement": engagement, "over": over}


def test_staff_see_what_needs_attention_in_the_whole_programme(
    bank: ExpertBank, world: World
) -> None:
    made = busy_week(bank, world)

    a = bank.oversight.attention(world.manager)

    assert [b.booking_id for b in a.holds_lapsing] == [made["held"]]
    assert [e.engagement_id for e in a.engagements_ending] == [made["engagement"]]
    assert a.not_recorded == []  # nothing has ended yet
    assert dict(a.waiting_by_age)["Under 1 week"] == len(a.waiting) == 1

    world.clock.advance(timedelta(hours=3))  # the evaluator's 9:00 session is over
    bank.read_models.sync()
    later = bank.oversight.attention(world.manager)
    assert [b.booking_id for b in later.not_recorded] == [made["over"]]
    assert later.holds_lapsing == []  # the hold lapsed when the session began


def test_a_regional_manager_sees_their_own_region(bank: ExpertBank, world: World) -> None:
    made = busy_week(bank, world)

    east = bank.oversight.attention(world.manager, region_id=world.east_midlands)
    west = bank.oversight.attention(world.manager, region_id=world.west_midlands)

    assert ([b.booking_id for b in east.holds_lapsing], east.engagements_ending) == (
        [made["held"]],
        [],
    )
    assert (west.holds_lapsing, [e.engagement_id for e in west.engagements_ending]) == (
        [],
        [made["engagement"]],
    )
    assert east.waiting == west.waiting == []  # Haringey is in London


def test_only_programme_staff_set_a_region_and_it_must_exist(
    bank: ExpertBank, world: World
) -> None:
    bank.people.set_region(world.manager, world.manager, region_id=world.east_midlands)

    assert bank.people.person(world.manager).region_id == world.east_midlands
    with pytest.raises(PermissionDenied):
        bank.people.set_region(world.auditor, world.manager, region_id=None)
    with pytest.raises(WrongKind, match="another kind of record") as refused:
        bank.people.set_region(world.manager, world.manager, region_id=world.derby)
    assert refused.value.field == "region_id"
