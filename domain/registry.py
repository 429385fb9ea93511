"""The programme's reference data: regions, member library services and themes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import ids
from domain.errors import IllegalTransition
from domain.validation import slug, text


def check_code(code: str) -> str:
    """A region's, service's or theme's code as its id is made from: a lowercase slug."""
    return slug(code, "the code", field="code")


class Region(Aggregate):
    """A regional network of library services (one of the nine English regions)."""

    TOPIC = "expertbank:Region"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:Region.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:Region.Created"

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.region_id(code)

    @classmethod
    def register(cls, *, actor: UUID, at: datetime, code: str, name: str) -> Region:
        return cls(
            actor=actor,
            timestamp=at,
            code=check_code(code),
            name=text(name, "a name", field="name"),
        )

    @event("Registered", topic="expertbank:Region.Registered")
    def __init__(self, actor: UUID, timestamp: datetime, code: str, name: str) -> None:
        self.code = code
        self.name = name

    def rename(self, *, actor: UUID, at: datetime, name: str) -> None:
        self._renamed(actor=actor, timestamp=at, name=text(name, "a name", field="name"))

    @event("Renamed", topic="expertbank:Region.Renamed")
    def _renamed(self, actor: UUID, timestamp: datetime, name: str) -> None:
        self.name = name


class LibraryService(Aggregate):
    """A member organisation: a public library service, in one region."""

    TOPIC = "expertbank:LibraryService"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:LibraryService.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:LibraryService.Created"

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.library_service_id(code)

    @classmethod
    def register(
        cls, *, actor: UUID, at: datetime, code: str, name: str, region_id: UUID
    ) -> LibraryService:
        return cls(
            actor=actor,
            timestamp=at,
            code=check_code(code),
            name=text(name, "a name", field="name"),
            region_id=region_id,
        )

    @event("Registered", topic="expertbank:LibraryService.Registered")
    def __init__(
        self, actor: UUID, timestamp: datetime, code: str, name: str, region_id: UUID
    ) -> None:
        self.code = code
        self.name = name
        self.region_id = region_id

    def change(self, *, actor: UUID, at: datetime, name: str, region_id: UUID) -> None:
        self._changed(
            actor=actor, timestamp=at, name=text(name, "a name", field="name"), region_id=region_id
        )

    @event("Changed", topic="expertbank:LibraryService.Changed")
    def _changed(self, actor: UUID, timestamp: datetime, name: str, region_id: UUID) -> None:
        self.name = name
        self.region_id = region_id


class Theme(Aggregate):
    """An area of expertise that requests, experts and resources are tagged with."""

    TOPIC = "expertbank:Theme"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:Theme.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:Theme.Created"

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.theme_id(code)

    @classmethod
    def add(
        cls, *, actor: UUID, at: datetime, code: str, name: str, description: str = ""
    ) -> Theme:
        return cls(
            actor=actor,
            timestamp=at,
            code=check_code(code),
            name=text(name, "a name", field="name"),
            description=theme_description(description),
        )

    @event("Added", topic="expertbank:Theme.Added")
    def __init__(
        self, actor: UUID, timestamp: datetime, code: str, name: str, description: str
    ) -> None:
        self.code = code
        self.name = name
        self.description = description
        self.retired = False

    def change(self, *, actor: UUID, at: datetime, name: str, description: str) -> None:
        self._changed(
            actor=actor,
            timestamp=at,
            name=text(name, "a name", field="name"),
            description=theme_description(description),
        )

    @event("Changed", topic="expertbank:Theme.Changed")
    def _changed(self, actor: UUID, timestamp: datetime, name: str, description: str) -> None:
        self.name = name
        self.description = description

    def retire(self, *, actor: UUID, at: datetime) -> None:
        if self.retired:
            raise IllegalTransition(f"the theme {self.name} is already retired")
        self._retired(actor=actor, timestamp=at)

    @event("Retired", topic="expertbank:Theme.Retired")
    def _retired(self, actor: UUID, timestamp: datetime) -> None:
        self.retired = True


def theme_description(value: object) -> str:
    """What a theme covers, in any number of lines (optional)."""
    label = "the description"
    return text(value, label, field="description", max_length=2000, required=False, multiline=True)
