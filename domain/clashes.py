"""A session that clashes with a busy time imported from its provider's own calendar after
it was booked. The session is never dropped: the provider is told, and moves it or keeps
it. One clash per booking and start, so a session moved into another clash is a new one."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.ids import natural_id
from domain.lifecycle import require_state


class ClashStatus(StrEnum):
    FOUND = "found"
    KEPT = "kept"


def clash_id(booking_id: UUID, start: datetime) -> UUID:
    return natural_id("session-clash", booking_id, start.isoformat())


class SessionClash(Aggregate):
    """Found by the system when a reading of the provider's calendar overlaps the session;
    kept when the provider decides to hold the session anyway."""

    TOPIC = "expertbank:SessionClash"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:SessionClash.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:SessionClash.Created"

    @staticmethod
    def create_id(booking_id: UUID, start: datetime) -> UUID:
        return clash_id(booking_id, start)

    @classmethod
    def find(
        cls,
        *,
        actor: UUID,
        at: datetime,
        booking_id: UUID,
        provider_id: UUID,
        start: datetime,
        end: datetime,
    ) -> SessionClash:
        return cls(
            actor=actor,
            timestamp=at,
            booking_id=booking_id,
            provider_id=provider_id,
            start=start,
            end=end,
        )

    @event("Found", topic="expertbank:SessionClash.Found")
    def __init__(
        self,
        actor: UUID,
        timestamp: datetime,
        booking_id: UUID,
        provider_id: UUID,
        start: datetime,
        end: datetime,
    ) -> None:
        self.booking_id = booking_id
        self.provider_id = provider_id
        self.start = start
        self.end = end
        self.status = ClashStatus.FOUND.value

    def keep(self, *, actor: UUID, at: datetime) -> None:
        """The provider holds the session despite the clash (it is their own diary)."""
        require_state("a clash", self.status, {ClashStatus.FOUND}, "keep")
        self._kept(
            actor=actor, timestamp=at, booking_id=self.booking_id, provider_id=self.provider_id
        )

    @event("Kept", topic="expertbank:SessionClash.Kept")
    def _kept(self, actor: UUID, timestamp: datetime, booking_id: UUID, provider_id: UUID) -> None:
        self.status = ClashStatus.KEPT.value
