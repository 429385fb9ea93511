"""Engagement history: every event in order, as sentences, and as it stood at a moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from domain.errors import InvalidInput
from domain.time import LONDON
from infrastructure.clock import ManualClock
from projections.read_models import ReadModels
from tests.world import World

MARCH_3 = date(2027, 3, 3)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC)


def haringey_books_the_communicator(world: World, day: date = MARCH_3) -> tuple[UUID, UUID, UUID]:
    """Haringey's request, matched with Communicator, and a session on ``day`` at 10:00:
    the engagement, the window and the booking."""
    engagement = world.engagement(world.haringey_head, world.communicator, world.comms)
    window = world.window(world.communicator, weekday=2)  # Wednesdays
    booking = world.bank.bookings.book(
        world.haringey_head,
        service_id=world.haringey,
        provider_id=world.communicator,
        window_id=window,
        start=at(day, 10),
        engagement_id=engagement,
    )
    return engagement, window, booking


def test_history_tells_each_event_in_order_as_a_sentence(world: World, views: ReadModels) -> None:
    _, _, booking = haringey_books_the_communicator(world)
    world.bank.bookings.cancel(world.haringey_head, booking, reason="staff illness")
    views.sync()

    history = views.history.for_subject("service", world.haringey)

    sentences = [entry.sentence for entry in history.entries]
    assert sentences[-7:] == [
        "Haringey asked for help with Transformation: Communications and engagement: about 8 hours",
        "Manager shortlisted Haringey's request on Transformation: Communications and engagement",
        "Manager approved Haringey's request on Transformation: Communications and engagement",
        "Manager matched Haringey's request on Transformation: Communications and engagement "
        "with Communicator",
        "Manager commissioned Communicator for Haringey: 8 hours on Transformation: "
        "Communications and engagement, to use by 28 August",
        "Haringey booked a session with Communicator on 3 March at 10:00",
        "Haringey cancelled the 3 March session with Communicator: staff illness",
    ]
    positions = [entry.position for entry in history.entries]
    assert positions == sorted(positions)
    assert history.entries[-1].actor_name == "Haringey Head"


def test_as_of_shows_a_booking_cancelled_yesterday_as_confirmed_two_days_ago(
    world: World, views: ReadModels, clock: ManualClock
) -> None:
    engagement, _, booking = haringey_books_the_communicator(world, MARCH_3 + timedelta(days=7))
    booked_at = clock.now()
    clock.advance(timedelta(days=3))
    world.bank.bookings.cancel(world.haringey_head, booking, reason="staff illness")
    clock.advance(timedelta(days=1))
    views.sync()
    two_days_ago = clock.now() - timedelta(days=2)

    then = views.history.for_subject("booking", booking, as_of=two_days_ago)
    now = views.history.for_subject("booking", booking)

    assert [(b.booking_id, b.status) for b in then.bookings] == [(booking, "confirmed")]
    assert [(b.booking_id, b.status) for b in now.bookings] == [(booking, "cancelled")]
    assert [e.at for e in then.entries] == [booked_at]
    engagement_then = views.history.for_subject("engagement", engagement, as_of=two_days_ago)
    engagement_now = views.history.for_subject("engagement", engagement)
    assert [e.booked_minutes for e in engagement_then.engagements] == [45]
    assert [e.booked_minutes for e in engagement_now.engagements] == [0]
    assert len(engagement_then.entries) < len(engagement_now.entries)


def test_a_persons_history_includes_what_they_did_and_what_touched_them(
    world: World, views: ReadModels
) -> None:
    _, window, booking = haringey_books_the_communicator(world)
    world.bank.bookings.reschedule(
        world.communicator,
        booking,
        window_id=window,
        start=at(MARCH_3 + timedelta(days=7), 10),
        reason="a clash",
    )
    views.sync()

    manager = [e.sentence for e in views.history.for_subject("person", world.manager).entries]
    expert = [e.sentence for e in views.history.for_subject("person", world.communicator).entries]

    shortlisted = "Manager shortlisted Haringey's request on Transformation: Communications"
    assert any(sentence.startswith(shortlisted) for sentence in manager)
    assert not any("booked a session" in sentence for sentence in manager)
    assert expert[-1] == (
        "Communicator moved the 3 March session with Haringey to 10 March at 10:00: a clash"
    )
    assert any(sentence.startswith("Communicator published availability") for sentence in expert)


def test_erasing_a_person_removes_their_name_from_every_history(
    world: World, views: ReadModels
) -> None:
    haringey_books_the_communicator(world)
    world.bank.people.erase_details(world.manager, world.communicator)
    views.sync()

    history = views.history.for_subject("service", world.haringey)

    text = " ".join(entry.sentence for entry in history.entries)
    assert "Communicator" not in text
    assert "Haringey booked a session with (details erased) on 3 March at 10:00" in text


def test_history_of_an_unknown_kind_is_refused(views: ReadModels, world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        views.history.for_subject("planet", world.haringey)
    assert refused.value.field == "kind"
