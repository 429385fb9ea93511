"""A region's dashboard, put together from the read models: its library services, the
requests waiting (by state and age), engagements and hours, sessions, peer hours given and
received per service, and unmet need.

Unmet need is of two kinds: requests still waiting with no expert matched, and themes the
region's services asked for on which no peer from the region has free time in the next
eight weeks (what a service could book today instead of waiting).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from domain.requests import RequestState
from domain.time import london_date
from projections.read_models import ReadModels
from projections.registry_read import ServiceEntry
from projections.requests_read import OPEN_STATES, EngagementSummary, RequestSummary
from projections.stats import ProgrammeStats
from projections.stats_filters import Filters
from service.figures import AGE_BANDS, in_band
from service.records import RegionRecord

PEER_TIME_AHEAD = timedelta(weeks=8)
PAGE = 500
ASKED = tuple(state.value for state in RequestState if state != RequestState.WITHDRAWN)


@dataclass(frozen=True)
class ServiceLine:
    """One library service of the region: what it waits for, what it was given, and the
    peer support it gave other services and received from them (sessions held)."""

    service_id: UUID
    name: str
    requests_waiting: int
    engagements: int
    minutes_allocated: int
    minutes_used: int
    peer_minutes_given: int
    peer_minutes_received: int


@dataclass(frozen=True)
class WaitingByState:
    """How many requests wait in one state, in each of ``AGE_BANDS`` (since submission)."""

    state: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class ThemeNeed:
    """A theme the region's services asked for: how many requests (any state but
    withdrawn), how many of them wait with no match, and whether a peer from the region has
    free time on it soon."""

    theme_id: UUID
    theme_name: str
    requests: int
    waiting: int
    peer_time: bool


@dataclass(frozen=True)
class RegionDashboard:
    """Everything the regional page shows; ``figures`` is the region's line of the
    programme statistics (None before anything happened there)."""

    region: RegionRecord
    services: list[ServiceLine]
    waiting: list[RequestSummary]
    waiting_by_state: list[WaitingByState]
    engagements: list[EngagementSummary]
    figures: ProgrammeStats | None
    needs: list[ThemeNeed]
    age_bands: list[str] = field(default_factory=lambda: [label for label, _, _ in AGE_BANDS])

    @property
    def themes_without_peer_time(self) -> list[ThemeNeed]:
        return [need for need in self.needs if not need.peer_time]


def region_dashboard(
    read_models: ReadModels, region: RegionRecord, now: datetime
) -> RegionDashboard:
    services = read_models.registry.services(region.id)
    asked = _requests(read_models, region.id)
    waiting = [r for r in asked if r.state in OPEN_STATES]  # open: no expert matched yet
    engagements = [
        e for s in services for e in read_models.requests.engagements(service_id=s.service_id)
    ]
    engagements.sort(key=lambda e: (e.ends_on, e.service_name))
    figures = read_models.stats.programme(by=("region",))
    return RegionDashboard(
        region=region,
        services=_service_lines(read_models, region.id, services, waiting, engagements),
        waiting=waiting,
        waiting_by_state=_by_state_and_age(waiting),
        engagements=engagements,
        figures=next((line for line in figures if line.region_id == region.id), None),
        needs=_needs(read_models, region.id, asked, waiting, now),
    )


def _requests(read_models: ReadModels, region_id: UUID) -> list[RequestSummary]:
    """Every request from the region's services but the withdrawn, longest waiting first."""
    found: list[RequestSummary] = []
    while True:
        page = read_models.requests.queue(
            states=ASKED, region_id=region_id, limit=PAGE, offset=len(found)
        )
        found.extend(page)
        if len(page) < PAGE:
            return found


def _service_lines(
    read_models: ReadModels,
    region_id: UUID,
    services: list[ServiceEntry],
    waiting: list[RequestSummary],
    engagements: list[EngagementSummary],
) -> list[ServiceLine]:
    peer_hours = read_models.stats.peer_hours(within=Filters(region_id=region_id))
    peers = {line.service_id: line for line in peer_hours}
    waits = Counter(r.service_id for r in waiting)
    lines = []
    for s in services:
        own = [e for e in engagements if e.service_id == s.service_id]
        peer = peers.get(s.service_id)
        lines.append(
            ServiceLine(
                service_id=s.service_id,
                name=s.name,
                requests_waiting=waits[s.service_id],
                engagements=len(own),
                minutes_allocated=sum(e.allowance_minutes for e in own),
                minutes_used=sum(e.used_minutes for e in own),
                peer_minutes_given=peer.minutes_given if peer else 0,
                peer_minutes_received=peer.minutes_received if peer else 0,
            )
        )
    return lines


def _by_state_and_age(waiting: list[RequestSummary]) -> list[WaitingByState]:
    rows = []
    for state in OPEN_STATES:
        days = [r.days_waiting for r in waiting if r.state == state]
        counts = [sum(1 for d in days if in_band(d, low, high)) for _, low, high in AGE_BANDS]
        rows.append(WaitingByState(state, counts))
    return rows


def _needs(
    read_models: ReadModels,
    region_id: UUID,
    asked: list[RequestSummary],
    waiting: list[RequestSummary],
    now: datetime,
) -> list[ThemeNeed]:
    names = {r.theme_id: r.theme_name for r in asked}
    counts, waits = Counter(r.theme_id for r in asked), Counter(r.theme_id for r in waiting)
    today = london_date(now)
    needs = [
        ThemeNeed(
            theme_id=theme_id,
            theme_name=names[theme_id],
            requests=counts[theme_id],
            waiting=waits[theme_id],
            peer_time=bool(
                read_models.availability.search(
                    theme_id=theme_id,
                    kind="peer",
                    region_id=region_id,
                    first_day=today,
                    last_day=london_date(now + PEER_TIME_AHEAD),
                    limit=1,
                ).slots
            ),
        )
        for theme_id in counts
    ]
    return sorted(needs, key=lambda n: (n.peer_time, -n.waiting, -n.requests, n.theme_name))
