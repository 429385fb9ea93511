"""Plain data the service hands out: never aggregates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.availability import AvailabilityWindow
from domain.bookings import Booking
from domain.engagements import Engagement
from domain.people import Person
from domain.registry import LibraryService, Region, Theme
from domain.requests import ExpressionOfInterest
from domain.resources import Resource
from domain.time_off import TimeOff
from service.directory import Details


@dataclass(frozen=True)
class RegionView:
    id: UUID
    code: str
    name: str


@dataclass(frozen=True)
class ServiceView:
    id: UUID
    code: str
    name: str
    region_id: UUID


@dataclass(frozen=True)
class ThemeView:
    id: UUID
    code: str
    name: str
    description: str
    retired: bool


@dataclass(frozen=True)
class PersonView:
    id: UUID
    name: str
    email: str
    phone: str
    roles: list[str]
    service_id: UUID | None
    theme_ids: list[UUID]
    status: str
    peer_cap_minutes: int | None
    peer_requires_confirmation: bool


@dataclass(frozen=True)
class Invitation:
    person_id: UUID
    token: str


@dataclass(frozen=True)
class RequestView:
    id: UUID
    service_id: UUID
    theme_id: UUID
    need: str
    outcomes: str
    preferred_from: date | None
    preferred_to: date | None
    hours_hoped: int
    state: str
    reason: str
    engagement_id: UUID | None
    submitted_at: datetime


@dataclass(frozen=True)
class EngagementView:
    id: UUID
    request_id: UUID
    service_id: UUID
    expert_id: UUID
    theme_id: UUID
    allowance_minutes: int
    booked_minutes: int
    used_minutes: int
    starts_on: date
    ends_on: date
    state: str


@dataclass(frozen=True)
class WindowView:
    id: UUID
    provider_id: UUID
    status: str
    spec: dict[str, Any]


@dataclass(frozen=True)
class BookingView:
    id: UUID
    service_id: UUID
    provider_id: UUID
    booked_by: UUID
    window_id: UUID
    theme_id: UUID
    engagement_id: UUID | None
    cover: str
    start: datetime
    end: datetime
    mode: str
    location: str
    seats: int
    status: str
    hold_until: datetime | None
    sequence: int
    cancelled_by_side: str | None
    reason: str
    outcome: str | None
    rating: int | None


@dataclass(frozen=True)
class TimeOffView:
    id: UUID
    provider_id: UUID
    first_day: date
    last_day: date
    status: str


@dataclass(frozen=True)
class ResourceView:
    id: UUID
    title: str
    summary: str
    theme_id: UUID
    link: str
    licence: str
    engagement_id: UUID | None
    published_by: UUID
    status: str


@dataclass(frozen=True)
class Changed:
    """A change that went through, and the bookings it did not cancel but you should know
    about (for example, bookings on a day you have just taken off)."""

    id: UUID
    bookings_kept: list[UUID] = field(default_factory=list)


def region_view(a: Region) -> RegionView:
    return RegionView(a.id, a.code, a.name)


def service_view(a: LibraryService) -> ServiceView:
    return ServiceView(a.id, a.code, a.name, a.region_id)


def theme_view(a: Theme) -> ThemeView:
    return ThemeView(a.id, a.code, a.name, a.description, a.retired)


def person_view(a: Person, details: Details | None) -> PersonView:
    return PersonView(
        id=a.id,
        name=details.name if details else "",
        email=details.email if details else "",
        phone=details.phone if details else "",
        roles=list(a.roles),
        service_id=a.service_id,
        theme_ids=list(a.theme_ids),
        status=a.status,
        peer_cap_minutes=a.peer_cap_minutes,
        peer_requires_confirmation=a.peer_requires_confirmation,
    )


def request_view(a: ExpressionOfInterest) -> RequestView:
    return RequestView(
        id=a.id,
        service_id=a.service_id,
        theme_id=a.theme_id,
        need=a.need,
        outcomes=a.outcomes,
        preferred_from=a.preferred_from,
        preferred_to=a.preferred_to,
        hours_hoped=a.hours_hoped,
        state=a.state,
        reason=a.reason,
        engagement_id=a.engagement_id,
        submitted_at=a.created_on,
    )


def engagement_view(a: Engagement) -> EngagementView:
    return EngagementView(
        id=a.id,
        request_id=a.request_id,
        service_id=a.service_id,
        expert_id=a.expert_id,
        theme_id=a.theme_id,
        allowance_minutes=a.allowance_minutes,
        booked_minutes=a.booked_minutes,
        used_minutes=a.used_minutes,
        starts_on=a.starts_on,
        ends_on=a.ends_on,
        state=a.state,
    )


def window_view(a: AvailabilityWindow) -> WindowView:
    return WindowView(a.id, a.provider_id, a.status, a.spec.as_dict())


def booking_view(a: Booking) -> BookingView:
    return BookingView(
        id=a.id,
        service_id=a.service_id,
        provider_id=a.provider_id,
        booked_by=a.booked_by,
        window_id=a.window_id,
        theme_id=a.theme_id,
        engagement_id=a.engagement_id,
        cover=a.cover,
        start=a.start,
        end=a.end,
        mode=a.mode,
        location=a.location,
        seats=a.seats,
        status=a.status,
        hold_until=a.hold_until,
        sequence=a.sequence,
        cancelled_by_side=a.cancelled_by_side,
        reason=a.reason,
        outcome=a.outcome,
        rating=a.rating,
    )


def time_off_view(a: TimeOff) -> TimeOffView:
    return TimeOffView(a.id, a.provider_id, a.first_day, a.last_day, a.status)


def resource_view(a: Resource) -> ResourceView:
    return ResourceView(
        id=a.id,
        title=a.title,
        summary=a.summary,
        theme_id=a.theme_id,
        link=a.link,
        licence=a.licence,
        engagement_id=a.engagement_id,
        published_by=a.published_by,
        status=a.status,
    )
