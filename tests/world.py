"""A small programme built through the service's own commands, for tests to act in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.ids import SYSTEM_ACTOR
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from service.availability import WindowInput

SYSTEM = SYSTEM_ACTOR


@dataclass
class World:
    bank: ExpertBank
    clock: ManualClock
    ids: dict[str, UUID] = field(default_factory=dict)

    def __getattr__(self, name: str) -> UUID:
        try:
            found: UUID = self.__dict__["ids"][name]
            return found
        except KeyError:
            raise AttributeError(name) from None

    @classmethod
    def build(cls, bank: ExpertBank, clock: ManualClock) -> World:
        world = cls(bank, clock)
        world._registry()
        world._people()
        return world

    def _registry(self) -> None:
        reg = self.bank.registry
        for code, name in [
            ("east-midlands", "East Midlands"),
            ("west-midlands", "West Midlands"),
            ("london", "London"),
        ]:
            self.ids[code.replace("-", "_")] = reg.add_region(SYSTEM, code=code, name=name)
        for code, name, region in [
            ("leicestershire", "Leicestershire", self.east_midlands),
            ("nottingham", "Nottingham City", self.east_midlands),
            ("derby", "Derby", self.east_midlands),
            ("worcestershire", "Worcestershire", self.west_midlands),
            ("haringey", "Haringey", self.london),
        ]:
            self.ids[code] = reg.register_service(SYSTEM, code=code, name=name, region_id=region)
        for code, name in [
            ("evaluation", "Advocacy and evidence: Evaluation"),
            ("comms", "Transformation: Communications and engagement"),
            ("partnerships", "Transformation: Partnerships"),
        ]:
            self.ids[code] = reg.add_theme(SYSTEM, code=code, name=name)

    def person(
        self,
        key: str,
        roles: list[str],
        service: UUID | None = None,
        themes: list[UUID] | None = None,
    ) -> UUID:
        invitation = self.bank.people.invite(
            SYSTEM,
            name=key.replace("_", " ").title(),
            email=f"{key}@example.org",
            roles=roles,
            service_id=service,
            theme_ids=themes or [],
        )
        self.bank.people.activate(SYSTEM, invitation.person_id)
        self.ids[key] = invitation.person_id
        return invitation.person_id

    def _people(self) -> None:
        self.person("manager", ["programme_staff"])
        self.person("auditor", ["auditor"])
        self.person("worcs_head", ["service_staff"], self.worcestershire)
        self.person("haringey_head", ["service_staff"], self.haringey)
        self.person("notts_staff", ["service_staff"], self.nottingham)
        self.person("derby_staff", ["service_staff"], self.derby)
        self.person("evaluator", ["expert"], themes=[self.evaluation])
        self.person("communicator", ["expert"], themes=[self.comms])
        self.person("leics_peer", ["peer"], self.leicestershire, [self.partnerships])

    # Helpers that run whole journeys through commands.

    def window(self, provider: UUID, **overrides: Any) -> UUID:
        """A weekly window (Tuesdays 09:00-12:00 London, 45-minute sessions by default)."""
        terms: dict[str, Any] = {
            "kind": "weekly",
            "weekday": 1,
            "start_time": "09:00",
            "end_time": "12:00",
            "first_date": self.today(),
            "session_minutes": 45,
            "buffer_minutes": 15,
            "notice_minutes": 0,
            "horizon_days": 120,
            "mode": "online",
            "location": "https://meet.example.org/room",
            "theme_ids": self.bank.people.person(provider).theme_ids[:1],
        }
        terms.update(overrides)
        return self.bank.availability.publish(provider, provider, WindowInput(**terms))

    def engagement(
        self,
        service_head: UUID,
        expert: UUID,
        theme: UUID,
        hours: object = 8,
        ends_on: date | None = None,
    ) -> UUID:
        service_id = self.bank.people.person(service_head).service_id
        assert service_id is not None
        requests = self.bank.requests
        request = requests.submit(
            service_head,
            service_id=service_id,
            theme_id=theme,
            need="Help us evaluate",
            outcomes="A plan",
            hours_hoped=8,
        )
        requests.shortlist(self.manager, request)
        requests.approve(self.manager, request)
        return requests.match(
            self.manager,
            request,
            expert_id=expert,
            allowance_hours=hours,
            ends_on=ends_on or self.today() + timedelta(days=180),
        )

    def today(self) -> date:
        from domain.time import london_date

        return london_date(self.clock.now())
