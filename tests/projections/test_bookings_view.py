"""The bookings view and calendar data: events in, rows out, moves and cancellations too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.time import LONDON
from infrastructure.clock import ManualClock
from projections.read_models import ReadModels
from tests.world import World

WEDNESDAY = date(2027, 3, 3)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC)


def test_bookings_show_per_service_provider_and_engagement_with_moves_and_cancellations(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    bank = world.bank
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    window = world.window(world.evaluator, weekday=2)  # Wednesdays 09:00-12:00, 45 minutes
    book = bank.bookings.book
    first, second, third = (
        book(
            world.worcs_head,
            service_id=world.worcestershire,
            provider_id=world.evaluator,
            window_id=window,
            start=at(WEDNESDAY, hour),
            engagement_id=engagement,
        )
        for hour in (9, 10, 11)
    )
    next_week = WEDNESDAY + timedelta(days=7)
    bank.bookings.reschedule(
        world.evaluator, second, window_id=window, start=at(next_week, 10), reason="clash"
    )
    bank.bookings.cancel(world.worcs_head, third, reason="staff illness")
    views.sync()

    rows = {b.booking_id: b for b in views.bookings.for_service(world.worcestershire)}
    assert [rows[b].status for b in (first, second, third)] == ["confirmed"] * 2 + ["cancelled"]
    assert [rows[b].sequence for b in (first, second, third)] == [0, 1, 1]
    assert rows[second].start == at(next_week, 10)
    assert (rows[third].cancelled_by_side, rows[third].reason) == ("service", "staff illness")
    assert rows[first].provider_name == "Evaluator"
    assert rows[first].service_name == "Worcestershire"
    assert [b.booking_id for b in views.bookings.for_provider(world.evaluator)] == [
        first,
        third,
        second,
    ]
    assert {b.booking_id for b in views.bookings.for_engagement(engagement)} == {
        first,
        second,
        third,
    }
    assert views.bookings.for_service(world.haringey) == []

    clock.set(at(WEDNESDAY, 12))
    bank.sessions.record(world.evaluator, first, outcome="held", notes="Good start")
    bank.sessions.give_feedback(world.worcs_head, first, rating=5, comment="Very useful")
    views.sync()

    past = views.bookings.for_service(world.worcestershire, when="past")
    upcoming = views.bookings.for_service(world.worcestershire, when="upcoming")
    assert [(b.booking_id, b.outcome, b.rating) for b in past] == [
        (third, None, None),
        (first, "held", 5),
    ]
    assert [b.booking_id for b in upcoming] == [second]


def test_calendar_data_gives_each_side_every_booking_with_its_change_count(
    world: World, views: ReadModels
) -> None:
    bank = world.bank
    window = world.window(world.leics_peer)
    tuesday = date(2027, 3, 2)
    booking = bank.bookings.book(
        world.notts_staff,
        service_id=world.nottingham,
        provider_id=world.leics_peer,
        window_id=window,
        start=at(tuesday, 9),
    )
    bank.bookings.reschedule(world.leics_peer, booking, window_id=window, start=at(tuesday, 10))
    bank.bookings.cancel(world.notts_staff, booking, reason="no longer needed")
    views.sync()

    for person in (world.leics_peer, world.notts_staff):
        [entry] = views.calendar.for_person(person)
        assert (entry.booking_id, entry.sequence, entry.is_cancelled) == (booking, 2, True)
        assert entry.start == at(tuesday, 10)
    assert views.calendar.for_person(world.derby_staff) == []
    assert views.calendar.for_person(world.manager) == []
