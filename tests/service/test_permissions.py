"""Rule 4, role by role: only the owner changes availability; only programme staff review,
match, set allowances and manage the registry and people; only the booking's service or
provider changes a booking; auditors, deactivated and not-yet-activated accounts change
nothing. Every command is tried by every actor who must not run it, and then once by one
who may, so that a refusal for some other reason cannot pass for a permission check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.errors import NotFound, PermissionDenied
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from service.availability import WindowInput
from tests.service.support import Stage, london, nothing_recorded
from tests.world import SYSTEM, World

ACTORS = [
    "worcs",  # service staff of the service that owns the request, engagement and bookings
    "evaluator",  # the expert commissioned; owns the windows and provides the bookings
    "expert",  # another expert
    "peer",  # a peer from Leicestershire
    "manager",  # programme staff
    "other_staff",  # service staff of another service (Nottingham)
    "auditor",
    "deactivated",  # programme staff, Worcestershire staff and expert, deactivated
    "invited",  # the same roles, invited but never activated
]


class PermissionStage(Stage):
    """Worcestershire's engagement, bookings and requests in every state a command needs."""

    def actor(self, key: str) -> UUID:
        named = {"worcs": "worcs_head", "expert": "communicator", "peer": "leics_peer"}
        named |= {"other_staff": "notts_staff", "deactivated": "former", "invited": "newcomer"}
        return getattr(self.world, named.get(key, key))

    def request(self, moves: tuple[str, ...] = ()) -> UUID:
        requests, w = self.bank.requests, self.world
        request = requests.submit(
            w.worcs_head,
            service_id=w.worcestershire,
            theme_id=w.evaluation,
            need="Help with evaluation",
            outcomes="A report",
            hours_hoped=4,
        )
        for move in moves:
            getattr(requests, move)(w.manager, request)
        return request


def weekly(theme: UUID, weekday: int = 3) -> WindowInput:
    return WindowInput(
        kind="weekly",
        weekday=weekday,
        start_time="09:00",
        end_time="12:00",
        first_date=date(2027, 3, 1),
        session_minutes=45,
        buffer_minutes=15,
        theme_ids=[theme],
        mode="online",
    )


def staged(bank: ExpertBank, world: World, clock: ManualClock) -> PermissionStage:
    s, w = PermissionStage(bank, world), world
    ids, manager = s.ids, w.manager
    ids["engagement"] = w.engagement(w.worcs_head, w.evaluator, w.evaluation)
    ids["to_complete"] = w.engagement(w.worcs_head, w.evaluator, w.evaluation, hours=2)
    ids["to_close"] = w.engagement(w.worcs_head, w.evaluator, w.evaluation, hours=2)
    ids["window"] = w.window(w.evaluator)  # Tuesdays 09:00-12:00

    def book(start: Any) -> UUID:
        return bank.bookings.book(
            w.worcs_head,
            service_id=w.worcestershire,
            provider_id=w.evaluator,
            window_id=s.window,
            start=start,
            engagement_id=s.engagement,
        )

    ids["held"], ids["unrecorded"] = book(london(2027, 3, 2, 9)), book(london(2027, 3, 2, 10))
    ids["to_move"], ids["to_cancel"] = book(london(2027, 3, 9, 10)), book(london(2027, 3, 16, 10))

    bank.people.set_peer_settings(
        w.leics_peer, w.leics_peer, monthly_cap_hours=None, requires_confirmation=True
    )
    peer_window = w.window(w.leics_peer)
    for key, start in [("hold", london(2027, 3, 9, 10)), ("hold2", london(2027, 3, 16, 10))]:
        ids[key] = bank.bookings.book(
            w.derby_staff,
            service_id=w.derby,
            provider_id=w.leics_peer,
            window_id=peer_window,
            start=start,
        )

    for key, moves in [
        ("to_withdraw", ()),
        ("to_shortlist", ()),
        ("to_approve", ("shortlist",)),
        ("to_decline", ()),
        ("to_match", ("shortlist", "approve")),
    ]:
        ids[key] = s.request(moves)
    ids["resource"] = bank.sessions.publish_resource(
        w.evaluator,
        title="Evaluation toolkit",
        summary="Templates",
        theme_id=w.evaluation,
        link="https://example.org/toolkit",
        licence="CC BY 4.0",
    )
    ids["time_off"] = bank.availability.add_time_off(
        w.evaluator, w.evaluator, first_day=date(2027, 4, 6), last_day=date(2027, 4, 6)
    ).id
    ids["spare_theme"] = bank.registry.add_theme(SYSTEM, code="spare", name="Spare theme")
    w.person("spare", ["service_staff"], w.derby)
    roles = ["programme_staff", "service_staff", "expert"]
    w.person("former", roles, w.worcestershire, [w.evaluation])
    ids["former_window"] = bank.availability.publish(w.former, w.former, weekly(w.evaluation))
    bank.people.deactivate(manager, w.former, reason="Left the programme")
    w.ids["newcomer"] = bank.people.invite(
        SYSTEM,
        name="Newcomer",
        email="newcomer@example.org",
        roles=roles,
        service_id=w.worcestershire,
        theme_ids=[w.evaluation],
    ).person_id

    clock.set(london(2027, 3, 2, 10, 30))
    bank.sessions.record(w.evaluator, s.held, outcome="held")
    return s


