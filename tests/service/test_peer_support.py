"""Scenario 2: peer support inside a region, through the service layer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.errors import CapExceeded, SessionFull, SlotTaken, SlotUnavailable
from domain.ids import peer_month_id
from domain.peer_month import PeerMonth
from service.application import ExpertBank
from tests.service.support import london, nothing_recorded
from tests.world import SYSTEM, World


def test_peer_support_inside_a_region(bank: ExpertBank, world: World) -> None:
    peer = world.leics_peer

    # 1. Tuesday mornings in March, 45 minutes, 15-minute buffer, 2 days' notice, 4 h a month.
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=4, requires_confirmation=False)
    tuesdays = world.window(
        peer,
        weekday=1,
        start_time="09:00",
        end_time="12:00",
        session_minutes=45,
        buffer_minutes=15,
        notice_minutes=2 * 24 * 60,
        first_date=date(2027, 3, 1),
        last_date=date(2027, 3, 31),
        theme_ids=[world.partnerships],
    )

    def book(staff: UUID, start: datetime, window: UUID = tuesdays) -> UUID:
        service = bank.people.person(staff).service_id
        assert service is not None
        return bank.bookings.book(
            staff, service_id=service, provider_id=peer, window_id=window, start=start
        )

    with nothing_recorded(bank, SlotUnavailable, "this provider needs 2 days' notice", "start"):
        book(world.notts_staff, london(2027, 3, 2, 10))

    # 2. Two East Midlands services want Tuesday 10:00: one gets it, the other sees what is free.
    first = book(world.notts_staff, london(2027, 3, 9, 10))
    with nothing_recorded(bank, SlotTaken, "another library service has booked this time") as taken:
        book(world.derby_staff, london(2027, 3, 9, 10))
    assert taken.value.next_free == [  # type: ignore[attr-defined]
        london(2027, 3, 9, 11),
        london(2027, 3, 16, 9),
        london(2027, 3, 16, 10),
    ]
    thursday = world.window(
        peer,
        kind="one_off",
        starts_at=london(2027, 3, 9, 10, 30),
        ends_at=london(2027, 3, 9, 12),
        session_minutes=30,
        buffer_minutes=0,
        theme_ids=[world.partnerships],
    )
    with nothing_recorded(
        bank, SlotTaken, "another library service has booked this time"
    ):  # another window, same peer
        book(world.derby_staff, london(2027, 3, 9, 10, 30), window=thursday)

    # 3. A day off: the booking already on it is named to the peer, and kept.
    day_off = bank.availability.add_time_off(
        peer, peer, first_day=date(2027, 3, 9), last_day=date(2027, 3, 9), note="Training"
    )
    assert day_off.bookings_kept == [first]
    assert bank.bookings.booking(peer, first).status == "confirmed"
    with nothing_recorded(bank, SlotUnavailable, "the provider has time off then"):
        book(world.derby_staff, london(2027, 3, 9, 11))

    # The monthly cap: five 45-minute sessions fit in 4 hours, a sixth does not.
    for staff, start in [
        (world.derby_staff, london(2027, 3, 16, 9)),
        (world.notts_staff, london(2027, 3, 16, 10)),
        (world.worcs_head, london(2027, 3, 16, 11)),
        (world.haringey_head, london(2027, 3, 23, 9)),
    ]:
        book(staff, start)
    with nothing_recorded(
        bank, CapExceeded, "at most 4 hours a month and has 15 minutes left in 2027-03"
    ):
        book(world.derby_staff, london(2027, 3, 23, 10))

    # 4. A regional workshop with 6 seats fills; the seventh service is told it is full.
    workshop = world.window(
        peer,
        kind="one_off",
        starts_at=london(2027, 4, 20, 10),
        ends_at=london(2027, 4, 20, 11, 30),
        session_minutes=90,
        seats=6,
        mode="in_person",
        location="Loughborough Library",
        theme_ids=[world.partnerships],
    )
    for code in ("lincolnshire", "northamptonshire", "rutland"):
        service = bank.registry.register_service(
            SYSTEM, code=code, name=code.title(), region_id=world.east_midlands
        )
        world.person(f"{code}_staff", ["service_staff"], service)
    seats = [
        book(staff, london(2027, 4, 20, 10), window=workshop)
        for staff in (
            world.notts_staff,
            world.derby_staff,
            world.lincolnshire_staff,
            world.northamptonshire_staff,
            world.rutland_staff,
            world.worcs_head,
        )
    ]
    with nothing_recorded(bank, SessionFull, "all 6 seats of this session are taken"):
        book(world.haringey_head, london(2027, 4, 20, 10), window=workshop)
    assert {bank.bookings.booking(peer, seat).status for seat in seats} == {"confirmed"}
    april: PeerMonth = bank.store.repository.get(peer_month_id(peer, "2027-04"))
    assert april.committed_minutes == 90  # the workshop counts once against the cap

    # A seat given back is free for the seventh service.
    bank.bookings.cancel(world.worcs_head, seats[-1], reason="Staff shortage")
    seventh = book(world.haringey_head, london(2027, 4, 20, 10), window=workshop)
    assert bank.bookings.booking(peer, seventh).start == datetime(2027, 4, 20, 9, tzinfo=UTC)


def test_a_peers_cap_cannot_be_set_below_the_hours_committed_in_a_month(
    bank: ExpertBank, world: World
) -> None:
    peer = world.leics_peer
    window = world.window(peer, theme_ids=[world.partnerships])  # Tuesdays, 45 minutes
    for start in (london(2027, 4, 6, 9), london(2027, 4, 6, 10)):
        bank.bookings.book(
            world.notts_staff,
            service_id=world.nottingham,
            provider_id=peer,
            window_id=window,
            start=start,
        )

    with nothing_recorded(
        bank, CapExceeded, "1.5 hours are already committed in 2027-04", "monthly_cap_hours"
    ):
        bank.people.set_peer_settings(peer, peer, monthly_cap_hours=1, requires_confirmation=False)
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=1.5, requires_confirmation=False)
    assert bank.people.person(peer).peer_cap_minutes == 90


def test_expired_holds_give_their_hours_back_in_the_save_that_needs_them(
    bank: ExpertBank, world: World
) -> None:
    """No sweeper runs here: the booking that needs the room lapses them itself."""
    peer = world.leics_peer
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=1.5, requires_confirmation=True)
    window = world.window(peer, theme_ids=[world.partnerships])  # Tuesdays, 45 minutes

    def book(start: datetime) -> UUID:
        return bank.bookings.book(
            world.notts_staff,
            service_id=world.nottingham,
            provider_id=peer,
            window_id=window,
            start=start,
        )

    held = [book(london(2027, 3, 16, 9)), book(london(2027, 3, 16, 10))]
    with nothing_recorded(bank, CapExceeded, "has 0 minutes left in 2027-03"):
        book(london(2027, 3, 23, 9))
    world.clock.advance(timedelta(hours=bank.settings.hold_hours, minutes=1))

    third = book(london(2027, 3, 23, 9))

    statuses = [bank.bookings.booking(world.notts_staff, b).status for b in [*held, third]]
    assert statuses == ["lapsed", "lapsed", "held"]
