"""Availability search: events in (windows, bookings, time off, caps), free slots out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from domain.errors import CapExceeded, InvalidInput, SlotTaken
from domain.time import LONDON
from infrastructure.clock import ManualClock
from projections.read_models import ReadModels
from service.application import ExpertBank
from tests.world import World

TUESDAY = date(2027, 3, 2)


def starts(views: ReadModels, **filters: object) -> list[datetime]:
    views.sync()
    return [slot.start for slot in views.availability.search(**filters).slots]  # type: ignore[arg-type]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A London wall-clock time as an instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def book(world: World, window: UUID, start: datetime, staff: str = "notts_staff") -> UUID:
    service = {
        "notts_staff": "nottingham",
        "derby_staff": "derby",
        "haringey_head": "haringey",
        "worcs_head": "worcestershire",
    }[staff]
    return world.bank.bookings.book(
        getattr(world, staff),
        service_id=getattr(world, service),
        provider_id=world.leics_peer,
        window_id=window,
        start=start,
    )


def test_a_booked_slot_disappears_for_everyone_moves_and_returns_when_cancelled(
    world: World, views: ReadModels
) -> None:
    window = world.window(world.leics_peer)
    one_day = {"first_day": TUESDAY, "last_day": TUESDAY}
    assert starts(views, **one_day) == [at(TUESDAY, 9), at(TUESDAY, 10), at(TUESDAY, 11)]

    booking = book(world, window, at(TUESDAY, 10))

    assert starts(views, **one_day) == [at(TUESDAY, 9), at(TUESDAY, 11)]
    world.bank.bookings.reschedule(
        world.notts_staff,
        booking,
        window_id=window,
        start=at(TUESDAY, 11),
    )
    assert starts(views, **one_day) == [at(TUESDAY, 9), at(TUESDAY, 10)]
    world.bank.bookings.cancel(world.notts_staff, booking, reason="staff illness")
    assert starts(views, **one_day) == [at(TUESDAY, 9), at(TUESDAY, 10), at(TUESDAY, 11)]


def test_buffers_keep_slots_from_other_windows_clear_and_booking_agrees(
    world: World, views: ReadModels
) -> None:
    weekly = world.window(world.leics_peer)  # 45 minutes, 15 minutes' buffer
    one_off = world.window(
        world.leics_peer,
        kind="one_off",
        starts_at=at(TUESDAY, 12),
        ends_at=at(TUESDAY, 13),
        buffer_minutes=30,
    )
    book(world, weekly, at(TUESDAY, 11))  # ends 11:45; 12:00 is within the 30 minutes

    assert at(TUESDAY, 12) not in starts(views, first_day=TUESDAY, last_day=TUESDAY)
    with pytest.raises(SlotTaken):
        book(world, one_off, at(TUESDAY, 12), staff="derby_staff")


def test_minimum_notice_counts_from_the_moment_of_the_search(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    world.window(world.leics_peer, notice_minutes=24 * 60)
    one_day = {"first_day": TUESDAY, "last_day": TUESDAY}
    assert starts(views, **one_day) == [at(TUESDAY, 9), at(TUESDAY, 10), at(TUESDAY, 11)]

    clock.advance(timedelta(hours=1))  # nothing happens to the window; time passes

    assert starts(views, **one_day) == [at(TUESDAY, 10), at(TUESDAY, 11)]
    # Where the provider may move their own session to: inside the notice too.
    every = [at(TUESDAY, 9), at(TUESDAY, 10), at(TUESDAY, 11)]
    assert starts(views, **one_day, notice=False) == every


def test_the_booking_horizon_moves_on_as_days_pass(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    world.window(world.leics_peer, horizon_days=7)
    next_week = TUESDAY + timedelta(days=7)
    assert starts(views, first_day=next_week, last_day=next_week) == []

    clock.advance(timedelta(days=1))

    assert starts(views, first_day=next_week, last_day=next_week) == [at(next_week, 9)]


def test_time_off_hides_its_days_until_removed(world: World, views: ReadModels) -> None:
    world.window(world.leics_peer)
    two_weeks = {"first_day": TUESDAY, "last_day": TUESDAY + timedelta(days=7)}
    off = world.bank.availability.add_time_off(
        world.leics_peer, world.leics_peer, first_day=TUESDAY, last_day=TUESDAY
    )

    assert {s.date() for s in starts(views, **two_weeks)} == {TUESDAY + timedelta(days=7)}
    world.bank.availability.remove_time_off(world.leics_peer, off.id)
    assert len(starts(views, **two_weeks)) == 6


def test_a_peer_at_their_cap_shows_no_slots_that_month(world: World, views: ReadModels) -> None:
    window = world.window(world.leics_peer)
    world.bank.people.set_peer_settings(
        world.leics_peer, world.leics_peer, monthly_cap_hours="1.5", requires_confirmation=False
    )
    march_and_april = {"first_day": TUESDAY, "last_day": date(2027, 4, 6)}
    book(world, window, at(TUESDAY, 9))
    assert at(TUESDAY, 11) in starts(views, **march_and_april)  # 45 of 90 minutes used

    book(world, window, at(TUESDAY, 10), staff="derby_staff")

    left = starts(views, **march_and_april)
    assert left and all(start.astimezone(LONDON).month == 4 for start in left)
    with pytest.raises(CapExceeded):
        book(world, window, at(TUESDAY, 11), staff="haringey_head")


def test_a_group_session_shows_seats_left_until_it_is_full(world: World, views: ReadModels) -> None:
    window = world.window(world.leics_peer, seats=3)
    nine = at(TUESDAY, 9)

    def seats_left() -> int | None:
        views.sync()
        page = views.availability.search(first_day=TUESDAY, last_day=TUESDAY)
        return next((s.seats_left for s in page.slots if s.start == nine), None)

    assert seats_left() == 3
    book(world, window, nine)
    book(world, window, nine, staff="derby_staff")
    assert seats_left() == 1
    book(world, window, nine, staff="haringey_head")
    assert seats_left() is None


def test_a_hold_past_its_time_frees_the_slot_before_it_is_lapsed(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    window = world.window(world.leics_peer)
    world.bank.people.set_peer_settings(
        world.leics_peer, world.leics_peer, monthly_cap_hours=None, requires_confirmation=True
    )
    next_week = TUESDAY + timedelta(days=7)
    book(world, window, at(next_week, 9))  # held for 48 hours
    one_day = {"first_day": next_week, "last_day": next_week}
    assert at(next_week, 9) not in starts(views, **one_day)

    clock.advance(timedelta(hours=49))

    assert at(next_week, 9) in starts(views, **one_day)


def test_search_filters_by_theme_kind_region_mode_and_service(
    world: World, views: ReadModels
) -> None:
    world.window(world.leics_peer)
    world.window(world.evaluator, weekday=1, mode="in_person", location="Worcester Library")
    day = {"first_day": TUESDAY, "last_day": TUESDAY}

    def providers(**filters: object) -> set[object]:
        views.sync()
        page = views.availability.search(**day, **filters)  # type: ignore[arg-type]
        return {slot.provider_id for slot in page.slots}

    both = {world.leics_peer, world.evaluator}
    assert providers() == both
    assert providers(theme_id=world.evaluation) == {world.evaluator}
    assert providers(kind="peer") == {world.leics_peer}
    assert providers(kind="expert") == {world.evaluator}
    assert providers(region_id=world.east_midlands) == {world.leics_peer}
    assert providers(region_id=world.london) == set()
    assert providers(mode="in_person") == {world.evaluator}
    assert providers(exclude_service_id=world.leicestershire) == {world.evaluator}
    assert providers(provider_id=world.evaluator) == {world.evaluator}
    slot = views.availability.search(**day, kind="peer").slots[0]  # type: ignore[arg-type]
    assert (slot.provider_name, slot.kind, slot.region_id) == (
        "Leics Peer",
        "peer",
        world.east_midlands,
    )


def test_slots_keep_their_london_time_across_the_clock_change(
    world: World, views: ReadModels
) -> None:
    world.window(world.leics_peer)
    before, after = date(2027, 3, 23), date(2027, 3, 30)  # BST starts on 28 March

    found = starts(views, first_day=before, last_day=after)

    assert [s.astimezone(LONDON).strftime("%d %H:%M") for s in found[::3]] == [
        "23 09:00",
        "30 09:00",
    ]
    assert found[0].hour == 9 and found[3].hour == 8  # in UTC


def test_pages_follow_on_from_the_cursor_without_gaps_or_repeats(
    world: World, views: ReadModels
) -> None:
    world.window(world.leics_peer)
    views.sync()
    whole = views.availability.search(limit=100).slots
    pages, after = [], None
    while True:
        page = views.availability.search(limit=4, after=after)
        pages.extend(page.slots)
        if page.next_cursor is None:
            break
        after = page.next_cursor

    assert len(whole) == 12  # four Tuesdays in the next 28 days, three slots each
    assert pages == whole


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"kind": "guru"}, "kind"),
        ({"mode": "carrier pigeon"}, "mode"),
        ({"first_day": TUESDAY, "last_day": TUESDAY - timedelta(days=1)}, "last_day"),
        ({"limit": 0}, "limit"),
        ({"after": "yesterday|somebody|somewhere"}, "after"),
    ],
)
def test_bad_search_input_is_refused_naming_the_field(
    bank: ExpertBank, filters: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        bank.read_models.availability.search(**filters)  # type: ignore[arg-type]
    assert refused.value.field == field
