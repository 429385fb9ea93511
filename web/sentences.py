"""A sentence a person can read for each event of a history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEvent

from domain.hours import describe_minutes
from web.display import label, london_slot, short_date

Namer = Callable[[UUID], str]


def describe(event: DomainEvent, subject: Any, name: Namer) -> str:
    """``Worcestershire's request on Evaluation was approved`` and the like."""
    kind = type(event).__qualname__
    actor = name(event.actor) or "Someone"  # type: ignore[attr-defined]
    wording = SENTENCES.get(kind)
    if wording is None:
        return f"{actor}: {label(kind.split('.')[-1]).lower()} ({kind.split('.')[0]})"
    said = wording(actor, event, subject, name)
    return said[:1].upper() + said[1:]


def _request(subject: Any, name: Namer) -> str:
    return f"{name(subject.service_id)}'s request on {name(subject.theme_id)}"


def _session(subject: Any, name: Namer) -> str:
    when = london_slot(subject.start, subject.end)
    return f"the session of {name(subject.service_id)} with {name(subject.provider_id)} on {when}"


def _reason(event: Any) -> str:
    return f": {event.reason}" if getattr(event, "reason", "") else ""


Wording = Callable[[str, Any, Any, Namer], str]
SENTENCES: dict[str, Wording] = {
    "Region.Registered": lambda a, e, s, n: f"{a} added the region {e.name}",
    "LibraryService.Registered": lambda a, e, s, n: f"{a} registered {e.name}",
    "Theme.Added": lambda a, e, s, n: f"{a} added the theme {e.name}",
    "Person.Invited": lambda a, e, s, n: f"{a} invited {n(e.originator_id)}",
    "Person.Activated": lambda a, e, s, n: f"{n(e.originator_id)} set up their account",
    "Person.Deactivated": lambda a, e, s, n: f"{a} deactivated {n(e.originator_id)}{_reason(e)}",
    "ExpressionOfInterest.Submitted": lambda a, e, s, n: (
        f"{a} submitted {_request(s, n)}, hoping for {e.hours_hoped} hours"
    ),
    "ExpressionOfInterest.Shortlisted": lambda a, e, s, n: f"{a} shortlisted {_request(s, n)}",
    "ExpressionOfInterest.Approved": lambda a, e, s, n: f"{a} approved {_request(s, n)}",
    "ExpressionOfInterest.Declined": lambda a, e, s, n: (
        f"{a} declined {_request(s, n)}{_reason(e)}"
    ),
    "ExpressionOfInterest.Withdrawn": lambda a, e, s, n: (
        f"{a} withdrew {_request(s, n)}{_reason(e)}"
    ),
    "ExpressionOfInterest.Matched": lambda a, e, s, n: (
        f"{a} matched {_request(s, n)} with {n(e.expert_id)}"
    ),
    "Engagement.Commissioned": lambda a, e, s, n: (
        f"{a} commissioned {n(e.expert_id)} for {n(e.service_id)}: "
        f"{describe_minutes(e.allowance_minutes)} to use by {short_date(e.ends_on)}"
    ),
    "Engagement.AllowanceChanged": lambda a, e, s, n: (
        f"{a} changed the allowance of {n(s.service_id)}'s engagement with {n(s.expert_id)} "
        f"to {describe_minutes(e.allowance_minutes)}, to use by {short_date(e.ends_on)}"
    ),
    "Engagement.HoursReserved": lambda a, e, s, n: (
        f"{describe_minutes(e.minutes)} of {n(s.service_id)}'s engagement were booked"
    ),
    "Engagement.HoursReleased": lambda a, e, s, n: (
        f"Hours of {n(s.service_id)}'s engagement were given back"
    ),
    "Engagement.HoursUsed": lambda a, e, s, n: (
        f"{describe_minutes(e.minutes)} of {n(s.service_id)}'s engagement were used"
    ),
    "Engagement.Completed": lambda a, e, s, n: f"{a} completed the engagement",
    "Engagement.Closed": lambda a, e, s, n: f"{a} closed the engagement{_reason(e)}",
    "AvailabilityWindow.Published": lambda a, e, s, n: f"{a} published availability",
    "AvailabilityWindow.Changed": lambda a, e, s, n: f"{a} changed availability",
    "AvailabilityWindow.Withdrawn": lambda a, e, s, n: f"{a} withdrew availability",
    "TimeOff.Added": lambda a, e, s, n: (
        f"{a} took time off from {short_date(e.first_day)} to {short_date(e.last_day)}"
    ),
    "Booking.Booked": lambda a, e, s, n: (
        f"{a} booked a session with {n(e.provider_id)} on {london_slot(e.start, e.end)}"
    ),
    "Booking.HoldConfirmed": lambda a, e, s, n: f"{a} confirmed {_session(s, n)}",
    "Booking.Rescheduled": lambda a, e, s, n: (
        f"{a} moved a session to {london_slot(e.start, e.end)}{_reason(e)}"
    ),
    "Booking.Cancelled": lambda a, e, s, n: f"{a} cancelled {_session(s, n)}{_reason(e)}",
    "Booking.Lapsed": lambda a, e, s, n: f"The unconfirmed hold on {_session(s, n)} lapsed",
    "Booking.SessionRecorded": lambda a, e, s, n: (
        f"{a} recorded {_session(s, n)} as {label(e.outcome).lower()}"
    ),
    "Booking.FeedbackGiven": lambda a, e, s, n: f"{a} rated {_session(s, n)} {e.rating} out of 5",
    "Resource.Published": lambda a, e, s, n: f"{a} published the resource {e.title}",
}
