"""The read side the pages use: lists, searches and histories.

Pages never replay aggregates to draw a list; they ask an object with this interface,
``web/read_models.py`` over the read models of ``projections/`` (``bank.views``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from projections.availability_read import TimeOffEntry, WindowEntry
from projections.people_read import PersonEntry
from projections.registry_read import RegionEntry, ServiceEntry, ThemeEntry
from projections.resources import ResourceEntry
from service.bootstrap import ExpertBank
from service.views import BookingView, EngagementView, RequestView


@dataclass(frozen=True)
class SlotSearch:
    """Filters of the availability search; None means any. ``after`` is the previous
    page's ``next_cursor``; ``notice=False`` offers times inside the minimum notice too
    (where a provider may move their own session)."""

    theme_id: UUID | None = None
    provider_kind: str | None = None
    provider_id: UUID | None = None
    region_id: UUID | None = None
    mode: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    exclude_service_id: UUID | None = None
    limit: int = 60
    after: str | None = None
    notice: bool = True


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
class SlotPage:
    """A page of free slots, and where the next one starts (None: this is the last)."""

    slots: list[Slot]
    next_cursor: str | None


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


class Lists(Protocol):
    def name(self, item_id: UUID) -> str: ...
    def themes(self, include_retired: bool = False) -> list[ThemeEntry]: ...
    def regions(self) -> list[RegionEntry]: ...
    def services(self) -> list[ServiceEntry]: ...
    def people(self, role: str | None = None) -> list[PersonEntry]: ...
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
    def windows(self, provider_id: UUID) -> list[WindowEntry]: ...
    def time_off(self, provider_id: UUID) -> list[TimeOffEntry]: ...
    def resources(self, theme_id: UUID | None = None) -> list[ResourceEntry]: ...
    def free_slots(self, search: SlotSearch) -> SlotPage: ...
    def history(self, subject_id: UUID, as_of: datetime | None = None) -> History: ...


def for_bank(bank: ExpertBank) -> Lists:
    from web.read_models import ReadModels

    return ReadModels(bank)
