"""The one word, colour and explanation of every state of a booking and its session, the
same on every page (``Requested`` is never ``Booked``, ``Took place`` never ``Held``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from flask import Flask

from domain.bookings import SessionState, session_state
from web.current import bank

S = SessionState
WORDS: dict[SessionState, tuple[str, str, str]] = {
    S.REQUESTED: (
        "Requested",
        "yellow",
        "Waiting for the peer to confirm or decline; the time is kept until they answer.",
    ),
    S.BOOKED: ("Booked", "green", "Confirmed by both sides: it takes place at the time shown."),
    S.TO_RECORD: (
        "To record",
        "light-blue",
        "Its time has passed: the expert or peer has still to record how it went.",
    ),
    S.TOOK_PLACE: ("Took place", "blue", "Recorded by the expert or peer as taking place."),
    S.NO_SHOW: ("No-show", "orange", "Recorded by the expert or peer: the service did not come."),
    S.DECLINED: ("Declined", "red", "The peer could not take it; the time is free again."),
    S.NOT_ANSWERED: (
        "Not answered",
        "grey",
        "The peer did not answer in time, so the request lapsed; the time is free again.",
    ),
    S.CANCELLED: ("Cancelled", "red", "Called off by one side; the time is free again."),
}


class Session(Protocol):
    status: str
    outcome: str | None
    declined: bool
    end: datetime


def state_of(booking: Session, at: datetime | None = None) -> SessionState:
    """The booking's state now, or as it stood ``at`` (a history's moment)."""
    return session_state(
        status=booking.status,
        outcome=booking.outcome,
        declined=booking.declined,
        end=booking.end,
        now=at or bank().clock.now(),
    )


def state_tag(booking: Session, at: datetime | None = None) -> dict[str, Any]:
    word, colour, _ = WORDS[state_of(booking, at)]
    return {"text": word, "classes": f"govuk-tag--{colour}"}


def state_word(booking: Session, at: datetime | None = None) -> str:
    return WORDS[state_of(booking, at)][0]


def state_meanings(bookings: list[Session]) -> list[tuple[str, str]]:
    """Each state these bookings are in, once, with what it means, in the table's order."""
    found = {state_of(b) for b in bookings}
    return [(word, meaning) for state, (word, _, meaning) in WORDS.items() if state in found]


def state_meaning(booking: Session) -> str:
    return WORDS[state_of(booking)][2]


def register(app: Flask) -> None:
    for helper in (state_tag, state_word, state_meanings, state_meaning):
        app.add_template_global(helper)
