"""The read side the pages use: lists, searches, history and statistics.

Pages never replay aggregates to draw a list; they ask an object with this interface,
``web/read_models.py`` over the read models of ``projections/`` (``bank.views``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from service.bootstrap import ExpertBank
from service.views import (
    BookingView,
    EngagementView,
    PersonView,
    RegionView,
    RequestView,
    ResourceView,
    ServiceView,
    ThemeView,
    TimeOffView,
    WindowView,
)


@dataclass(frozen=True)
class SlotSearch:
    """Filters of the availability search; None means any."""

    theme_id: UUID | None = None
    provider_kind: str | None = None
    provider_id: UUID | None = None
    region_id: UUID | None = None
    mode: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    exclude_service_id: UUID | None = None
    limit: int = 60


@dataclass(frozen=True)
class Slot:
    """A bookable slot as search shows it."""

    provider_id: UUID
    provider_kind: str
    window_id: UUID
    start: datetime
    end: datetime
    mode: str
    location: str
    theme_ids: list[UUID]
    seats: int
    region_id: UUID | None


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a history, with who did it, when, and a sentence saying what."""

    position: int
    at: datetime
    actor_id: UUID
    kind: str
    subject_id: UUID
    what: str


@dataclass(frozen=True)
class History:
    """A subject's events up to a moment, oldest first, and its requests, engagements and
    bookings as they stood then. The state rows have the attributes of the service's
    views that the pages show (ids, ``state``/``status``, minutes, dates, times)."""

    entries: list[HistoryEntry]
    requests: list[Any] = field(default_factory=list)
    engagements: list[Any] = field(default_factory=list)
    bookings: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Totals:
    """Programme statistics for one group (a theme or a region)."""

    name: str
    requests_by_state: dict[str, int] = field(default_factory=dict)
    allocated_minutes: int = 0
    booked_minutes: int = 0
    used_minutes: int = 0
    sessions_held: int = 0
    no_shows: int = 0
    average_rating: float | None = None


@dataclass(frozen=True)
class PeerHours:
    """Peer support a library service gave and received (sessions held)."""

    service_id: UUID
    minutes_given: int
    minutes_received: int


class Lists(Protocol):
    def name(self, item_id: UUID) -> str: ...
    def themes(self, include_retired: bool = False) -> list[ThemeView]: ...
    def regions(self) -> list[RegionView]: ...
    def services(self) -> list[ServiceView]: ...
    def people(self, role: str | None = None) -> list[PersonView]: ...
    def requests(
        self,
        *,
        service_id: UUID | None = None,
        states: tuple[str, ...] = (),
        theme_id: UUID | None = None,
        region_id: UUID | None = None,
    ) -> list[RequestView]: ...
    def engagements(
        self, *, service_id: UUID | None = None, expert_id: UUID | None = None
    ) -> list[EngagementView]: ...
    def bookings(
        self,
        *,
        service_id: UUID | None = None,
        provider_id: UUID | None = None,
        engagement_id: UUID | None = None,
    ) -> list[BookingView]: ...
    def windows(self, provider_id: UUID) -> list[WindowView]: ...
    def time_off(self, provider_id: UUID) -> list[TimeOffView]: ...
    def resources(self, theme_id: UUID | None = None) -> list[ResourceView]: ...
    def free_slots(self, search: SlotSearch, now: datetime) -> list[Slot]: ...
    def history(self, subject_id: UUID, as_of: datetime | None = None) -> History: ...
    def statistics(self, by: str) -> list[Totals]: ...
    def peer_hours(self) -> list[PeerHours]: ...


def for_bank(bank: ExpertBank) -> Lists:
    from web.read_models import ReadModels

    return ReadModels(bank)
