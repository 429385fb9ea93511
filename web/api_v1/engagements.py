"""Engagements: an expert commissioned for a service, with an allowance of hours, the hours
booked and used. Programme staff change the allowance, complete or close one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask_login import current_user
from marshmallow import Schema, fields, validate

from projections.bookings_read import BookingSummary
from projections.requests_read import EngagementSummary
from web.api_v1.bookings import BookingOut
from web.api_v1.framework import Blueprint
from web.api_v1.paging import by_time, page
from web.api_v1.requests import Hours
from web.api_v1.shapes import PageQuery, ReasonIn, page_of
from web.current import actor, bank, me, my_service, needs, read_models
from web.schemas import known_day

blueprint = Blueprint("engagements", "Experts commissioned for services, with their hours.")
STAFF = "programme_staff"
READERS = ("programme_staff", "auditor")
STATES = ["active", "completed", "closed"]


class EngagementOut(Schema):
    id = fields.UUID(attribute="engagement_id", required=True)
    request_id = fields.UUID(required=True)
    service_id = fields.UUID(required=True)
    service_name = fields.String()
    expert_id = fields.UUID(required=True)
    expert_name = fields.String()
    theme_id = fields.UUID()
    theme_name = fields.String()
    state = fields.String(required=True, metadata={"enum": STATES})
    allowance_minutes = fields.Integer(required=True)
    booked_minutes = fields.Integer(required=True)
    used_minutes = fields.Integer(required=True)
    minutes_left = fields.Integer(required=True, metadata={"description": "not yet booked"})
    starts_on = fields.Date()
    ends_on = fields.Date()


class EngagementsQuery(PageQuery):
    state = fields.String(load_default=None, validate=validate.OneOf(STATES))


class AllowanceIn(Schema):
    allowance_hours = Hours(required=True)
    ends_on = fields.Date(required=True, validate=known_day)


@blueprint.get("/engagements")
@needs(*READERS, "service_staff", "peer", "expert")
@blueprint.arguments(EngagementsQuery, location="query")
@blueprint.response(200, page_of(EngagementOut))
@blueprint.refuses(403, 422)
def engagements(query: dict[str, Any]) -> dict[str, Any]:
    """Oversight: every engagement; an expert: theirs; a service: its own."""
    state, found = query["state"], []
    if current_user.has(*READERS):
        found = read_models().requests.engagements(state=state)
    else:
        if current_user.has("expert"):
            found += read_models().requests.engagements(expert_id=me().id, state=state)
        if current_user.has("service_staff", "peer"):
            found += read_models().requests.engagements(service_id=my_service(), state=state)
    return page(found, lambda e: by_time(None, e.engagement_id), query)


@blueprint.get("/engagements/<uuid:engagement_id>")
@blueprint.response(200, EngagementOut)
@blueprint.refuses(403, 404)
def engagement(engagement_id: UUID) -> EngagementSummary:
    return bank().requests.engagement(actor(), engagement_id)


@blueprint.get("/engagements/<uuid:engagement_id>/bookings")
@blueprint.response(200, BookingOut(many=True))
@blueprint.refuses(403, 404)
def engagement_bookings(engagement_id: UUID) -> list[BookingSummary]:
    """Every session drawn on the engagement, by start."""
    bank().requests.engagement(actor(), engagement_id)  # who may see it
    return read_models().bookings.for_engagement(engagement_id)


@blueprint.post("/engagements/<uuid:engagement_id>/allowance")
@needs(STAFF)
@blueprint.arguments(AllowanceIn)
@blueprint.response(200, EngagementOut)
@blueprint.writes(403, 404, 409, 422)
def allowance(body: dict[str, Any], engagement_id: UUID) -> EngagementSummary:
    """A new allowance of hours (never below those booked) and end date."""
    bank().requests.change_allowance(actor(), engagement_id, **body)
    return bank().requests.engagement(actor(), engagement_id)


@blueprint.post("/engagements/<uuid:engagement_id>/complete")
@needs(STAFF)
@blueprint.response(200, EngagementOut)
@blueprint.writes(403, 404, 409)
def complete(engagement_id: UUID) -> EngagementSummary:
    """Mark it complete: no more bookings on it; the hours not booked are left unused."""
    bank().requests.complete_engagement(actor(), engagement_id)
    return bank().requests.engagement(actor(), engagement_id)


@blueprint.post("/engagements/<uuid:engagement_id>/close")
@needs(STAFF)
@blueprint.arguments(ReasonIn)
@blueprint.response(200, EngagementOut)
@blueprint.writes(403, 404, 409, 422)
def close(body: dict[str, Any], engagement_id: UUID) -> EngagementSummary:
    """Close it before its hours are used, with a reason."""
    bank().requests.close_engagement(actor(), engagement_id, **body)
    return bank().requests.engagement(actor(), engagement_id)
