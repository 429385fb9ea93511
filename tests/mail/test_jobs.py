"""Every job, run twice with an injected clock, has one effect; late runs catch up."""

from __future__ import annotations

from datetime import date, timedelta

from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank
from service.jobs.worker import Worker
from service.mail.outbox import MessageRecord
from tests.mail.sessions import Sessions, london
from tests.world import World

S = london(2027, 3, 9, 10)  # a Tuesday, 45 minutes


def mail(bank: ExpertBank, world: World, kind: str) -> list[MessageRecord]:
    bank.mail.update()
    return [m for m in bank.mail.messages(world.manager) if m.kind == kind]


def twice(worker: Worker, job: str) -> list[int]:
    return [worker.sweep(job), worker.sweep(job)]


def test_reminders_24_hours_and_1_hour_before_are_sent_once_each_across_a_restart(
    settings: Settings, bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    Sessions(world).book(S)
    worker = Worker(bank)
    clock.set(S - timedelta(hours=24, minutes=1))
    assert twice(worker, "remind_sessions") == [0, 0]
    clock.set(S - timedelta(hours=23, minutes=59))
    assert twice(worker, "remind_sessions") == [1, 0]
    restarted = bootstrap(settings, clock)
    try:
        assert Worker(restarted).sweep("remind_sessions") == 0
    finally:
        restarted.close()
    clock.set(S - timedelta(minutes=59))
    assert twice(worker, "remind_sessions") == [1, 0]

    reminders = mail(bank, world, "session_reminder")
    assert sorted(m.recipient for m in reminders) == [
        "evaluator@example.org",
        "evaluator@example.org",
        "worcs_head@example.org",
        "worcs_head@example.org",
    ]
    assert all(m.subject.startswith("Reminder: Tuesday 9 March 2027, 10:00") for m in reminders)


def test_no_reminder_for_a_cancelled_session_or_for_a_moved_one_at_its_old_time(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    sessions = Sessions(world)
    moved = sessions.book(S)
    cancelled = sessions.book(S + timedelta(hours=4))
    worker = Worker(bank)
    clock.set(S - timedelta(hours=19))
    assert worker.sweep("remind_sessions") == 2  # the 24-hour reminders
    sessions.cancel(cancelled)
    new_start = S + timedelta(hours=2)
    sessions.move(moved, new_start)

    clock.set(S - timedelta(minutes=30))
    assert twice(worker, "remind_sessions") == [0, 0]
    clock.set(new_start - timedelta(minutes=30))
    assert twice(worker, "remind_sessions") == [1, 0]

    texts = [bank.mail.content(world.manager, m.id) for m in mail(bank, world, "session_reminder")]
    assert len(texts) == 6  # 24 h for both sessions, 1 h for the moved one, to both sides
    assert sum("12:00 to 12:45" in text for text in texts) == 2


def test_a_worker_that_was_down_sends_only_the_nearest_reminder(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    Sessions(world).book(S)
    clock.set(S - timedelta(minutes=30))
    assert twice(Worker(bank), "remind_sessions") == [1, 0]
    (reminder, _) = mail(bank, world, "session_reminder")
    assert "starts in 1 hour" in bank.mail.content(world.manager, reminder.id)


def test_a_session_booked_the_day_before_gets_no_24_hour_reminder(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    clock.set(S - timedelta(hours=10))
    Sessions(world).book(S)
    worker = Worker(bank)
    assert worker.sweep("remind_sessions") == 0
    clock.set(S - timedelta(minutes=50))
    assert twice(worker, "remind_sessions") == [1, 0]


def test_an_unconfirmed_hold_lapses_once_and_frees_its_slot(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    peer = world.leics_peer
    bank.people.set_peer_settings(peer, peer, monthly_cap_hours=None, requires_confirmation=True)
    window = world.window(peer)
    terms = {"service_id": world.nottingham, "provider_id": peer, "window_id": window}
    held = bank.bookings.book(world.notts_staff, start=london(2027, 3, 9, 9), **terms)
    worker = Worker(bank)
    assert twice(worker, "lapse_holds") == [0, 0]
    clock.advance(timedelta(hours=49))
    assert twice(worker, "lapse_holds") == [1, 0]

    assert bank.bookings.booking(world.notts_staff, held).status == "lapsed"
    again = bank.bookings.book(
        world.derby_staff, start=london(2027, 3, 9, 9), **{**terms, "service_id": world.derby}
    )
    assert again != held
    assert len(mail(bank, world, "hold_ended")) == 2


def test_feedback_requests_and_outcome_reminders_are_sent_once(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    sessions = Sessions(world)
    held = sessions.book(S)
    unrecorded = sessions.book(S + timedelta(hours=2))
    worker = Worker(bank)
    clock.set(S + timedelta(minutes=50))
    bank.sessions.record(world.evaluator, held, outcome="held", notes="Good")
    assert twice(worker, "follow_up_sessions") == [1, 0]  # feedback; the other is not over
    clock.set(S + timedelta(hours=3, minutes=50))
    assert twice(worker, "follow_up_sessions") == [1, 0]  # the outcome reminder

    (feedback,) = mail(bank, world, "feedback_request")
    assert feedback.recipient == "worcs_head@example.org"
    assert feedback.booking_id == held
    (outcome,) = mail(bank, world, "outcome_reminder")
    assert outcome.recipient == "evaluator@example.org"
    assert outcome.booking_id == unrecorded


def test_an_allowance_ending_with_hours_unused_is_warned_once_per_end_date(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    engagement = world.engagement(
        world.worcs_head, world.evaluator, world.evaluation, ends_on=date(2027, 3, 20)
    )
    worker = Worker(bank)
    assert twice(worker, "warn_allowances") == [0, 0]  # 19 days to go
    clock.advance(timedelta(days=6))
    assert twice(worker, "warn_allowances") == [1, 0]
    bank.requests.change_allowance(
        world.manager, engagement, allowance_hours=8, ends_on=date(2027, 3, 25)
    )
    assert worker.sweep("warn_allowances") == 0  # 18 days to the new end
    clock.advance(timedelta(days=5))
    assert twice(worker, "warn_allowances") == [1, 0]

    warnings = mail(bank, world, "allowance_ending")
    assert sorted(m.recipient for m in warnings) == [
        "evaluator@example.org",
        "evaluator@example.org",
        "worcs_head@example.org",
        "worcs_head@example.org",
    ]
    assert "8 hours unused" in warnings[0].subject


def test_the_weekly_digest_goes_to_programme_staff_once_a_week_from_monday_morning(
    bank: ExpertBank, world: World, clock: ManualClock
) -> None:
    bank.requests.submit(
        world.haringey_head,
        service_id=world.haringey,
        theme_id=world.comms,
        need="Reach new readers",
        outcomes="A plan",
        hours_hoped=6,
    )
    worker = Worker(bank)
    clock.set(london(2027, 3, 8, 6, 59))
    assert worker.sweep("weekly_digest") == 0
    clock.set(london(2027, 3, 8, 7, 1))
    assert twice(worker, "weekly_digest") == [1, 0]
    clock.set(london(2027, 3, 9, 12))
    assert worker.sweep("weekly_digest") == 0
    clock.set(london(2027, 3, 29, 7, 5))  # the Monday after the clocks went forward
    assert twice(worker, "weekly_digest") == [1, 0]

    digests = mail(bank, world, "weekly_digest")
    assert [m.recipient for m in digests] == ["manager@example.org"] * 2
    first = bank.mail.content(world.manager, digests[-1].id)
    assert "Requests waiting for a decision or a match: 1" in first
