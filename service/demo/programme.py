"""The programme opens: regions, services and themes are registered, the national manager
invites everyone, and each person accepts their invitation and sets a password."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from domain import ids
from domain.ids import SYSTEM_ACTOR
from service.demo.cast import (
    CAST,
    DEMO_PASSWORD,
    LAST_SERVICE,
    NATIONAL_MANAGER,
    PEER_SETTINGS,
    REGIONS,
    REGIONS_LOOKED_AFTER,
    SERVICES,
    THEME_CHANGE_ASKED_BY,
    THEMES,
    Member,
    member,
)
from service.demo.stage import Stage
from service.demo.timeline import MON, Story


def open_programme(stage: Stage) -> Story:
    bank = stage.bank
    yield stage.at(-6, MON, "08:00")
    regions = {
        code: bank.registry.add_region(SYSTEM_ACTOR, code=code, name=name)
        for code, name in REGIONS.items()
    }
    for code, (name, description) in THEMES.items():
        stage.themes[code] = bank.registry.add_theme(
            SYSTEM_ACTOR, code=code, name=name, description=description
        )
    for code, (name, region) in SERVICES.items():
        stage.services[code] = bank.registry.register_service(
            SYSTEM_ACTOR, code=code, name=name, region_id=regions[region]
        )

    yield stage.at(-6, MON, "08:30")
    token = _invite(stage, NATIONAL_MANAGER, by=SYSTEM_ACTOR)
    yield stage.at(-6, MON, "08:40")
    bank.people.accept_invitation(token, password=DEMO_PASSWORD)

    yield stage.at(-6, MON, "09:00")
    manager = stage.people[NATIONAL_MANAGER.key]
    others = [person for person in CAST if person is not NATIONAL_MANAGER]
    tokens = {person.key: _invite(stage, person, by=manager) for person in others}

    accepted = stage.at(-6, MON, "09:30")
    for person in others:
        accepted += timedelta(minutes=3)
        yield accepted
        bank.people.accept_invitation(tokens[person.key], password=DEMO_PASSWORD)
        if person.key in REGIONS_LOOKED_AFTER:
            looked_after = regions[REGIONS_LOOKED_AFTER[person.key]]
            bank.people.set_region(manager, stage.people[person.key], region_id=looked_after)
        if person.key in PEER_SETTINGS:
            cap, confirm = PEER_SETTINGS[person.key]
            bank.people.set_peer_settings(
                stage.people[person.key],
                stage.people[person.key],
                monthly_cap_hours=cap,
                requires_confirmation=confirm,
            )


def _invite(stage: Stage, person: Member, *, by: UUID) -> str:
    invitation = stage.bank.people.invite(
        by,
        name=person.name,
        email=person.email,
        roles=person.roles,
        service_id=stage.services[person.service] if person.service else None,
        theme_ids=[stage.themes[code] for code in person.themes],
    )
    stage.people[person.key] = invitation.person_id
    return invitation.token


def expert_asks_for_another_theme(stage: Stage) -> None:
    """James Holt asks to work on partnerships too: his change waits for programme staff,
    since themes decide which requests an expert is matched to."""
    james = stage.people[THEME_CHANGE_ASKED_BY]
    themes = [*member(THEME_CHANGE_ASKED_BY).themes, "partnerships"]
    stage.bank.people.set_themes(james, james, theme_ids=[stage.themes[code] for code in themes])


def welcome_last_service(stage: Stage) -> None:
    """A service joins today: the demo's final step, and the sign that a run finished."""
    code, name, region = LAST_SERVICE
    manager = stage.people[NATIONAL_MANAGER.key]
    stage.bank.registry.register_service(
        manager, code=code, name=name, region_id=ids.region_id(region)
    )
