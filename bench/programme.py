"""A national programme big enough to book 100,000 sessions, seeded through commands.

Experts publish Monday to Friday, 09:00-17:00 London, hour-long sessions with a 15-minute
buffer (six a day); each expert works for many library services through engagements of 40
hours. Peers give one day a week to services other than their own, under a monthly cap.
The plan books every slot, day after day, each slot of the day across all providers in
turn, with the clock three weeks before the session: so the bookings spread over many
providers, days, diaries, engagements and peer months, as they would in use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import count, islice
from uuid import UUID

from domain.bank_holidays import Nation, bank_holiday
from domain.ids import SYSTEM_ACTOR
from domain.time import london_date, london_instant
from infrastructure.clock import ManualClock
from service.application import ExpertBank
from service.availability import WindowInput

SLOT_TIMES = [time(9), time(10, 15), time(11, 30), time(12, 45), time(14), time(15, 15)]
ENGAGEMENT_HOURS = 40
PEER_CAP_HOURS = 30
PEER_WEEKDAY = 2  # Wednesday
LEAD_TIME = timedelta(days=21)


@dataclass(frozen=True)
class Provider:
    id: UUID
    windows: dict[int, UUID]
    home_service: UUID | None = None


@dataclass(frozen=True)
class Request:
    """One call of ``bank.bookings.book``: who books what, and when they do it."""

    at: datetime
    actor: UUID
    service_id: UUID
    provider_id: UUID
    window_id: UUID
    start: datetime
    engagement_id: UUID | None


@dataclass
class Programme:
    bank: ExpertBank
    clock: ManualClock
    manager: UUID = SYSTEM_ACTOR
    staff: dict[UUID, UUID] = field(default_factory=dict)  # service -> its staff member
    experts: list[Provider] = field(default_factory=list)
    peers: list[Provider] = field(default_factory=list)
    expert_theme: UUID = SYSTEM_ACTOR
    peer_theme: UUID = SYSTEM_ACTOR

    @classmethod
    def seed(
        cls, bank: ExpertBank, clock: ManualClock, *, experts: int, peers: int, services: int
    ) -> Programme:
        programme = cls(bank, clock)
        programme.manager = programme._person("manager", ["programme_staff"], None)
        registry = bank.registry
        region = registry.add_region(SYSTEM_ACTOR, code="bench", name="Bench region")
        programme.expert_theme = registry.add_theme(SYSTEM_ACTOR, code="eval", name="Evaluation")
        programme.peer_theme = registry.add_theme(SYSTEM_ACTOR, code="peer", name="Peer support")
        for n in range(services):
            service = registry.register_service(
                SYSTEM_ACTOR, code=f"s{n}", name=f"Service {n}", region_id=region
            )
            programme.staff[service] = programme._person(f"staff{n}", ["service_staff"], service)
        service_ids = list(programme.staff)
        for n in range(experts):
            expert = programme._person(f"expert{n}", ["expert"], None, programme.expert_theme)
            programme.experts.append(Provider(expert, programme._windows(expert, range(5))))
        for n in range(peers):
            home = service_ids[n % services]
            peer = programme._person(f"peer{n}", ["peer"], home, programme.peer_theme)
            bank.people.set_peer_settings(
                peer, peer, monthly_cap_hours=PEER_CAP_HOURS, requires_confirmation=False
            )
            programme.peers.append(Provider(peer, programme._windows(peer, [PEER_WEEKDAY]), home))
        return programme

    def _person(self, key: str, roles: list[str], service: UUID | None, *themes: UUID) -> UUID:
        people = self.bank.people
        invitation = people.invite(
            SYSTEM_ACTOR,
            name=key,
            email=f"{key}@bench.example.org",
            roles=roles,
            service_id=service,
            theme_ids=list(themes),
        )
        people.activate(SYSTEM_ACTOR, invitation.person_id)
        return invitation.person_id

    def _windows(self, provider: UUID, weekdays: range | list[int]) -> dict[int, UUID]:
        theme = self.bank.people.person(provider).theme_ids
        return {
            weekday: self.bank.availability.publish(
                provider,
                provider,
                WindowInput(
                    kind="weekly",
                    weekday=weekday,
                    start_time="09:00",
                    end_time="17:00",
                    first_date=self.today,
                    session_minutes=60,
                    buffer_minutes=15,
                    notice_minutes=24 * 60,
                    horizon_days=365,
                    theme_ids=theme,
                    mode="online",
                    location="https://meet.example.org/bench",
                ),
            )
            for weekday in weekdays
        }

    @property
    def today(self) -> date:
        return london_date(self.clock.now())

    def plan(self, total: int) -> list[Request]:
        """``total`` bookings that will all succeed, in the order they are made."""
        slots = list(islice(self._slots(), total))
        per_expert = Counter(
            provider.id for provider, _, _ in slots if provider.home_service is None
        )
        engagements = {
            expert.id: self._engagements(expert.id, index, per_expert[expert.id])
            for index, expert in enumerate(self.experts)
        }
        requests = []
        for n, (provider, window_id, start) in enumerate(slots):
            if provider.home_service is None:
                service, engagement = next(engagements[provider.id])
            else:
                service, engagement = self._other_service(provider.home_service, n), None
            at = max(self.clock.now(), start - LEAD_TIME)
            requests.append(
                Request(at, self.staff[service], service, provider.id, window_id, start, engagement)
            )
        return requests

    def _other_service(self, home: UUID, n: int) -> UUID:
        """The ``n``th service in rotation among those other than ``home``."""
        services = list(self.staff)
        others = services[services.index(home) + 1 :] + services[: services.index(home)]
        return others[n % len(others)]

    def _slots(self) -> Iterator[tuple[Provider, UUID, datetime]]:
        first = self.today + timedelta(days=2)
        for offset in count():
            day = first + timedelta(days=offset)
            if bank_holiday(day, Nation.ENGLAND_AND_WALES):
                continue  # nobody here works bank holidays
            open_today = [p for p in self.experts + self.peers if day.weekday() in p.windows]
            for wall in SLOT_TIMES:
                start = london_instant(day, wall)
                assert start is not None
                for provider in open_today:
                    yield provider, provider.windows[day.weekday()], start

    def _engagements(self, expert: UUID, index: int, bookings: int) -> Iterator[tuple[UUID, UUID]]:
        """Enough engagements for the expert's bookings, each drawn on to its whole allowance
        in turn, with services taken in rotation."""
        services = list(self.staff)
        uses = []
        for n in range(-(-bookings // ENGAGEMENT_HOURS)):
            service = services[(index + n) % len(services)]
            uses += [(service, self.commission(service, expert))] * ENGAGEMENT_HOURS
        return iter(uses)

    def commission(self, service: UUID, expert: UUID) -> UUID:
        requests, manager = self.bank.requests, self.manager
        request = requests.submit(
            self.staff[service],
            service_id=service,
            theme_id=self.expert_theme,
            need="Help us evaluate our reading offer",
            outcomes="An evaluation plan",
            hours_hoped=ENGAGEMENT_HOURS,
        )
        requests.shortlist(manager, request)
        requests.approve(manager, request)
        return requests.match(
            manager,
            request,
            expert_id=expert,
            allowance_hours=ENGAGEMENT_HOURS,
            ends_on=self.today + timedelta(days=364),
        )


def book(bank: ExpertBank, clock: ManualClock, requests: Sequence[Request]) -> None:
    """Make the bookings, each at its own moment; every one must succeed."""
    for request in requests:
        clock.set(request.at)
        bank.bookings.book(
            request.actor,
            service_id=request.service_id,
            provider_id=request.provider_id,
            window_id=request.window_id,
            start=request.start,
            engagement_id=request.engagement_id,
        )
