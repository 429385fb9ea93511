"""Expressions of interest: what a library service asks the expert bank for."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInput
from domain.hours import half_hours
from domain.lifecycle import require_state
from domain.validation import Problems, chosen, reason_text, text

MAX_HOURS_HOPED = 100


class RequestState(StrEnum):
    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    APPROVED = "approved"
    DECLINED = "declined"
    MATCHED = "matched"
    COMPLETED = "completed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


S = RequestState
WITHDRAWABLE = {S.SUBMITTED, S.APPROVED, S.SHORTLISTED}


class ExpressionOfInterest(Aggregate):
    """A service's request for expert help.

    submitted → shortlisted → approved or declined (declined also straight from submitted);
    approved → matched → completed or closed; withdrawn by the service before matching.
    """

    TOPIC = "expertbank:ExpressionOfInterest"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:ExpressionOfInterest.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:ExpressionOfInterest.Created"

    @classmethod
    def submit(
        cls,
        *,
        actor: UUID,
        at: datetime,
        service_id: UUID,
        theme_id: UUID | None,
        need: str,
        outcomes: str,
        preferred_from: date | None,
        preferred_to: date | None,
        hours_hoped: object,
    ) -> ExpressionOfInterest:
        """Every problem with the request is reported at once (``InvalidInputs``)."""
        problems = Problems()
        theme = problems.check(lambda: chosen(theme_id, "a theme", field="theme_id"))
        if preferred_from and preferred_to and preferred_to < preferred_from:
            problems.add(
                InvalidInput(
                    "the latest preferred date must be on or after the earliest",
                    field="preferred_to",
                )
            )
        need = problems.check(
            lambda: text(
                need, "what you need help with", field="need", max_length=4000, multiline=True
            )
        )
        outcomes = problems.check(
            lambda: text(
                outcomes,
                "the outcomes you hope for",
                field="outcomes",
                max_length=4000,
                multiline=True,
            )
        )
        hours = problems.check(
            lambda: half_hours(
                hours_hoped, "the hours hoped for", field="hours_hoped", most=MAX_HOURS_HOPED
            )
        )
        problems.raise_any()
        return cls(
            actor=actor,
            timestamp=at,
            service_id=service_id,
            theme_id=theme,
            need=need,
            outcomes=outcomes,
            preferred_from=preferred_from,
            preferred_to=preferred_to,
            hours_hoped=hours,
        )

    @event("Submitted", topic="expertbank:ExpressionOfInterest.Submitted")
    def __init__(
        self,
        actor: UUID,
        timestamp: datetime,
        service_id: UUID,
        theme_id: UUID,
        need: str,
        outcomes: str,
        preferred_from: date | None,
        preferred_to: date | None,
        hours_hoped: int | float,
    ) -> None:
        self.service_id = service_id
        self.theme_id = theme_id
        self.need = need
        self.outcomes = outcomes
        self.preferred_from = preferred_from
        self.preferred_to = preferred_to
        self.hours_hoped = hours_hoped
        self.state = S.SUBMITTED.value
        self.reason = ""
        self.engagement_id: UUID | None = None

    def _require(self, allowed: set[RequestState], action: str) -> None:
        require_state("a request", self.state, allowed, action)

    def shortlist(self, *, actor: UUID, at: datetime) -> None:
        self._require({S.SUBMITTED}, "shortlist")
        self._shortlisted(actor=actor, timestamp=at)

    @event("Shortlisted", topic="expertbank:ExpressionOfInterest.Shortlisted")
    def _shortlisted(self, actor: UUID, timestamp: datetime) -> None:
        self.state = S.SHORTLISTED.value

    def approve(self, *, actor: UUID, at: datetime) -> None:
        self._require({S.SHORTLISTED}, "approve")
        self._approved(actor=actor, timestamp=at)

    @event("Approved", topic="expertbank:ExpressionOfInterest.Approved")
    def _approved(self, actor: UUID, timestamp: datetime) -> None:
        self.state = S.APPROVED.value

    def decline(self, *, actor: UUID, at: datetime, reason: str) -> None:
        self._require({S.SUBMITTED, S.SHORTLISTED}, "decline")
        self._declined(
            actor=actor,
            timestamp=at,
            reason=reason_text(reason, "a reason the service can read"),
        )

    @event("Declined", topic="expertbank:ExpressionOfInterest.Declined")
    def _declined(self, actor: UUID, timestamp: datetime, reason: str) -> None:
        self.state = S.DECLINED.value
        self.reason = reason

    def withdraw(self, *, actor: UUID, at: datetime, reason: str) -> None:
        self._require(WITHDRAWABLE, "withdraw")
        self._withdrawn(
            actor=actor,
            timestamp=at,
            reason=reason_text(reason, "the reason", required=False),
        )

    @event("Withdrawn", topic="expertbank:ExpressionOfInterest.Withdrawn")
    def _withdrawn(self, actor: UUID, timestamp: datetime, reason: str) -> None:
        self.state = S.WITHDRAWN.value
        self.reason = reason

    def mark_matched(
        self, *, actor: UUID, at: datetime, engagement_id: UUID, expert_id: UUID
    ) -> None:
        self._require({S.APPROVED}, "match")
        self._matched(actor=actor, timestamp=at, engagement_id=engagement_id, expert_id=expert_id)

    @event("Matched", topic="expertbank:ExpressionOfInterest.Matched")
    def _matched(
        self, actor: UUID, timestamp: datetime, engagement_id: UUID, expert_id: UUID
    ) -> None:
        self.state = S.MATCHED.value
        self.engagement_id = engagement_id

    def mark_completed(self, *, actor: UUID, at: datetime) -> None:
        self._require({S.MATCHED}, "complete")
        self._completed(actor=actor, timestamp=at)

    @event("Completed", topic="expertbank:ExpressionOfInterest.Completed")
    def _completed(self, actor: UUID, timestamp: datetime) -> None:
        self.state = S.COMPLETED.value

    def mark_closed(self, *, actor: UUID, at: datetime, reason: str) -> None:
        self._require({S.MATCHED}, "close")
        self._closed(
            actor=actor,
            timestamp=at,
            reason=reason_text(reason),
        )

    @event("Closed", topic="expertbank:ExpressionOfInterest.Closed")
    def _closed(self, actor: UUID, timestamp: datetime, reason: str) -> None:
        self.state = S.CLOSED.value
        self.reason = reason
