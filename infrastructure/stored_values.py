"""How values are stored in the tables beside the events (views, personal details, mail),
so that SQLite and PostgreSQL sort and compare them alike.

Instants are UTC ISO text of one width, so text order is time order; ids are 32 hex
digits; days are ISO dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

_UTC = "+00:00"


def instant(value: datetime) -> str:
    """How an instant is stored: UTC ISO text of one width, so text order is time order."""
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")


def instant_text(stored: str) -> str:
    """An instant as the event store keeps it, in the stored form above; UTC ones need at
    most the microseconds."""
    if stored.endswith(_UTC):
        if len(stored) == 32:
            return stored
        if len(stored) == 25:
            return stored[:19] + ".000000" + _UTC
    return instant(datetime.fromisoformat(stored))


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
    """How an id is stored: 32 hex digits (``UUID(...)`` reads it back)."""
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
