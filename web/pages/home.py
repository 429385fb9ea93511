"""Each person's home page: what needs their attention, by role."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from domain.time import month_key
from projections.bookings_read import BookingSummary
from service.records import PersonRecord
from web.current import bank, me, read_models
from web.forms.requests import ActionForm

blueprint = Blueprint("home", __name__)

LIVE = ("held", "confirmed")
RECENT = 10
MOST = 500


@blueprint.get("/")
def dashboard() -> ResponseReturnValue:
    person, now, read = me(), bank().clock.now(), read_models()
    service = None
    if person.service_id and current_user.has("service_staff", "peer"):
        booked = read.bookings.for_service(person.service_id, when="all", limit=MOST)
        service = {
            "view": bank().registry.service(person.service_id),
            "requests": read.requests.for_service(person.service_id),
            "engagements": read.requests.engagements(service_id=person.service_id),
            "sessions": _upcoming(booked, now),
            "past": _recent(booked, now),
        }
    providing = commissioned = None
    clashes, to_answer = [], []
    to_record: list[BookingSummary] = []
    peer_month = None
    if current_user.has("expert", "peer"):
        given = read.bookings.for_provider(person.id, when="all", limit=MOST)
        providing = _upcoming(given, now)
        to_record = [b for b in given if b.status == "confirmed" and b.end <= now and not b.outcome]
        to_answer = [b for b in providing if b.status == "held"]
        clashes = read.own_calendars.clashes_of(person.id, now)
    if current_user.has("peer"):
        peer_month = _peer_month(person, now)
    if current_user.has("expert"):
        commissioned = read.requests.engagements(expert_id=person.id)
    attention = None
    if current_user.has("programme_staff"):
        everywhere = request.args.get("region") == "all"  # a regional manager looks wider
        region_id = None if everywhere else person.region_id
        attention = bank().oversight.attention(person.id, region_id=region_id)
    return render_template(
        "home/dashboard.html",
        title="Home",
        person=person,
        service=service,
        providing=providing,
        commissioned=commissioned,
        attention=attention,
        now=now,
        clashes=clashes,
        to_answer=to_answer,
        to_record=to_record,
        peer_month=peer_month,
        action=ActionForm(),
    )


def _peer_month(person: PersonRecord, now: datetime) -> dict[str, int | None]:
    """The peer's cap and this month's minutes: held, booked in all, and left under the cap
    (None without a cap; 0 once it is reached)."""
    held, booked = read_models().bookings.peer_month(person.id, month_key(now))
    cap = person.peer_cap_minutes
    left = None if not cap else max(cap - booked, 0)
    return {"held": held, "booked": booked, "cap": cap, "left": left}


def _upcoming(bookings: list[BookingSummary], now: datetime) -> list[BookingSummary]:
    return [b for b in bookings if b.status in LIVE and b.end > now]


def _recent(bookings: list[BookingSummary], now: datetime) -> list[BookingSummary]:
    """The latest sessions that have ended, newest first: where feedback is given."""
    ended = [b for b in bookings if b.status == "confirmed" and b.end <= now]
    return ended[::-1][:RECENT]
