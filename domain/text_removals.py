"""The removal of one free text on request (for example a note naming a third party):
who removed it, when, from which record, and why. The text itself is kept outside the
events and blanked when this is recorded; the record's history then shows when it was
removed in its place."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInput
from domain.validation import reason_text

_TEXT_ID = re.compile(r"[0-9a-f]{32}")


class TextRemoval(Aggregate):
    """Recorded once per removal; there is nothing more to do with it."""

    TOPIC = "expertbank:TextRemoval"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:TextRemoval.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:TextRemoval.Created"

    @classmethod
    def record(
        cls,
        *,
        actor: UUID,
        at: datetime,
        text_id: str,
        record_id: UUID,
        record_kind: str,
        field: str,
        reason: str,
    ) -> TextRemoval:
        """``record_kind`` names the record's kind as its events' topics do (``Booking``)."""
        if not _TEXT_ID.fullmatch(text_id):
            raise InvalidInput("a text's id is 32 hexadecimal digits", field="text_id")
        return cls(
            actor=actor,
            timestamp=at,
            text_id=text_id,
            record_id=record_id,
            record_kind=record_kind,
            field=field,
            reason=reason_text(reason, "why the text is being removed"),
        )

    @event("Recorded", topic="expertbank:TextRemoval.Recorded")
    def __init__(
        self,
        actor: UUID,
        timestamp: datetime,
        text_id: str,
        record_id: UUID,
        record_kind: str,
        field: str,
        reason: str,
    ) -> None:
        self.text_id = text_id
        self.record_id = record_id
        self.record_kind = record_kind
        self.field = field


class TextsMovedOut(Aggregate):
    """Free text moved out of events stored before it was kept apart, once per run of the
    move: the stored events it rewrote, the texts it moved, and the head the audit chain
    had before (``POSITION:HASH``), after which the chain starts again from the first
    event. A checkpoint written down before is checked against ``previous_head``."""

    TOPIC = "expertbank:TextsMovedOut"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:TextsMovedOut.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:TextsMovedOut.Created"

    @classmethod
    def record(
        cls, *, actor: UUID, at: datetime, events: int, texts: int, previous_head: str
    ) -> TextsMovedOut:
        return cls(
            actor=actor, timestamp=at, events=events, texts=texts, previous_head=previous_head
        )

    @event("Recorded", topic="expertbank:TextsMovedOut.Recorded")
    def __init__(
        self, actor: UUID, timestamp: datetime, events: int, texts: int, previous_head: str
    ) -> None:
        self.events = events
        self.texts = texts
        self.previous_head = previous_head
