"""Bookings: a service's reservation of a provider's slot, and the session it leads to."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.availability import WindowSpec
from domain.errors import IllegalTransition
from domain.lifecycle import require_state
from domain.time import TimeRange
from domain.validation import reason_text, text, whole_number


class BookingStatus(StrEnum):
    HELD = "held"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    LAPSED = "lapsed"


class Side(StrEnum):
    SERVICE = "service"
    PROVIDER = "provider"


class Outcome(StrEnum):
    HELD = "held"
    NO_SHOW = "no_show"


B = BookingStatus


class Booking(Aggregate):
    """held → confirmed → (rescheduled) → cancelled by either side; a hold never confirmed
    lapses. After its start a confirmed booking's session is recorded as held or no-show,
    and a held session gets the service's feedback.

    ``sequence`` counts the changes people's calendars must follow (iCalendar SEQUENCE);
    ``placed_at`` is when the session last got its time (booked, moved or confirmed).
    """

    TOPIC = "expertbank:Booking"

    class Event(Aggregate.Event):
        TOPIC = "expertbank:Booking.Event"

    class Created(Aggregate.Created):
        TOPIC = "expertbank:Booking.Created"

    @classmethod
    def book(
        cls,
        *,
        booking_id: UUID,
        actor: UUID,
        at: datetime,
        service_id: UUID,
        provider_id: UUID,
        window_id: UUID,
        spec: WindowSpec,
        slot: TimeRange,
        theme_id: UUID,
        engagement_id: UUID | None,
        cover: str,
        hold_until: datetime | None,
    ) -> Booking:
        return cls(
            booking_id=booking_id,
            actor=actor,
            timestamp=at,
            service_id=service_id,
            provider_id=provider_id,
            window_id=window_id,
            theme_id=theme_id,
            engagement_id=engagement_id,
            cover=text(
                cover,
                "what you want to cover",
                field="cover",
                max_length=2000,
                multiline=True,
                required=False,
            ),
            start=slot.start,
            end=slot.end,
            buffer_minutes=spec.buffer_minutes,
            seats=spec.seats,
            mode=spec.mode,
            location=spec.location,
            hold_until=hold_until,
        )

    @staticmethod
    def create_id(booking_id: UUID) -> UUID:
        """The caller chooses the id, so that a form submitted twice books once."""
        return booking_id

    @event("Booked", topic="expertbank:Booking.Booked")
    def __init__(
        self,
        booking_id: UUID,
        actor: UUID,
        timestamp: datetime,
        service_id: UUID,
        provider_id: UUID,
        window_id: UUID,
        theme_id: UUID,
        engagement_id: UUID | None,
        cover: str,
        start: datetime,
        end: datetime,
        buffer_minutes: int,
        seats: int,
        mode: str,
        location: str,
        hold_until: datetime | None,
    ) -> None:
        self.service_id = service_id
        self.provider_id = provider_id
        self.booked_by = actor
        self.theme_id = theme_id
        self.engagement_id = engagement_id
        self.cover = cover
        self._place(window_id, start, end, buffer_minutes, seats, mode, location)
        self.hold_until = hold_until
        self.status = (B.HELD if hold_until else B.CONFIRMED).value
        self.placed_at = timestamp
        self.sequence = 0
        self.cancelled_by_side: str | None = None
        self.reason = ""
        self.outcome: str | None = None
        self.rating: int | None = None

    def _place(
        self,
        window_id: UUID,
        start: datetime,
        end: datetime,
        buffer_minutes: int,
        seats: int,
        mode: str,
        location: str,
    ) -> None:
        self.window_id = window_id
        self.start = start
        self.end = end
        self.buffer_minutes = buffer_minutes
        self.seats = seats
        self.mode = mode
        self.location = location

    @property
    def slot(self) -> TimeRange:
        return TimeRange(self.start, self.end)

    @property
    def minutes(self) -> int:
        return self.slot.minutes

    @property
    def is_peer_support(self) -> bool:
        return self.engagement_id is None

    @property
    def is_live(self) -> bool:
        """Held or confirmed: it occupies the provider's time."""
        return self.status in (B.HELD, B.CONFIRMED)

    def span_with_buffer(self) -> TimeRange:
        return self.slot.widened(timedelta(minutes=self.buffer_minutes))

    def _require_not_started(self, at: datetime, action: str) -> None:
        if self.start <= at:
            raise IllegalTransition(
                f"cannot {action} a session that has already started: "
                "record it as held or no-show instead"
            )

    def confirm_hold(self, *, actor: UUID, at: datetime) -> None:
        require_state("a booking", self.status, {B.HELD}, "confirm")
        assert self.hold_until is not None
        if self.hold_until <= at:
            raise IllegalTransition("the hold has lapsed: the service must book again")
        self._hold_confirmed(actor=actor, timestamp=at)

    @event("HoldConfirmed", topic="expertbank:Booking.HoldConfirmed")
    def _hold_confirmed(self, actor: UUID, timestamp: datetime) -> None:
        self.status = B.CONFIRMED.value
        self.hold_until = None
        self.placed_at = timestamp

    def reschedule(
        self,
        *,
        actor: UUID,
        at: datetime,
        window_id: UUID,
        spec: WindowSpec,
        slot: TimeRange,
        reason: str,
    ) -> None:
        require_state("a booking", self.status, {B.CONFIRMED}, "move")
        self._require_not_started(at, "move")
        self._rescheduled(
            actor=actor,
            timestamp=at,
            window_id=window_id,
            start=slot.start,
            end=slot.end,
            buffer_minutes=spec.buffer_minutes,
            seats=spec.seats,
            mode=spec.mode,
            location=spec.location,
            reason=reason_text(reason, "the reason", required=False),
        )

    @event("Rescheduled", topic="expertbank:Booking.Rescheduled")
    def _rescheduled(
        self,
        actor: UUID,
        timestamp: datetime,
        window_id: UUID,
        start: datetime,
        end: datetime,
        buffer_minutes: int,
        seats: int,
        mode: str,
        location: str,
        reason: str,
    ) -> None:
        self._place(window_id, start, end, buffer_minutes, seats, mode, location)
        self.placed_at = timestamp
        self.sequence += 1

    def cancel(self, *, actor: UUID, at: datetime, side: Side, reason: str) -> None:
        require_state("a booking", self.status, {B.HELD, B.CONFIRMED}, "cancel")
        self._require_not_started(at, "cancel")
        self._cancelled(
            actor=actor,
            timestamp=at,
            side=Side(side).value,
            reason=reason_text(reason),
        )

    def decline(self, *, actor: UUID, at: datetime, reason: str) -> None:
        """The peer says no to a request waiting for their answer; a reason is optional."""
        require_state("a booking", self.status, {B.HELD}, "decline")
        self._cancelled(
            actor=actor,
            timestamp=at,
            side=Side.PROVIDER.value,
            reason=text(reason, "the reason", field="reason", max_length=2000, required=False),
        )

    @event("Cancelled", topic="expertbank:Booking.Cancelled")
    def _cancelled(self, actor: UUID, timestamp: datetime, side: str, reason: str) -> None:
        self.status = B.CANCELLED.value
        self.cancelled_by_side = side
        self.reason = reason
        self.sequence += 1

    def hold_expired(self, at: datetime) -> bool:
        """Whether this is a hold whose time to be confirmed has passed."""
        return self.status == B.HELD and self.hold_until is not None and self.hold_until <= at

    def lapse(self, *, actor: UUID, at: datetime) -> None:
        require_state("a booking", self.status, {B.HELD}, "lapse")
        assert self.hold_until is not None
        if self.hold_until > at:
            raise IllegalTransition("the hold has not expired yet")
        self._lapsed(actor=actor, timestamp=at)

    @event("Lapsed", topic="expertbank:Booking.Lapsed")
    def _lapsed(self, actor: UUID, timestamp: datetime) -> None:
        self.status = B.LAPSED.value
        self.sequence += 1

    def record_session(
        self,
        *,
        actor: UUID,
        at: datetime,
        outcome: Outcome,
        notes: str,
        outcomes: str,
        actions: str,
    ) -> None:
        require_state("a booking", self.status, {B.CONFIRMED}, "record the session of")
        if at < self.start:
            raise IllegalTransition("the session has not started yet")
        if self.outcome is not None:
            raise IllegalTransition("this session is already recorded")
        self._session_recorded(
            actor=actor,
            timestamp=at,
            outcome=Outcome(outcome).value,
            notes=text(
                notes, "the notes", field="notes", max_length=8000, multiline=True, required=False
            ),
            outcomes=text(
                outcomes,
                "the outcomes",
                field="outcomes",
                max_length=8000,
                multiline=True,
                required=False,
            ),
            actions=text(
                actions,
                "the follow-up actions",
                field="actions",
                max_length=8000,
                multiline=True,
                required=False,
            ),
        )

    @event("SessionRecorded", topic="expertbank:Booking.SessionRecorded")
    def _session_recorded(
        self,
        actor: UUID,
        timestamp: datetime,
        outcome: str,
        notes: str,
        outcomes: str,
        actions: str,
    ) -> None:
        self.outcome = outcome

    def give_feedback(self, *, actor: UUID, at: datetime, rating: int, comment: str) -> None:
        if self.outcome != Outcome.HELD:
            raise IllegalTransition("feedback can be given once the session has been held")
        if self.rating is not None:
            raise IllegalTransition("feedback for this session has already been given")
        self._feedback_given(
            actor=actor,
            timestamp=at,
            rating=whole_number(rating, "the rating", field="rating", low=1, high=5),
            comment=text(
                comment,
                "the comment",
                field="comment",
                max_length=4000,
                multiline=True,
                required=False,
            ),
        )

    @event("FeedbackGiven", topic="expertbank:Booking.FeedbackGiven")
    def _feedback_given(self, actor: UUID, timestamp: datetime, rating: int, comment: str) -> None:
        self.rating = rating


