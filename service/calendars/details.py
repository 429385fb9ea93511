"""A session as people read it: names instead of ids, London wall-clock times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.availability import Mode
from domain.registry import LibraryService, Theme
from domain.time import LONDON
from infrastructure.directory import Details
from projections.sessions import SessionRow
from service.context import Context


@dataclass(frozen=True)
class SessionDetails:
    booking_id: UUID
    start: datetime
    end: datetime
    theme: str
    service: str
    provider: str
    mode: str
    location: str
    cover: str
    sequence: int
    status: str
    changed_at: datetime
    booker: str = ""
    """Who booked it, for the provider's copy of a message (empty: not said)."""

    @property
    def summary(self) -> str:
        return f"{self.service} with {self.provider} (Expert Bank)"

    @property
    def when(self) -> str:
        return describe_span(self.start, self.end)

    @property
    def where(self) -> str:
        if self.mode == Mode.IN_PERSON:
            return f"In person: {self.location}"
        return f"Online: {self.location}" if self.location else "Online (link to follow)"

    def description_lines(self, *, for_provider: bool = False) -> list[str]:
        """What the session is; the provider reads who booked it and for which service,
        the service whom it is with."""
        if for_provider and self.booker:
            sides = [f"Booked by: {self.booker}, for {self.service}"]
        elif for_provider:
            sides = [f"Library service: {self.service}"]
        else:
            sides = [f"Library service: {self.service}", f"With: {self.provider}"]
        lines = [
            f"Theme: {self.theme}",
            *sides,
            f"When: {self.when}",
            f"Where: {self.where}",
        ]
        if self.cover:
            lines.append(f"What the service wants to cover: {self.cover}")
        lines.append(f"Booking reference: {self.booking_id}")
        return lines

    @property
    def description(self) -> str:
        return "\n".join(self.description_lines())

    def description_for(self, *, provider: bool) -> str:
        return "\n".join(self.description_lines(for_provider=provider))


def describe_span(start: datetime, end: datetime) -> str:
    """``Sunday 28 March 2027, 10:00 to 11:30 (UK time)``, in Europe/London time."""
    first, last = start.astimezone(LONDON), end.astimezone(LONDON)
    day = f"{first:%A} {first.day} {first:%B %Y}"
    if first.date() == last.date():
        return f"{day}, {first:%H:%M} to {last:%H:%M} (UK time)"
    return f"{day}, {first:%H:%M} to {last:%A} {last.day} {last:%B %Y}, {last:%H:%M} (UK time)"


def describe_instant(instant: datetime) -> str:
    local = instant.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} (UK time)"


class Namer:
    """Names for the ids in events, as they are now (from the store and the directory)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def theme(self, theme_id: UUID) -> str:
        theme = self.ctx.find(Theme, theme_id)
        return theme.name if theme else "Expert Bank session"

    def service(self, service_id: UUID) -> str:
        service = self.ctx.find(LibraryService, service_id)
        return service.name if service else "a library service"

    def person(self, person_id: UUID) -> Details | None:
        """Their details, or None if unknown or erased (nothing may be sent to them)."""
        details = self.ctx.directory.get(person_id)
        return None if details is None or details.erased or not details.email else details

    def person_name(self, person_id: UUID) -> str:
        details = self.person(person_id)
        return details.name if details else "(name withheld)"

    def text(self, value: str) -> str:
        """A free-text field as it reads now (events and views keep a reference to it)."""
        return self.ctx.store.texts.shown(value)

    def describe(self, row: SessionRow) -> SessionDetails:
        return SessionDetails(
            booking_id=row.booking_id,
            start=row.start,
            end=row.end,
            theme=self.theme(row.theme_id),
            service=self.service(row.service_id),
            provider=self.person_name(row.provider_id),
            mode=row.mode,
            location=row.location,
            cover=self.text(row.cover),
            sequence=row.sequence,
            status=row.status,
            changed_at=row.changed_at,
            booker=self.person_name(row.booked_by),
        )