Command = Callable[[PermissionStage, UUID], object]


@dataclass(frozen=True)
class Row:
    label: str
    run: Command
    allowed: frozenset[str]
    reads: bool = False


def row(label: str, run: Command, *allowed: str, reads: bool = False) -> Row:
    return Row(label, run, frozenset(allowed), reads)


def _resource(s: PermissionStage, a: UUID, engagement: UUID | None = None) -> UUID:
    return s.bank.sessions.publish_resource(
        a,
        title="Survey template",
        summary="A survey",
        theme_id=s.world.evaluation,
        link="https://example.org/survey",
        licence="CC BY 4.0",
        engagement_id=engagement,
    )


# In this order, each command then runs once for the first actor allowed it.
TABLE = [
    row("submit a request for Worcestershire", lambda s, a: s.bank.requests.submit(
        a, service_id=s.world.worcestershire, theme_id=s.world.evaluation, need="n",
        outcomes="o", hours_hoped=2), "worcs"),
    row("withdraw Worcestershire's request",
        lambda s, a: s.bank.requests.withdraw(a, s.to_withdraw), "worcs"),
    row("shortlist", lambda s, a: s.bank.requests.shortlist(a, s.to_shortlist), "manager"),
    row("approve", lambda s, a: s.bank.requests.approve(a, s.to_approve), "manager"),
    row("decline", lambda s, a: s.bank.requests.decline(a, s.to_decline, reason="Not now"),
        "manager"),
    row("match an expert", lambda s, a: s.bank.requests.match(
        a, s.to_match, expert_id=s.world.evaluator, allowance_hours=4,
        ends_on=date(2027, 6, 30)), "manager"),
    row("set an allowance", lambda s, a: s.bank.requests.change_allowance(
        a, s.engagement, allowance_hours=10, ends_on=date(2027, 6, 30)), "manager"),
    row("add a region", lambda s, a: s.bank.registry.add_region(
        a, code="north-east", name="North East"), "manager"),
    row("rename a region", lambda s, a: s.bank.registry.rename_region(
        a, s.world.east_midlands, name="East Midlands region"), "manager"),
    row("register a service", lambda s, a: s.bank.registry.register_service(
        a, code="rutland", name="Rutland", region_id=s.world.east_midlands), "manager"),
    row("change a service", lambda s, a: s.bank.registry.change_service(
        a, s.world.derby, name="Derby City", region_id=s.world.east_midlands), "manager"),
    row("add a theme", lambda s, a: s.bank.registry.add_theme(
        a, code="digital", name="Digital inclusion"), "manager"),
    row("change a theme", lambda s, a: s.bank.registry.change_theme(
        a, s.world.comms, name="Communications", description=""), "manager"),
    row("retire a theme", lambda s, a: s.bank.registry.retire_theme(a, s.spare_theme),
        "manager"),
    row("invite a person", lambda s, a: s.bank.people.invite(
        a, name="Invitee", email="invitee@example.org", roles=["auditor"]), "manager"),
    row("change someone's roles", lambda s, a: s.bank.people.change_roles(
        a, s.world.spare, roles=["service_staff"], service_id=s.world.derby), "manager"),
    row("reissue an invitation", lambda s, a: s.bank.people.reissue_invitation(
        a, s.world.newcomer), "manager"),
    row("activate an account without its link",
        lambda s, a: s.bank.people.activate(a, s.world.newcomer)),
    row("deactivate an account", lambda s, a: s.bank.people.deactivate(
        a, s.world.spare, reason="Left"), "manager"),
    row("reactivate an account", lambda s, a: s.bank.people.reactivate(a, s.world.spare),
        "manager"),
    row("erase someone's details", lambda s, a: s.bank.people.erase_details(a, s.world.spare),
        "manager"),
    row("set the evaluator's themes", lambda s, a: s.bank.people.set_themes(
        a, s.world.evaluator, theme_ids=[s.world.evaluation]), "evaluator", "manager"),
    row("set the peer's cap", lambda s, a: s.bank.people.set_peer_settings(
        a, s.world.leics_peer, monthly_cap_hours=4, requires_confirmation=True),
        "peer", "manager"),
    row("update the evaluator's details", lambda s, a: s.bank.people.update_details(
        a, s.world.evaluator, name="Eve Evaluator", phone=""), "evaluator", "manager"),
    row("publish availability for the evaluator", lambda s, a: s.bank.availability.publish(
        a, s.world.evaluator, weekly(s.world.evaluation)), "evaluator"),
    row("publish availability for oneself", lambda s, a: s.bank.availability.publish(
        a, a, weekly(s.bank.people.person(a).theme_ids[0] if s.bank.people.person(a).theme_ids
                     else s.world.evaluation, weekday=4)), "evaluator", "expert", "peer"),
    row("change the evaluator's window", lambda s, a: s.bank.availability.change(
        a, s.window, weekly(s.world.evaluation, weekday=1)), "evaluator"),
    row("change a deactivated provider's own window",
        lambda s, a: s.bank.availability.change(a, s.former_window, weekly(s.world.evaluation))),
    row("take time off for the evaluator", lambda s, a: s.bank.availability.add_time_off(
        a, s.world.evaluator, first_day=date(2027, 4, 7), last_day=date(2027, 4, 7)),
        "evaluator"),
    row("remove the evaluator's time off", lambda s, a: s.bank.availability.remove_time_off(
        a, s.time_off), "evaluator"),
    row("book for Worcestershire", lambda s, a: s.bank.bookings.book(
        a, service_id=s.world.worcestershire, provider_id=s.world.evaluator,
        window_id=s.window, start=london(2027, 3, 23, 10), engagement_id=s.engagement),
        "worcs"),
    row("move Worcestershire's booking", lambda s, a: s.bank.bookings.reschedule(
        a, s.to_move, window_id=s.window, start=london(2027, 3, 30, 10)),
        "worcs", "evaluator"),
    row("cancel Worcestershire's booking", lambda s, a: s.bank.bookings.cancel(
        a, s.to_cancel, reason="Clash"), "worcs", "evaluator"),
    row("confirm a hold", lambda s, a: s.bank.bookings.confirm_hold(a, s.hold), "peer"),
    row("decline a hold", lambda s, a: s.bank.bookings.decline_hold(
        a, s.hold2, reason="Away"), "peer"),
    row("withdraw the evaluator's window",
        lambda s, a: s.bank.availability.withdraw(a, s.window), "evaluator"),
    row("record a session", lambda s, a: s.bank.sessions.record(
        a, s.unrecorded, outcome="held"), "evaluator"),
    row("give feedback", lambda s, a: s.bank.sessions.give_feedback(a, s.held, rating=5),
        "worcs"),
    row("publish a resource", lambda s, a: _resource(s, a),
        "evaluator", "expert", "peer", "manager"),
    row("publish a resource from the engagement",
        lambda s, a: _resource(s, a, s.engagement), "evaluator", "manager"),
    row("revise the evaluator's resource", lambda s, a: s.bank.sessions.revise_resource(
        a, s.resource, title="Toolkit v2", summary="Templates", theme_id=s.world.evaluation,
        link="https://example.org/toolkit-2", licence="CC BY 4.0"), "evaluator", "manager"),
    row("withdraw the evaluator's resource", lambda s, a: s.bank.sessions.withdraw_resource(
        a, s.resource, reason="Superseded"), "evaluator", "manager"),
    row("complete an engagement", lambda s, a: s.bank.requests.complete_engagement(
        a, s.to_complete), "manager"),
    row("close an engagement", lambda s, a: s.bank.requests.close_engagement(
        a, s.to_close, reason="Service restructured"), "manager"),
    row("see Worcestershire's request", lambda s, a: s.bank.requests.request(a, s.to_withdraw),
        "worcs", "manager", "auditor", reads=True),
    row("see Worcestershire's matched request", lambda s, a: s.bank.requests.request(
        a, s.bank.requests.engagement(s.world.manager, s.engagement).request_id),
        "worcs", "evaluator", "manager", "auditor", reads=True),
    row("see Worcestershire's engagement", lambda s, a: s.bank.requests.engagement(
        a, s.engagement), "worcs", "evaluator", "manager", "auditor", reads=True),
    row("see Worcestershire's booking", lambda s, a: s.bank.bookings.booking(a, s.to_move),
        "worcs", "evaluator", "manager", "auditor", reads=True),
    row("read Worcestershire's history", lambda s, a: s.bank.registry.service_for_history(
        a, s.world.worcestershire), "worcs", "manager", "auditor", reads=True),
    row("open the evaluator's window to change it",
        lambda s, a: s.bank.availability.own_window(a, s.window), "evaluator", reads=True),
    row("open the evaluator's resource to change it", lambda s, a:
        s.bank.sessions.resource_to_change(a, s.resource), "evaluator", "manager", reads=True),
    row("read the programme's figures", lambda s, a: s.bank.oversight.programme(a),
        "manager", "auditor", reads=True),
    row("read the dashboard's charts", lambda s, a: s.bank.oversight.figures(a),
        "manager", "auditor", reads=True),
    row("read what needs attention", lambda s, a: s.bank.oversight.attention(a),
        "manager", reads=True),
    row("say which region someone looks after", lambda s, a: s.bank.people.set_region(
        a, s.world.manager, region_id=s.world.east_midlands), "manager"),
    row("read a region's dashboard", lambda s, a: s.bank.oversight.region(
        a, s.world.west_midlands), "manager", "auditor", reads=True),
    row("read a person's record", lambda s, a: s.bank.oversight.person(a, s.world.evaluator),
        "manager", reads=True),
]  # fmt: skip


