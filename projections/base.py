"""What every read model here shares: handlers chosen by event topic, and how values are
stored so that SQLite and PostgreSQL sort and compare them alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from projections.runner import Applier, Projection
from projections.stored import instant as instant  # defined with the events it reads
from service.database import Transaction

F = TypeVar("F", bound=Callable[..., None])


def on(*topics: str) -> Callable[[F], F]:
    """Mark a method as the handler of the events with these topics."""

    def mark(method: F) -> F:
        method.__dict__["handles"] = topics
        return method

    return mark


class EventProjection(Projection):
    """A projection whose ``@on(topic)`` methods each handle one kind of event."""

    handlers: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        handlers = {
            topic: name
            for name, member in vars(cls).items()
            for topic in getattr(member, "handles", ())
        }
        cls.handlers = handlers
        cls.topics = tuple(sorted(handlers))

    def applier(self, topic: str) -> Applier:
        handler: Applier = getattr(self, self.handlers[topic])
        return handler

    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        # Domain event classes and stored events alike name their topic in ``TOPIC``.
        self.applier(event.TOPIC)(tx, event, position)


# Stored forms. Instants are UTC ISO text of one width, so text order is time order.


def maybe_instant(value: datetime | None) -> str | None:
    return None if value is None else instant(value)


def to_instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def maybe_to_instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def maybe_day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def maybe_to_day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def key(value: UUID) -> str:
    """How the views store an id: 32 hex digits (``UUID(...)`` reads it back)."""
    return value.hex


def ident(value: UUID | None) -> str | None:
    return None if value is None else value.hex


def maybe_uuid(text: str | None) -> UUID | None:
    return None if text is None else UUID(text)


def id_list(values: list[UUID]) -> str:
    """Ids as one text field (``a,b,c``), for small sets read back whole."""
    return ",".join(value.hex for value in values)


def to_id_list(text: str | None) -> list[UUID]:
    return [UUID(part) for part in text.split(",")] if text else []


def marks(count: int) -> str:
    """``?, ?, ?``: placeholders for an ``IN (...)`` of ``count`` values."""
    return ", ".join("?" * count)
