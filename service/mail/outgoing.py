"""A message ready for the outbox, whichever way it came: derived from an event, or queued
with an invitation link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

SIGN_UP = "sign_up"  # the kind of a message carrying an invitation link


@dataclass(frozen=True)
class Outgoing:
    """Rendered and addressed, with the other people it names (erasing one redrafts it)
    and what it was drafted from (``service.mail.sources``; empty for invitation links).
    ``position`` orders it among the others: the event it came from, or the head of the
    store when it was queued."""

    id: UUID
    position: int
    created_at: datetime
    kind: str
    recipient_id: UUID
    recipient: str
    subject: str
    message_id: str
    content: str
    expires_at: datetime | None = None
    booking_id: UUID | None = None
    named: tuple[UUID, ...] = ()
    source: str = ""
