"""Bookings: the service's and the provider's own; book, move, cancel with a reason;
confirm or decline a hold; record a session; give feedback."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask_login import current_user
from marshmallow import Schema, fields, validate

from projections.bookings_read import BookingSummary
from web.api_v1.framework import Blueprint, first
from web.api_v1.paging import by_time, page
from web.api_v1.shapes import Instant, OptionalReasonIn, PageQuery, ReasonIn, page_of
from web.current import actor, bank, me, my_service, needs, read_models

blueprint = Blueprint("bookings", "Sessions booked with experts and peers, and what follows.")
SERVICE_SIDE = ("service_staff", "peer")
PARTIES = ("service_staff", "peer", "expert")
MOST = 500


class SessionRecordOut(Schema):
    notes = fields.String()
    outcomes = fields.String()
    actions = fields.String()
    recorded_at = Instant()


class FeedbackOut(Schema):
    rating = fields.Integer()
    comment = fields.String()


class BookingOut(Schema):
    id = fields.UUID(attribute="booking_id", required=True)
    service_id = fields.UUID(required=True)
    service_name = fields.String()
    provider_id = fields.UUID(required=True)
    provider_name = fields.String()
    theme_id = fields.UUID()
    engagement_id = fields.UUID(allow_none=True)
    window_id = fields.UUID()
    cover = fields.String()
    start = Instant(required=True)
    end = Instant(required=True)
    minutes = fields.Integer()
    mode = fields.String()
    location = fields.String()
    status = fields.String(
        required=True, metadata={"description": "held, confirmed, cancelled or lapsed"}
    )
    hold_until = Instant(allow_none=True)
    reason = fields.String()
    outcome = fields.String(allow_none=True, metadata={"description": "held or no_show"})
    rating = fields.Integer(allow_none=True)
    record = fields.Nested(SessionRecordOut, allow_none=True)
    feedback = fields.Nested(FeedbackOut, allow_none=True)


class BookingsQuery(PageQuery):
    when = fields.String(
        load_default="upcoming", validate=validate.OneOf(["upcoming", "past", "all"])
    )


class BookIn(Schema):
    provider_id = fields.UUID(required=True)
    window_id = fields.UUID(required=True)
    start = Instant(required=True)
    engagement_id = fields.UUID(
        load_default=None, metadata={"description": "with an expert: the engagement it draws on"}
    )
    theme_id = fields.UUID(load_default=None)
    cover = fields.String(load_default="", metadata={"description": "what the session is for"})


class MoveIn(Schema):
    window_id = fields.UUID(required=True)
    start = Instant(required=True)
    reason = fields.String(load_default="")


class RecordIn(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(["held", "no_show"]))
    notes = fields.String(load_default="")
    outcomes = fields.String(load_default="")
    actions = fields.String(load_default="")


class FeedbackIn(Schema):
    rating = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    comment = fields.String(load_default="")


def _booking(booking_id: UUID) -> BookingSummary:
    """The booking, to those who may see it (403 for anyone else)."""
    return bank().bookings.booking(actor(), booking_id)


@blueprint.get("/bookings")
@needs(*PARTIES)
@blueprint.arguments(BookingsQuery, location="query")
@blueprint.response(200, page_of(BookingOut))
@blueprint.refuses(403)
def bookings(query: dict[str, Any]) -> dict[str, Any]:
    """The sessions of the person's library service, and those they give as a provider."""
    found: dict[UUID, BookingSummary] = {}
    person = me()
    if person.service_id and current_user.has(*SERVICE_SIDE):
        for b in read_models().bookings.for_service(
            person.service_id, when=query["when"], limit=MOST
        ):
            found[b.booking_id] = b
    if current_user.has("expert", "peer"):
        for b in read_models().bookings.for_provider(person.id, when=query["when"], limit=MOST):
            found[b.booking_id] = b
    return page(found.values(), lambda b: by_time(b.start, b.booking_id), query)


@blueprint.post("/bookings")
@needs(*SERVICE_SIDE)
@blueprint.arguments(BookIn)
@blueprint.response(201, BookingOut)
@blueprint.writes(403, 404, 409, 422)
def book(body: dict[str, Any]) -> BookingSummary:
    """Book a free slot for the person's service: with an engagement's expert, or a peer."""
    return _booking(bank().bookings.book(actor(), service_id=my_service(), **body))


@blueprint.get("/bookings/<uuid:booking_id>")
@blueprint.response(200, BookingOut)
@blueprint.refuses(403, 404)
def booking(booking_id: UUID) -> BookingSummary:
    return _booking(booking_id)


@blueprint.post("/bookings/<uuid:booking_id>/move")
@needs(*PARTIES)
@first(_booking)
@blueprint.arguments(MoveIn)
@blueprint.response(200, BookingOut)
@blueprint.writes(403, 404, 409, 422)
def move(body: dict[str, Any], booking_id: UUID) -> BookingSummary:
    """Move a confirmed session to another free time of the same provider."""
    bank().bookings.reschedule(actor(), booking_id, **body)
    return _booking(booking_id)


@blueprint.post("/bookings/<uuid:booking_id>/cancel")
@needs(*PARTIES)
@first(_booking)
@blueprint.arguments(ReasonIn)
@blueprint.response(200, BookingOut)
@blueprint.writes(403, 404, 409, 422)
def cancel(body: dict[str, Any], booking_id: UUID) -> BookingSummary:
    bank().bookings.cancel(actor(), booking_id, **body)
    return _booking(booking_id)


@blueprint.post("/bookings/<uuid:booking_id>/confirm")
@needs("peer")
@blueprint.response(200, BookingOut)
@blueprint.writes(403, 404, 409)
def confirm(booking_id: UUID) -> BookingSummary:
    """A peer confirms a hold on their time."""
    bank().bookings.confirm_hold(actor(), booking_id)
    return _booking(booking_id)


@blueprint.post("/bookings/<uuid:booking_id>/decline")
@needs("peer")
@first(_booking)
@blueprint.arguments(OptionalReasonIn)
@blueprint.response(200, BookingOut)
@blueprint.writes(403, 404, 409, 422)
def decline(body: dict[str, Any], booking_id: UUID) -> BookingSummary:
    """A peer declines a hold on their time; the time is free again."""
    bank().bookings.decline_hold(actor(), booking_id, **body)
    return _booking(booking_id)


@blueprint.post("/bookings/<uuid:booking_id>/record")
@needs("expert", "peer")
@first(_booking)
@blueprint.arguments(RecordIn)
@blueprint.response(200, BookingOut)
@blueprint.writes(403, 404, 409, 422)
def record(body: dict[str, Any], booking_id: UUID) -> BookingSummary:
    """The provider records the session as held or no-show, with notes, outcomes and actions."""
    bank().sessions.record(actor(), booking_id, **body)
    return _booking(booking_id)


@blueprint.post("/bookings/<uuid:booking_id>/feedback")
@needs(*SERVICE_SIDE)
@first(_booking)
@blueprint.arguments(FeedbackIn)
@blueprint.response(200, BookingOut)
@blueprint.writes(403, 404, 409, 422)
def feedback(body: dict[str, Any], booking_id: UUID) -> BookingSummary:
    """The service rates a held session (1 to 5) with a comment."""
    bank().sessions.give_feedback(actor(), booking_id, **body)
    return _booking(booking_id)
