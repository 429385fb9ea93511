"""A provider's diary for one London day: what is booked (with buffers) and time off.

Rule 1 lives here. Every booking adds its interval to the diary of each day it touches, in
the same atomic save as the booking, so two services racing for overlapping times conflict
on the diary's version even when their slots come from different windows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import ids
from domain.errors import InvalidInput, SessionFull, SlotTaken, SlotUnavailable
from domain.time import TimeRange


class Interval(TypedDict):
    window_id: UUID
    start: datetime
    end: datetime
    buffer_minutes: int
    group: str | None
    seats: int
    hold_until: datetime | None


class Block(TypedDict):
    start: datetime
    end: datetime


def group_key(window_id: UUID, start: datetime) -> str:
    """Seats of one group session share this key: the window and the start."""
    return f"{window_id}/{start.isoformat()}"


def _range(entry: Interval | Block) -> TimeRange:
    return TimeRange(entry["start"], entry["end"])


class ProviderDiary(Aggregate):
    """One provider's bookings and time off on one London date."""

    TOPIC = "expertbank:ProviderDiary"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:ProviderDiary.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:ProviderDiary.Created"

    @staticmethod
    def create_id(provider_id: UUID, day: date) -> UUID:
        return ids.diary_id(provider_id, day)

    @event("Opened", topic="expertbank:ProviderDiary.Opened")
    def __init__(self, actor: UUID, timestamp: datetime, provider_id: UUID, day: date) -> None:
        self.provider_id = provider_id
        self.day = day
        self.intervals: dict[str, Interval] = {}
        self.blocks: dict[str, Block] = {}

    @classmethod
    def open(cls, *, actor: UUID, at: datetime, provider_id: UUID, day: date) -> ProviderDiary:
        return cls(actor=actor, timestamp=at, provider_id=provider_id, day=day)

    def live_intervals(self, at: datetime) -> dict[str, Interval]:
        """Intervals that still occupy time: confirmed ones and holds not yet expired."""
        return {
            key: entry
            for key, entry in self.intervals.items()
            if entry["hold_until"] is None or entry["hold_until"] > at
        }

    def expired_holds(self, at: datetime) -> list[UUID]:
        return [
            UUID(key)
            for key, entry in self.intervals.items()
            if entry["hold_until"] is not None and entry["hold_until"] <= at
        ]

    def check_free(
        self,
        *,
        at: datetime,
        booking_id: UUID,
        window_id: UUID,
        slot: TimeRange,
        buffer_minutes: int,
        seats: int,
    ) -> None:
        """Refuse the slot if it comes within a buffer of another session or in time off.

        Seats of one group session (same window, same start) do not clash with each other.
        """
        group = group_key(window_id, slot.start) if seats > 1 else None
        for block in self.blocks.values():
            if slot.overlaps(_range(block)):
                raise SlotUnavailable("the provider has time off then", field="start")
        taken = 0
        for key, entry in self.live_intervals(at).items():
            if key == str(booking_id):
                continue
            if group is not None and entry["group"] == group:
                taken += 1
                continue
            gap = timedelta(minutes=max(buffer_minutes, entry["buffer_minutes"]))
            if slot.overlaps(_range(entry), gap):
                raise SlotTaken(
                    "that time is already booked",
                    field="start",
                    clash=UUID(key),
                    in_gap=not slot.overlaps(_range(entry)),
                )
        if group is not None and taken >= seats:
            raise SessionFull(f"all {seats} seats of this session are taken")

    def reserve(
        self,
        *,
        actor: UUID,
        at: datetime,
        booking_id: UUID,
        window_id: UUID,
        slot: TimeRange,
        buffer_minutes: int,
        seats: int,
        hold_until: datetime | None,
    ) -> None:
        self.check_free(
            at=at,
            booking_id=booking_id,
            window_id=window_id,
            slot=slot,
            buffer_minutes=buffer_minutes,
            seats=seats,
        )
        self._reserved(
            actor=actor,
            timestamp=at,
            booking_id=booking_id,
            window_id=window_id,
            start=slot.start,
            end=slot.end,
            buffer_minutes=buffer_minutes,
            seats=seats,
            hold_until=hold_until,
        )

    @event("Reserved", topic="expertbank:ProviderDiary.Reserved")
    def _reserved(
        self,
        actor: UUID,
        timestamp: datetime,
        booking_id: UUID,
        window_id: UUID,
        start: datetime,
        end: datetime,
        buffer_minutes: int,
        seats: int,
        hold_until: datetime | None,
    ) -> None:
        self.intervals[str(booking_id)] = {
            "window_id": window_id,
            "start": start,
            "end": end,
            "buffer_minutes": buffer_minutes,
            "group": group_key(window_id, start) if seats > 1 else None,
            "seats": seats,
            "hold_until": hold_until,
        }

    def holds(self, booking_id: UUID) -> bool:
        return str(booking_id) in self.intervals

    def release(self, *, actor: UUID, at: datetime, booking_id: UUID) -> None:
        if str(booking_id) in self.intervals:
            self._released(actor=actor, timestamp=at, booking_id=booking_id)

    @event("Released", topic="expertbank:ProviderDiary.Released")
    def _released(self, actor: UUID, timestamp: datetime, booking_id: UUID) -> None:
        del self.intervals[str(booking_id)]

    def confirm_hold(self, *, actor: UUID, at: datetime, booking_id: UUID) -> None:
        entry = self.intervals.get(str(booking_id))
        if entry is None or entry["hold_until"] is None:
            raise InvalidInput("there is no hold for that booking in this diary")
        self._hold_confirmed(actor=actor, timestamp=at, booking_id=booking_id)

    @event("HoldConfirmed", topic="expertbank:ProviderDiary.HoldConfirmed")
    def _hold_confirmed(self, actor: UUID, timestamp: datetime, booking_id: UUID) -> None:
        self.intervals[str(booking_id)]["hold_until"] = None

    def bookings_within(self, span: TimeRange, at: datetime) -> list[UUID]:
        """Live bookings that overlap ``span``."""
        return [
            UUID(key)
            for key, entry in self.live_intervals(at).items()
            if span.overlaps(_range(entry))
        ]

    def block(self, *, actor: UUID, at: datetime, block_id: UUID, span: TimeRange) -> None:
        """Mark time off. Bookings already in it stay, and are named in the event."""
        self._blocked(
            actor=actor,
            timestamp=at,
            block_id=block_id,
            start=span.start,
            end=span.end,
            bookings_kept=self.bookings_within(span, at),
        )

    @event("Blocked", topic="expertbank:ProviderDiary.Blocked")
    def _blocked(
        self,
        actor: UUID,
        timestamp: datetime,
        block_id: UUID,
        start: datetime,
        end: datetime,
        bookings_kept: list[UUID],
    ) -> None:
        self.blocks[str(block_id)] = {"start": start, "end": end}

    def unblock(self, *, actor: UUID, at: datetime, block_id: UUID) -> None:
        if str(block_id) in self.blocks:
            self._unblocked(actor=actor, timestamp=at, block_id=block_id)

    @event("Unblocked", topic="expertbank:ProviderDiary.Unblocked")
    def _unblocked(self, actor: UUID, timestamp: datetime, block_id: UUID) -> None:
        del self.blocks[str(block_id)]

    def bookings_from(self, window_id: UUID, at: datetime) -> dict[UUID, TimeRange]:
        """Live bookings still to come in this diary that were cut from ``window_id``."""
        return {
            UUID(key): _range(entry)
            for key, entry in self.live_intervals(at).items()
            if entry["start"] > at and entry["window_id"] == window_id
        }
