"""Scenario 1: an expert engagement, from need to resource, through the service layer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from domain.errors import AllowanceExceeded, IllegalTransition
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from service.availability import WindowInput
from tests.service.support import london, nothing_recorded
from tests.world import World


def test_an_expert_engagement_from_need_to_resource(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    requests, bookings, sessions = bank.requests, bank.bookings, bank.sessions
    worcs, manager, expert = world.worcs_head, world.manager, world.evaluator

    # 1-2. Worcestershire asks; the manager shortlists and approves; Haringey is declined.
    request = requests.submit(
        worcs,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need="Evaluate our reading-for-wellbeing offer and show impact to councillors",
        outcomes="An evaluation framework and a report councillors can use",
        hours_hoped=8,
        preferred_from=date(2027, 3, 15),
        preferred_to=date(2027, 5, 31),
    )
    requests.shortlist(manager, request)
    requests.approve(manager, request)
    haringey = requests.submit(
        world.haringey_head,
        service_id=world.haringey,
        theme_id=world.comms,
        need="A communications plan",
        outcomes="More young people using libraries",
        hours_hoped=6,
    )
    requests.decline(manager, haringey, reason="This round funds evaluation work only")
    assert requests.request(world.haringey_head, haringey).state == "declined"
    assert requests.request(world.haringey_head, haringey).reason == (
        "This round funds evaluation work only"
    )

    # 3. The manager commissions the evaluation expert for 8 hours, to be used by 30 June.
    engagement = requests.match(
        manager, request, expert_id=expert, allowance_hours=8, ends_on=date(2027, 6, 30)
    )
    assert requests.request(worcs, request).state == "matched"
    assert requests.request(worcs, request).engagement_id == engagement

    # 4. Three 90-minute sessions; a fourth that would pass 8 hours is refused.
    wednesdays = world.window(
        expert,
        weekday=2,
        start_time="10:00",
        end_time="16:00",
        session_minutes=90,
        buffer_minutes=15,
        notice_minutes=24 * 60,
    )

    def book(window: UUID, start: datetime) -> UUID:
        return bookings.book(
            worcs,
            service_id=world.worcestershire,
            provider_id=expert,
            window_id=window,
            start=start,
            engagement_id=engagement,
            cover="Our outcomes framework",
        )

    first, second, third = (book(wednesdays, london(2027, 3, day, 10)) for day in (10, 17, 24))
    assert requests.engagement(worcs, engagement).booked_minutes == 270
    workshop = bank.availability.publish(
        expert,
        expert,
        WindowInput(
            kind="one_off",
            starts_at=london(2027, 4, 15, 10),
            ends_at=london(2027, 4, 15, 14),
            session_minutes=240,
            theme_ids=[world.evaluation],
            mode="in_person",
            location="The Hive, Worcester",
        ),
    )
    with nothing_recorded(
        bank,
        AllowanceExceeded,
        "only 3.5 hours left of the 8 hours allowance: this session needs 4 hours",
    ):
        book(workshop, london(2027, 4, 15, 10))

    # 5. The expert moves one session a week later; Worcestershire cancels another.
    bookings.reschedule(
        expert, third, window_id=wednesdays, start=london(2027, 3, 31, 10), reason="Sick leave"
    )
    moved = bookings.booking(worcs, third)
    assert (moved.start, moved.status, moved.sequence) == (
        datetime(2027, 3, 31, 9, 0, tzinfo=UTC),  # 10:00 in British Summer Time
        "confirmed",
        1,
    )
    bookings.cancel(worcs, second, reason="The councillors' briefing moved")
    cancelled = bookings.booking(expert, second)
    assert (cancelled.status, cancelled.cancelled_by_side, cancelled.sequence) == (
        "cancelled",
        "service",
        1,
    )
    assert cancelled.reason == "The councillors' briefing moved"
    assert requests.engagement(worcs, engagement).booked_minutes == 180

    # 6. Each session recorded as held and rated; a toolkit published for all members.
    clock.set(london(2027, 3, 10, 11, 30))
    sessions.record(
        expert,
        first,
        outcome="held",
        notes="Walked through a logic model",
        outcomes="Draft indicators agreed",
        actions="Service to collect baseline data",
    )
    sessions.give_feedback(worcs, first, rating=5, comment="Exactly what we needed")
    with nothing_recorded(
        bank, IllegalTransition, "a session on 31 March 2027 is still to come; cancel it first"
    ):
        requests.complete_engagement(manager, engagement)
    clock.set(london(2027, 3, 31, 11, 30))
    sessions.record(expert, third, outcome="held", notes="Report structure")
    sessions.give_feedback(worcs, third, rating=4, comment="Useful")
    resource = sessions.publish_resource(
        expert,
        title="Evaluation toolkit for reading-for-wellbeing",
        summary="A logic model, survey templates and a report outline",
        theme_id=world.evaluation,
        link="https://example.org/evaluation-toolkit",
        licence="CC BY 4.0",
        engagement_id=engagement,
    )
    assert sessions.resource(resource).engagement_id == engagement

    # 7. The engagement completes; its hours booked and used add up.
    requests.complete_engagement(manager, engagement)
    done = requests.engagement(worcs, engagement)
    assert (done.state, done.allowance_minutes, done.booked_minutes, done.used_minutes) == (
        "completed",
        480,
        180,
        180,
    )
    assert requests.request(worcs, request).state == "completed"
    assert [bookings.booking(worcs, b).rating for b in (first, second, third)] == [5, None, 4]
    assert [bookings.booking(worcs, b).outcome for b in (first, second, third)] == [
        "held",
        None,
        "held",
    ]
