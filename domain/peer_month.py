"""A peer's hours given in one London calendar month, against their monthly cap (rule 2)."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import ids
from domain.errors import CapExceeded
from domain.hours import describe_minutes


class Commitment(TypedDict):
    minutes: int
    bookings: list[str]


class PeerMonth(Aggregate):
    """Minutes a peer has committed in a month. A group session counts once, however many
    seats are taken; a moved or cancelled booking gives its minutes back."""

    TOPIC = "expertbank:PeerMonth"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:PeerMonth.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:PeerMonth.Created"

    @staticmethod
    def create_id(provider_id: UUID, month: str) -> UUID:
        return ids.peer_month_id(provider_id, month)

    @classmethod
    def open(cls, *, actor: UUID, at: datetime, provider_id: UUID, month: str) -> PeerMonth:
        return cls(actor=actor, timestamp=at, provider_id=provider_id, month=month)

    @event("Opened", topic="expertbank:PeerMonth.Opened")
    def __init__(self, actor: UUID, timestamp: datetime, provider_id: UUID, month: str) -> None:
        self.provider_id = provider_id
        self.month = month
        self.commitments: dict[str, Commitment] = {}

    @property
    def committed_minutes(self) -> int:
        return sum(c["minutes"] for c in self.commitments.values())

    def booking_ids(self) -> list[UUID]:
        return [UUID(b) for entry in self.commitments.values() for b in entry["bookings"]]

    def check_cap(self, cap_minutes: int) -> None:
        """A new monthly cap may not be less than what is committed this month already."""
        if cap_minutes < self.committed_minutes:
            raise CapExceeded(
                f"{describe_minutes(self.committed_minutes)} are already committed in "
                f"{self.month}: the monthly cap cannot be less than that",
                field="monthly_cap_hours",
            )

    def reserve(
        self,
        *,
        actor: UUID,
        at: datetime,
        booking_id: UUID,
        key: str,
        minutes: int,
        cap_minutes: int | None,
    ) -> None:
        """Commit ``minutes`` under ``key`` (the booking, or the group session it joins)."""
        new = key not in self.commitments
        if new and cap_minutes is not None and self.committed_minutes + minutes > cap_minutes:
            left = max(cap_minutes - self.committed_minutes, 0)
            raise CapExceeded(
                f"this peer gives at most {describe_minutes(cap_minutes)} a month and has "
                f"{describe_minutes(left)} left in {self.month}"
            )
        self._committed(actor=actor, timestamp=at, booking_id=booking_id, key=key, minutes=minutes)

    @event("Committed", topic="expertbank:PeerMonth.Committed")
    def _committed(
        self, actor: UUID, timestamp: datetime, booking_id: UUID, key: str, minutes: int
    ) -> None:
        entry = self.commitments.setdefault(key, {"minutes": minutes, "bookings": []})
        entry["bookings"].append(str(booking_id))

    def release(self, *, actor: UUID, at: datetime, booking_id: UUID) -> None:
        if any(str(booking_id) in c["bookings"] for c in self.commitments.values()):
            self._released(actor=actor, timestamp=at, booking_id=booking_id)

    @event("Released", topic="expertbank:PeerMonth.Released")
    def _released(self, actor: UUID, timestamp: datetime, booking_id: UUID) -> None:
        for key, entry in list(self.commitments.items()):
            if str(booking_id) in entry["bookings"]:
                entry["bookings"].remove(str(booking_id))
                if not entry["bookings"]:
                    del self.commitments[key]
