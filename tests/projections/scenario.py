"""A long mixed run of the programme through commands: every kind of event the views
handle, including moves, cancellations from both sides, holds confirmed, declined and
lapsed, group seats, windows changed and withdrawn, time off, resources revised and
withdrawn, reference changes and erasure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from domain.time import LONDON
from service.availability import WindowInput
from tests.world import World

TUESDAY, WEDNESDAY = date(2027, 3, 2), date(2027, 3, 3)
WEEK = timedelta(days=7)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC)


def run(world: World, between: Callable[[], object] = lambda: None) -> None:
    """Six weeks of the programme; ``between`` runs after each command (for instance a
    view catching up, as the web app does after each request)."""
    bank, clock, then = world.bank, world.clock, between
    bank.registry.rename_region(world.manager, world.london, name="Greater London")
    then()
    theme = bank.registry.add_theme(world.manager, code="digital", name="Digital inclusion")
    bank.registry.change_theme(world.manager, theme, name="Digital skills", description="")
    bank.people.set_themes(world.manager, world.evaluator, theme_ids=[world.evaluation, theme])
    bank.people.set_themes(world.evaluator, world.evaluator, theme_ids=[theme])
    bank.people.decline_themes(world.manager, world.evaluator, reason="Evaluation is needed")
    bank.people.set_themes(world.evaluator, world.evaluator, theme_ids=[world.evaluation])
    bank.people.approve_themes(world.manager, world.evaluator)
    bank.people.set_bank_holidays(
        world.manager, world.leics_peer, nation="scotland", works_bank_holidays=True
    )
    then()

    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation, hours=4)
    expert_window = world.window(world.evaluator, weekday=2)
    then()
    expert = [
        bank.bookings.book(
            world.worcs_head,
            service_id=world.worcestershire,
            provider_id=world.evaluator,
            window_id=expert_window,
            start=start,
            engagement_id=engagement,
        )
        for start in (at(WEDNESDAY, 9), at(WEDNESDAY, 10), at(WEDNESDAY + WEEK, 9))
    ]
    then()
    bank.bookings.reschedule(
        world.evaluator,
        expert[1],
        window_id=expert_window,
        start=at(WEDNESDAY + 2 * WEEK, 11),
        reason="a clash",
    )
    bank.bookings.cancel(world.worcs_head, expert[2], reason="staff illness")
    then()

    peer_window = world.window(world.leics_peer)
    group_window = world.window(
        world.leics_peer, weekday=3, seats=3, mode="in_person", location="Loughborough"
    )
    bank.people.set_peer_settings(
        world.leics_peer, world.leics_peer, monthly_cap_hours=6, requires_confirmation=True
    )
    then()
    held = [
        bank.bookings.book(
            getattr(world, staff),
            service_id=getattr(world, service),
            provider_id=world.leics_peer,
            window_id=peer_window,
            start=start,
        )
        for staff, service, start in (
            ("notts_staff", "nottingham", at(TUESDAY + WEEK, 9)),
            ("derby_staff", "derby", at(TUESDAY + WEEK, 10)),
            ("haringey_head", "haringey", at(TUESDAY + 2 * WEEK, 9)),
        )
    ]
    then()
    bank.bookings.confirm_hold(world.leics_peer, held[0])
    bank.bookings.decline_hold(world.leics_peer, held[1], reason="away that day")
    then()
    for staff, service in (("notts_staff", "nottingham"), ("derby_staff", "derby")):
        bank.bookings.book(
            getattr(world, staff),
            service_id=getattr(world, service),
            provider_id=world.leics_peer,
            window_id=group_window,
            start=at(WEDNESDAY + timedelta(days=1), 9),
        )
        then()
    time_off = bank.availability.add_time_off(
        world.leics_peer,
        world.leics_peer,
        first_day=TUESDAY + 3 * WEEK,
        last_day=TUESDAY + 3 * WEEK + timedelta(days=1),
        note="leave",
    )
    then()
    bank.availability.remove_time_off(world.leics_peer, time_off.id)
    bank.availability.add_time_off(
        world.evaluator,
        world.evaluator,
        first_day=WEDNESDAY + 8 * WEEK,
        last_day=WEDNESDAY + 8 * WEEK + timedelta(days=2),
        note="a conference",
    )
    bank.availability.withdraw(world.leics_peer, peer_window)
    bank.availability.change(
        world.leics_peer,
        group_window,
        WindowInput(
            kind="weekly",
            weekday=3,
            start_time="09:00",
            end_time="11:00",
            first_date=TUESDAY,
            session_minutes=45,
            theme_ids=[world.partnerships],
            mode="in_person",
            location="Loughborough Library",
            seats=4,
        ),
    )
    then()

    clock.advance(timedelta(days=3))
    bank.bookings.lapse_hold(held[2])
    then()
    clock.set(at(WEDNESDAY + WEEK, 12))
    bank.sessions.record(world.evaluator, expert[0], outcome="held", notes="Good start")
    bank.sessions.give_feedback(world.worcs_head, expert[0], rating=5, comment="Useful")
    feedback = next(
        t for t in bank.texts.of_record(world.manager, expert[0]) if t.shown == "Useful"
    )
    bank.texts.remove(world.manager, feedback.text_id, reason="Names a member of the public")
    toolkit = bank.sessions.publish_resource(
        world.evaluator,
        title="Evaluation toolkit",
        summary="Templates and a guide",
        theme_id=world.evaluation,
        link="https://example.org/toolkit",
        licence="CC BY 4.0",
        engagement_id=engagement,
    )
    bank.sessions.revise_resource(
        world.evaluator,
        toolkit,
        title="Evaluation toolkit, second edition",
        summary="Templates, a guide and examples",
        theme_id=world.evaluation,
        link="https://example.org/toolkit-2",
        licence="CC BY 4.0",
    )
    leaflet = bank.sessions.publish_resource(
        world.leics_peer,
        title="Partnership leaflet",
        summary="For councillors",
        theme_id=world.partnerships,
        link="https://example.org/leaflet",
        licence="OGL v3.0",
        engagement_id=None,
    )
    bank.sessions.withdraw_resource(world.manager, leaflet, reason="Out of date")
    bank.requests.change_allowance(
        world.manager, engagement, allowance_hours=5, ends_on=date(2027, 9, 1)
    )
    then()

    declined = bank.requests.submit(
        world.haringey_head,
        service_id=world.haringey,
        theme_id=world.comms,
        need="Tell our story",
        outcomes="A campaign",
        hours_hoped=6,
    )
    bank.requests.decline(world.manager, declined, reason="Next round")
    withdrawn = bank.requests.submit(
        world.derby_staff,
        service_id=world.derby,
        theme_id=world.partnerships,
        need="Partners",
        outcomes="A plan",
        hours_hoped=3,
    )
    bank.requests.withdraw(world.derby_staff, withdrawn, reason="Solved it ourselves")
    then()

    bank.registry.change_service(
        world.manager, world.derby, name="Derby City", region_id=world.west_midlands
    )
    bank.people.change_roles(
        world.manager,
        world.notts_staff,
        roles=["service_staff", "peer"],
        service_id=world.nottingham,
    )
    bank.people.set_region(world.manager, world.manager, region_id=world.east_midlands)
    bank.people.deactivate(world.manager, world.auditor, reason="Left the board")
    bank.people.reactivate(world.manager, world.auditor)
    bank.people.erase_details(world.manager, world.communicator)
    bank.registry.retire_theme(world.manager, theme)
    then()