class SessionState(StrEnum):
    """What a booking and its session are, as people read it: one word for each."""

    REQUESTED = "requested"  # held: waiting for the peer to confirm or decline
    BOOKED = "booked"  # confirmed, still to come
    TO_RECORD = "to_record"  # confirmed, ended, not yet recorded
    TOOK_PLACE = "took_place"  # recorded as held
    NO_SHOW = "no_show"  # recorded: the service did not come
    DECLINED = "declined"  # the peer said no to the request
    NOT_ANSWERED = "not_answered"  # the request lapsed unanswered
    CANCELLED = "cancelled"  # either side called it off


def session_state(
    *, status: str, outcome: str | None, declined: bool, end: datetime, now: datetime
) -> SessionState:
    """The state a person reads, from the booking's status and outcome and the time."""
    if status == B.HELD:
        return SessionState.REQUESTED
    if status == B.LAPSED:
        return SessionState.NOT_ANSWERED
    if status == B.CANCELLED:
        return SessionState.DECLINED if declined else SessionState.CANCELLED
    if outcome is not None:
        return SessionState.TOOK_PLACE if outcome == Outcome.HELD else SessionState.NO_SHOW
    return SessionState.BOOKED if end > now else SessionState.TO_RECORD


def was_declined(status_before: str, side: str) -> bool:
    """A request the peer cancelled while it waited for their answer was declined."""
    return status_before == B.HELD and side == Side.PROVIDER
