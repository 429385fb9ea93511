"""What a message is drafted from: the facts of the event behind it (ids, instants and the
words the event itself records), never a name or an address.

The outbox keeps a message's source beside it while the message may still be sent, so the
message can be drafted again with people's details as they are then: after an erasure,
without the erased person (``service.mail.erasure``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.notices import Fact, NoticeKind
from infrastructure.stored_values import instant
from projections.sessions import SessionRow

_IDS = frozenset({"booking_id", "service_id", "provider_id", "booked_by", "theme_id"})
_INSTANTS = frozenset({"start", "end", "hold_until", "changed_at"})


@dataclass(frozen=True)
class BookingChange:
    """One booking event: the session before and after it, when, and who made the change."""

    topic: str
    before: SessionRow | None
    after: SessionRow
    stamp: datetime
    actor: UUID


@dataclass(frozen=True)
class NoticeSource:
    """A recorded notice, with the session it is about (if any) as it stood then."""

    kind: str
    occasion: str
    timestamp: datetime
    recipients: tuple[UUID, ...]
    facts: dict[str, Fact]
    session: SessionRow | None

    @classmethod
    def of(cls, notice: Any, session: SessionRow | None) -> NoticeSource:
        """From a ``Notice.Recorded`` event."""
        return cls(
            kind=notice.kind,
            occasion=notice.occasion,
            timestamp=notice.timestamp,
            recipients=tuple(notice.recipients),
            facts=dict(notice.facts),
            session=session,
        )


def calendar_notice(event: Any, session: SessionRow | None) -> NoticeSource:
    """From a ``CalendarConnection.Failing`` or ``SessionClash.Found`` event: the provider
    is told once, as by a notice."""
    if session is None:
        return NoticeSource(
            kind=NoticeKind.CALENDAR_FAILING.value,
            occasion=instant(event.since),
            timestamp=event.timestamp,
            recipients=(event.provider_id,),
            facts={"since": instant(event.since), "reason": event.reason},
            session=None,
        )
    return NoticeSource(
        kind=NoticeKind.SESSION_CLASH.value,
        occasion=instant(event.start),
        timestamp=event.timestamp,
        recipients=(event.provider_id,),
        facts={"start": instant(event.start)},
        session=session,
    )


Source = BookingChange | NoticeSource


def encode(source: Source) -> str:
    if isinstance(source, BookingChange):
        return json.dumps(
            {
                "booking": {
                    "topic": source.topic,
                    "before": _row(source.before),
                    "after": _row(source.after),
                    "stamp": instant(source.stamp),
                    "actor": str(source.actor),
                }
            }
        )
    return json.dumps(
        {
            "notice": {
                "kind": source.kind,
                "occasion": source.occasion,
                "timestamp": instant(source.timestamp),
                "recipients": [str(person) for person in source.recipients],
                "facts": source.facts,
                "session": _row(source.session),
            }
        }
    )


def decode(text: str) -> Source:
    data = json.loads(text)
    if "booking" in data:
        change = data["booking"]
        after = _session(change["after"])
        assert after is not None, "a booking change always has the session after it"
        return BookingChange(
            topic=change["topic"],
            before=_session(change["before"]),
            after=after,
            stamp=datetime.fromisoformat(change["stamp"]),
            actor=UUID(change["actor"]),
        )
    notice = data["notice"]
    return NoticeSource(
        kind=notice["kind"],
        occasion=notice["occasion"],
        timestamp=datetime.fromisoformat(notice["timestamp"]),
        recipients=tuple(UUID(person) for person in notice["recipients"]),
        facts=notice["facts"],
        session=_session(notice["session"]),
    )


def _row(row: SessionRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {field.name: _plain(getattr(row, field.name)) for field in fields(row)}


def _plain(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return instant(value)
    return value


def _session(data: dict[str, Any] | None) -> SessionRow | None:
    if data is None:
        return None
    return SessionRow(**{name: _typed(name, value) for name, value in data.items()})


def _typed(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _IDS:
        return UUID(value)
    if name in _INSTANTS:
        return datetime.fromisoformat(value)
    return value