def test_the_table_gives_auditors_and_inactive_accounts_no_command() -> None:
    for entry in TABLE:
        assert not entry.allowed & {"deactivated", "invited"}, entry.label
        assert entry.reads or "auditor" not in entry.allowed, entry.label


def test_each_role_is_refused_every_command_it_must_not_run(
    bank: ExpertBank, world: World, clock: ManualClock, subtests: pytest.Subtests
) -> None:
    stage = staged(bank, world, clock)

    for entry in TABLE:
        for key in ACTORS:
            if key in entry.allowed:
                continue
            with (
                subtests.test(f"{entry.label} by {key}"),
                nothing_recorded(bank, PermissionDenied, "."),
            ):
                entry.run(stage, stage.actor(key))

    for entry in TABLE:
        runners = sorted(entry.allowed, key=ACTORS.index)
        for key in runners if entry.reads else runners[:1]:
            with subtests.test(f"{entry.label} by {key}, who may"):
                entry.run(stage, stage.actor(key))

    bank.people.deactivate(world.manager, world.evaluator, reason="Contract ended")
    for label, read in [
        ("engagement", lambda: bank.requests.engagement(world.evaluator, stage.engagement)),
        ("booking", lambda: bank.bookings.booking(world.evaluator, stage.to_move)),
    ]:
        with (
            subtests.test(f"a deactivated expert reads their {label}"),
            pytest.raises(PermissionDenied, match="you need an active account"),
        ):
            read()


def test_peers_read_their_home_services_history_and_nobody_a_service_that_is_not_there(
    bank: ExpertBank, world: World
) -> None:
    home = bank.registry.service_for_history(world.leics_peer, world.leicestershire)
    assert home.id == world.leicestershire

    with pytest.raises(NotFound, match="library service"):
        bank.registry.service_for_history(world.manager, uuid4())


def test_anyone_active_sees_a_provider_and_nobody_anyone_else_through_that_door(
    bank: ExpertBank, world: World
) -> None:
    seen = bank.people.provider(world.notts_staff, world.evaluator)
    assert (seen.id, seen.roles) == (world.evaluator, ["expert"])
    assert bank.people.provider(world.auditor, world.leics_peer).roles == ["peer"]

    for not_a_provider in (world.manager, world.derby_staff, uuid4()):
        with pytest.raises(NotFound, match="there is no provider"):
            bank.people.provider(world.notts_staff, not_a_provider)
    bank.people.deactivate(world.manager, world.notts_staff, reason="Left the service")
    with pytest.raises(PermissionDenied, match="you need an active account"):
        bank.people.provider(world.notts_staff, world.evaluator)
