"""The registry, people, availability and resource lists: events in, rows out, changes too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.errors import InvalidInput
from projections.read_models import ReadModels
from service.availability import WindowInput
from tests.world import SYSTEM, World


def test_regions_services_and_themes_follow_renames_moves_and_retirement(
    world: World, views: ReadModels
) -> None:
    registry, manager = world.bank.registry, world.manager
    north = registry.add_region(manager, code="north-east", name="North East")
    registry.rename_region(manager, world.london, name="Greater London")
    gateshead = registry.register_service(
        manager, code="gateshead", name="Gateshead", region_id=world.west_midlands
    )
    registry.change_service(manager, gateshead, name="Gateshead Libraries", region_id=north)
    digital = registry.add_theme(manager, code="digital", name="Digital inclusion")
    registry.change_theme(manager, digital, name="Digital skills", description="Online help")
    registry.retire_theme(manager, world.comms)
    views.sync()
    queries = views.registry

    assert [r.name for r in queries.regions()] == [
        "East Midlands",
        "Greater London",
        "North East",
        "West Midlands",
    ]
    [moved] = [s for s in queries.services() if s.service_id == gateshead]
    assert (moved.code, moved.name, moved.region_id, moved.region_name) == (
        "gateshead",
        "Gateshead Libraries",
        north,
        "North East",
    )
    assert [s.name for s in queries.services(region_id=world.east_midlands)] == [
        "Derby",
        "Leicestershire",
        "Nottingham City",
    ]
    on_offer = [(t.code, t.name) for t in queries.themes()]
    assert on_offer == [
        ("evaluation", "Advocacy and evidence: Evaluation"),
        ("digital", "Digital skills"),
        ("partnerships", "Transformation: Partnerships"),
    ]
    every = {t.code: t.retired for t in queries.themes(include_retired=True)}
    assert every == {"evaluation": False, "digital": False, "partnerships": False, "comms": True}

    assert queries.name(gateshead) == "Gateshead Libraries"
    assert queries.name(digital) == "Digital skills"
    assert queries.name(world.london) == "Greater London"
    assert queries.name(world.evaluator) == "Evaluator"
    assert queries.name(SYSTEM) == "The system"
    assert queries.name(world.window(world.evaluator)) == ""
    assert [queries.kind_of(i) for i in (north, gateshead, digital, world.auditor)] == [
        "region",
        "service",
        "theme",
        "person",
    ]


def test_people_show_roles_service_themes_account_and_peer_settings_with_names_read_now(
    world: World, views: ReadModels
) -> None:
    people, manager = world.bank.people, world.manager
    people.change_roles(
        manager, world.notts_staff, roles=["service_staff", "peer"], service_id=world.nottingham
    )
    people.set_themes(manager, world.notts_staff, theme_ids=[world.comms, world.partnerships])
    people.set_peer_settings(
        world.notts_staff, world.notts_staff, monthly_cap_hours=5, requires_confirmation=True
    )
    people.deactivate(manager, world.derby_staff, reason="Left the service")
    people.deactivate(manager, world.auditor, reason="Board changed")
    people.reactivate(manager, world.auditor)
    invited = people.invite(
        manager, name="Newcomer", email="newcomer@example.org", roles=["auditor"]
    ).person_id
    people.erase_details(manager, world.communicator)
    views.sync()
    queries = views.people

    notts = queries.person(world.notts_staff)
    assert notts is not None
    assert (notts.name, notts.email, notts.roles, notts.service_id) == (
        "Notts Staff",
        "notts_staff@example.org",
        ["peer", "service_staff"],
        world.nottingham,
    )
    assert (notts.theme_ids, notts.cap_minutes, notts.requires_confirmation) == (
        [world.comms, world.partnerships],
        300,
        True,
    )
    statuses = {p.person_id: p.status for p in queries.people()}
    assert (statuses[world.derby_staff], statuses[world.auditor], statuses[invited]) == (
        "deactivated",
        "active",
        "invited",
    )
    assert [p.name for p in queries.people(role="peer")] == ["Leics Peer", "Notts Staff"]
    assert [p.person_id for p in queries.people(role="auditor")] == [world.auditor, invited]
    assert [p.name for p in queries.people(role="expert")] == ["(details erased)", "Evaluator"]
    assert [p.person_id for p in queries.people(service_id=world.derby)] == [world.derby_staff]
    assert [p.person_id for p in queries.people(status="deactivated")] == [world.derby_staff]
    assert queries.person(world.window(world.evaluator)) is None
    with pytest.raises(InvalidInput, match="no role called 'staff'"):
        queries.people(role="staff")


def test_a_providers_windows_and_time_off_follow_changes_withdrawals_and_removals(
    world: World, views: ReadModels
) -> None:
    availability, evaluator = world.bank.availability, world.evaluator
    tuesdays = world.window(evaluator)
    thursdays = world.window(evaluator, weekday=3, start_time="14:00", end_time="16:00")
    once = availability.publish(
        evaluator,
        evaluator,
        WindowInput(
            kind="one_off",
            starts_at=datetime(2027, 3, 20, 10, tzinfo=UTC),
            ends_at=datetime(2027, 3, 20, 12, tzinfo=UTC),
            session_minutes=60,
            theme_ids=[world.evaluation],
            mode="in_person",
            location="Worcester Hive",
            seats=4,
        ),
    )
    changed = WindowInput(
        kind="weekly",
        weekday=0,
        start_time="13:00",
        end_time="15:00",
        first_date=date(2027, 3, 8),
        last_date=date(2027, 6, 28),
        session_minutes=60,
        notice_minutes=2880,
        theme_ids=[world.evaluation],
        mode="online",
    )
    availability.change(evaluator, tuesdays, changed)
    availability.withdraw(evaluator, thursdays)
    world.window(world.communicator)
    first = availability.add_time_off(
        evaluator, evaluator, first_day=date(2027, 4, 5), last_day=date(2027, 4, 9)
    ).id
    dropped = availability.add_time_off(
        evaluator, evaluator, first_day=date(2027, 3, 15), last_day=date(2027, 3, 15)
    ).id
    availability.remove_time_off(evaluator, dropped)
    views.sync()
    queries = views.windows

    published = queries.of_provider(evaluator)
    assert [(w.window_id, w.status) for w in published] == [
        (tuesdays, "published"),  # now on Mondays: weekly windows come first
        (once, "published"),
    ]
    for entry in published:  # every term, as the window itself has it
        assert entry.spec.as_dict() == availability.window(entry.window_id).spec
    assert published[0].spec.weekday == 0 and published[0].spec.notice_minutes == 2880
    every = {w.window_id: w.status for w in queries.of_provider(evaluator, withdrawn=True)}
    assert every == {tuesdays: "published", thursdays: "withdrawn", once: "published"}

    [off] = queries.time_off(evaluator)
    assert (off.time_off_id, off.first_day, off.last_day) == (
        first,
        date(2027, 4, 5),
        date(2027, 4, 9),
    )
    assert queries.time_off(world.communicator) == []


def test_the_library_lists_published_resources_as_revised_by_theme(
    world: World, views: ReadModels
) -> None:
    sessions, clock = world.bank.sessions, world.clock
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)

    def publish(title: str, theme: object, from_engagement: object = None) -> object:
        clock.advance(timedelta(hours=1))
        return sessions.publish_resource(
            world.evaluator,
            title=title,
            summary=f"{title}: how to use it",
            theme_id=theme,
            link="https://example.org/" + title.lower().replace(" ", "-"),
            licence="CC BY 4.0",
            engagement_id=from_engagement,
        )

    toolkit = publish("Evaluation toolkit", world.evaluation, engagement)
    survey = publish("Survey template", world.evaluation)
    leaflet = publish("Leaflet", world.evaluation)
    sessions.revise_resource(
        world.evaluator,
        survey,
        title="Survey templates",
        summary="Three surveys",
        theme_id=world.comms,
        link="https://example.org/surveys",
        licence="OGL v3.0",
    )
    sessions.withdraw_resource(world.manager, leaflet, reason="Out of date")
    views.sync()
    queries = views.resources

    found = queries.published()
    assert [r.resource_id for r in found] == [survey, toolkit]  # newest first
    revised, original = found
    assert (revised.title, revised.summary, revised.link, revised.licence) == (
        "Survey templates",
        "Three surveys",
        "https://example.org/surveys",
        "OGL v3.0",
    )
    assert (revised.theme_id, revised.theme_name, revised.engagement_id) == (
        world.comms,
        "Transformation: Communications and engagement",
        None,
    )
    assert revised.changed_at > revised.published_at
    assert (original.engagement_id, original.published_by_name) == (engagement, "Evaluator")
    assert [r.resource_id for r in queries.published(world.evaluation)] == [toolkit]
    assert [r.resource_id for r in queries.published(world.comms)] == [survey]
    assert queries.published(world.partnerships) == []
