"""The errors the domain and the service raise, each with a message a person can act on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID


class ExpertBankError(Exception):
    """Base of every refusal. ``str(error)`` is written for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(ExpertBankError):
    """An argument is malformed or out of range; ``field`` names it when there is one."""


class InvalidInputs(InvalidInput):
    """Several arguments are wrong at once: ``problems`` names each, so that a person hears
    of them all in one go. It reads as the first."""

    def __init__(self, problems: Sequence[InvalidInput]) -> None:
        super().__init__(problems[0].message, field=problems[0].field)
        self.problems = list(problems)


class WrongKind(InvalidInput):
    """An id names a record of another kind than the one asked for."""


class NotFound(ExpertBankError):
    """Nothing with that id exists (or the actor may not know that it does)."""


class PermissionDenied(ExpertBankError):
    """The actor's roles or ownership do not allow the command."""


class RuleViolation(ExpertBankError):
    """A business rule refused the command."""


class IllegalTransition(RuleViolation):
    """A lifecycle was asked to move along an arrow it does not have."""


class SlotUnavailable(RuleViolation):
    """The time asked for is not a bookable slot (outside the window, notice, horizon...)."""


class SlotTaken(RuleViolation):
    """The time overlaps a session or time off already in the provider's diary."""

    def __init__(
        self,
        message: str,
        *,
        next_free: Sequence[datetime] = (),
        field: str | None = None,
        clash: UUID | None = None,
        in_gap: bool = False,
    ) -> None:
        super().__init__(message, field=field)
        self.next_free = list(next_free)
        self.clash = clash
        """The booking in the way, when it is one."""
        self.in_gap = in_gap
        """It is only in the gap the provider keeps between sessions."""


class SessionFull(RuleViolation):
    """Every seat of a group session is taken."""


class AllowanceExceeded(RuleViolation):
    """The booking would take an engagement past its hours allowance."""


class CapExceeded(RuleViolation):
    """The booking would take a peer past their monthly cap."""


class Conflict(ExpertBankError):
    """Others kept changing the same records; the command gave up after retrying."""


class TooManyAttempts(ExpertBankError):
    """Too many failed sign-ins from here, or to this account: wait until ``until``."""

    def __init__(self, message: str, *, until: datetime) -> None:
        super().__init__(message, field="email")
        self.until = until
