"""What the domain rules share: fixed actors and times, and a check that a refusal leaves
the aggregate exactly as it was (same version, same state, no new pending events)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from domain.errors import ExpertBankError

STAFF = UUID(int=1)
SERVICE_HEAD = UUID(int=2)
EXPERT = UUID(int=3)
PEER = UUID(int=4)
SERVICE = UUID(int=10)
OTHER_SERVICE = UUID(int=11)
THEME = UUID(int=20)
WINDOW = UUID(int=30)

# A Monday, a month before the spring clock change.
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _state(aggregate: Aggregate) -> dict[str, Any]:
    return copy.deepcopy({k: v for k, v in vars(aggregate).items() if k != "_pending_events"})


@contextmanager
def refused(
    aggregate: Aggregate, error: type[ExpertBankError], match: str
) -> Iterator[pytest.ExceptionInfo[ExpertBankError]]:
    """Expect ``error`` with a message matching ``match``, and nothing recorded."""
    state, pending = _state(aggregate), len(aggregate.pending_events)
    with pytest.raises(error, match=match) as info:
        yield info
    assert len(aggregate.pending_events) == pending, "a refused command recorded an event"
    assert _state(aggregate) == state, "a refused command changed the aggregate"


def event_names(aggregate: Aggregate) -> list[str]:
    """The class names of the aggregate's pending events, oldest first."""
    return [type(e).__name__ for e in aggregate.pending_events]
