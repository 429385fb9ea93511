"""What is really in the way of a time that cannot be booked, in words for the service
asking: its own earlier session, the gap the provider keeps between sessions, or another
service's booking (never naming that service or its session)."""

from __future__ import annotations

from domain.bookings import Booking
from domain.errors import SlotTaken
from service.calendars.details import describe_instant
from service.context import Context


def in_the_way(ctx: Context, taken: SlotTaken, booking: Booking) -> str:
    """The refusal's message for ``booking``, from the diary's ``taken``."""
    other = ctx.peek(Booking, taken.clash) if taken.clash is not None else None
    if other is None:
        return taken.message
    provider = "expert" if booking.engagement_id is not None else "peer"
    if other.service_id == booking.service_id:
        return (
            f"your service already has a session with this {provider} then: "
            f"the one on {describe_instant(other.start)}"
        )
    if taken.in_gap:
        gap = max(booking.buffer_minutes, other.buffer_minutes)
        return (
            f"this {provider} keeps {gap} minutes free between sessions, and another "
            "session is booked too close to this time"
        )
    return "another library service has booked this time"
