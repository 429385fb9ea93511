"""Single records the service reads from the write model and hands out as plain data,
never aggregates: what a page needs that no read model keeps (contact details, a window's
terms to edit) or must be as fresh as the store (who is signed in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.availability import AvailabilityWindow
from domain.people import Person
from domain.registry import LibraryService, Region, Theme
from domain.resources import Resource
from domain.time_off import TimeOff
from infrastructure.directory import Details


@dataclass(frozen=True)
class RegionRecord:
    id: UUID
    code: str
    name: str


@dataclass(frozen=True)
class ServiceRecord:
    id: UUID
    code: str
    name: str
    region_id: UUID


@dataclass(frozen=True)
class ThemeRecord:
    id: UUID
    code: str
    name: str
    description: str
    retired: bool


@dataclass(frozen=True)
class PersonRecord:
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
    region_id: UUID | None = None  # the region programme staff look after, if one
    nation: str = "england_and_wales"  # whose bank holidays they follow (experts and peers)
    works_bank_holidays: bool = False
    themes_asked: list[UUID] | None = None  # an expert's change waiting for approval


@dataclass(frozen=True)
class Invitation:
    person_id: UUID
    token: str


@dataclass(frozen=True)
class WindowRecord:
    id: UUID
    provider_id: UUID
    status: str
    spec: dict[str, Any]


@dataclass(frozen=True)
class TimeOffRecord:
    id: UUID
    provider_id: UUID
    first_day: date
    last_day: date
    status: str
    from_time: str | None = None
    until_time: str | None = None


@dataclass(frozen=True)
class ResourceRecord:
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


def region_record(a: Region) -> RegionRecord:
    return RegionRecord(a.id, a.code, a.name)


def service_record(a: LibraryService) -> ServiceRecord:
    return ServiceRecord(a.id, a.code, a.name, a.region_id)


def theme_record(a: Theme) -> ThemeRecord:
    return ThemeRecord(a.id, a.code, a.name, a.description, a.retired)


def person_record(a: Person, details: Details | None) -> PersonRecord:
    return PersonRecord(
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
        region_id=a.region_id,
        nation=a.nation,
        works_bank_holidays=a.works_bank_holidays,
        themes_asked=None if a.themes_asked is None else list(a.themes_asked),
    )


def window_record(a: AvailabilityWindow) -> WindowRecord:
    return WindowRecord(a.id, a.provider_id, a.status, a.spec.as_dict())


def time_off_record(a: TimeOff) -> TimeOffRecord:
    return TimeOffRecord(
        a.id, a.provider_id, a.first_day, a.last_day, a.status, a.from_time, a.until_time
    )


def resource_record(a: Resource) -> ResourceRecord:
    return ResourceRecord(
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
