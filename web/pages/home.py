"""Each person's home page: what needs their attention, by role."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from service.views import BookingView
from web.current import bank, lists, me

blueprint = Blueprint("home", __name__)

LIVE = ("held", "confirmed")
RECENT = 10


@blueprint.get("/")
def dashboard() -> ResponseReturnValue:
    person, now = me(), bank().clock.now()
    service = None
    if person.service_id and current_user.has("service_staff", "peer"):
        booked = lists().bookings(service_id=person.service_id)
        service = {
            "view": bank().registry.service(person.service_id),
            "requests": lists().requests(service_id=person.service_id),
            "engagements": lists().engagements(service_id=person.service_id),
            "sessions": _upcoming(booked, now),
            "past": _recent(booked, now),
        }
    providing = commissioned = None
    if current_user.has("expert", "peer"):
        providing = _upcoming(lists().bookings(provider_id=person.id), now)
    if current_user.has("expert"):
        commissioned = lists().engagements(expert_id=person.id)
    waiting = None
    if current_user.has("programme_staff"):
        waiting = lists().requests(states=("submitted", "shortlisted", "approved"))
    return render_template(
        "home/dashboard.html",
        title="Home",
        person=person,
        service=service,
        providing=providing,
        commissioned=commissioned,
        waiting=waiting,
    )


def _upcoming(bookings: list[BookingView], now: datetime) -> list[BookingView]:
    return [b for b in bookings if b.status in LIVE and b.end > now]


def _recent(bookings: list[BookingView], now: datetime) -> list[BookingView]:
    """The latest sessions that have ended, newest first: where feedback is given."""
    ended = [b for b in bookings if b.status == "confirmed" and b.end <= now]
    return ended[::-1][:RECENT]
