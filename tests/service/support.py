"""What the service tests share: London wall-clock times, and a check that a refused
command names the problem and records nothing at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

import pytest

from domain.errors import ExpertBankError
from domain.time import LONDON
from service.application import ExpertBank
from tests.world import World


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Europe/London wall-clock time, as a person would enter it."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@contextmanager
def nothing_recorded(
    bank: ExpertBank, error: type[ExpertBankError], match: str, field: str | None = None
) -> Iterator[pytest.ExceptionInfo[ExpertBankError]]:
    """Expect ``error`` whose message matches ``match`` (and ``.field``, if given), with
    no event stored."""
    head = bank.head_position()
    with pytest.raises(error, match=match) as refusal:
        yield refusal
    if field is not None:
        assert refusal.value.field == field
    assert bank.head_position() == head, "a refused command stored events"


@dataclass
class Stage:
    """A world with more state built on it; what a test needs is named in ``ids`` and read
    as attributes (``stage.booking``)."""

    bank: ExpertBank
    world: World
    ids: dict[str, UUID] = field(default_factory=dict)

    def __getattr__(self, name: str) -> UUID:
        try:
            return self.__dict__["ids"][name]
        except KeyError:
            raise AttributeError(name) from None
