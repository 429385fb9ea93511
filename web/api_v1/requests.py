"""Requests for expert help (expressions of interest): a service submits and withdraws its
own; programme staff shortlist, approve, decline and match an expert."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask_login import current_user
from marshmallow import Schema, fields, validate

from projections.requests_read import ANY_STATE, RequestSummary
from web.api_v1.framework import Blueprint
from web.api_v1.paging import by_time, page
from web.api_v1.shapes import Instant, OptionalReasonIn, PageQuery, ReasonIn, page_of
from web.current import actor, bank, my_service, needs, read_models
from web.schemas import known_day

blueprint = Blueprint("requests", "Requests for expert help, from submission to a match.")
STAFF = "programme_staff"
SERVICE_SIDE = ("service_staff", "peer")
MOST = 500


class Hours(fields.Float):
    """Hours, whole or half, as a JSON number; the service checks which."""

    default_error_messages = {"invalid": "must be a number of hours, like 8 or 7.5"}  # noqa: RUF012


class RequestOut(Schema):
    id = fields.UUID(attribute="request_id", required=True)
    service_id = fields.UUID(required=True)
    service_name = fields.String()
    region_id = fields.UUID(allow_none=True)
    theme_id = fields.UUID(required=True)
    theme_name = fields.String()
    state = fields.String(required=True, metadata={"enum": list(ANY_STATE)})
    need = fields.String()
    outcomes = fields.String()
    hours_hoped = fields.Float()
    preferred_from = fields.Date(allow_none=True)
    preferred_to = fields.Date(allow_none=True)
    reason = fields.String()
    engagement_id = fields.UUID(allow_none=True)
    expert_id = fields.UUID(allow_none=True)
    submitted_at = Instant()
    changed_at = Instant()


class RequestsQuery(PageQuery):
    state = fields.String(load_default=None, validate=validate.OneOf(list(ANY_STATE)))
    theme_id = fields.UUID(load_default=None)
    region_id = fields.UUID(load_default=None)


class RequestIn(Schema):
    theme_id = fields.UUID(required=True)
    need = fields.String(required=True)
    outcomes = fields.String(required=True)
    hours_hoped = Hours(required=True)
    preferred_from = fields.Date(load_default=None, validate=known_day)
    preferred_to = fields.Date(load_default=None, validate=known_day)


class MatchIn(Schema):
    expert_id = fields.UUID(required=True)
    allowance_hours = Hours(required=True)
    ends_on = fields.Date(required=True, validate=known_day)
    starts_on = fields.Date(load_default=None, validate=known_day)


class SuggestionOut(Schema):
    expert_id = fields.Function(lambda s: str(s.expert.person_id))
    name = fields.Function(lambda s: s.expert.name)
    fits_theme = fields.Boolean()
    free_minutes = fields.Integer()
    active_engagements = fields.Integer()
    reasons = fields.List(fields.String())


def _request(request_id: UUID) -> RequestSummary:
    return bank().requests.request(actor(), request_id)


@blueprint.get("/requests")
@needs(STAFF, *SERVICE_SIDE)
@blueprint.arguments(RequestsQuery, location="query")
@blueprint.response(200, page_of(RequestOut))
@blueprint.refuses(403, 422)
def requests(query: dict[str, Any]) -> dict[str, Any]:
    """Programme staff: every request (the queue's filters); a service: its own."""
    if current_user.has(STAFF):
        found = read_models().requests.queue(
            states=ANY_STATE, theme_id=query["theme_id"], region_id=query["region_id"], limit=MOST
        )
    else:
        found = read_models().requests.for_service(my_service())
    kept = [
        r
        for r in found
        if (query["state"] is None or r.state == query["state"])
        and (query["theme_id"] is None or r.theme_id == query["theme_id"])
        and (query["region_id"] is None or r.region_id == query["region_id"])
    ]
    return page(kept, lambda r: by_time(r.submitted_at, r.request_id), query)


@blueprint.post("/requests")
@needs(*SERVICE_SIDE)
@blueprint.arguments(RequestIn)
@blueprint.response(201, RequestOut)
@blueprint.writes(403, 409, 422)
def submit(body: dict[str, Any]) -> RequestSummary:
    """Ask for expert help for the person's service."""
    return _request(bank().requests.submit(actor(), service_id=my_service(), **body))


@blueprint.get("/requests/<uuid:request_id>")
@blueprint.response(200, RequestOut)
@blueprint.refuses(403, 404)
def request_detail(request_id: UUID) -> RequestSummary:
    return _request(request_id)


@blueprint.post("/requests/<uuid:request_id>/withdraw")
@needs(*SERVICE_SIDE)
@blueprint.arguments(OptionalReasonIn)
@blueprint.response(200, RequestOut)
@blueprint.writes(403, 404, 409, 422)
def withdraw(body: dict[str, Any], request_id: UUID) -> RequestSummary:
    bank().requests.withdraw(actor(), request_id, **body)
    return _request(request_id)


@blueprint.post("/requests/<uuid:request_id>/shortlist")
@needs(STAFF)
@blueprint.response(200, RequestOut)
@blueprint.writes(403, 404, 409)
def shortlist(request_id: UUID) -> RequestSummary:
    bank().requests.shortlist(actor(), request_id)
    return _request(request_id)


@blueprint.post("/requests/<uuid:request_id>/approve")
@needs(STAFF)
@blueprint.response(200, RequestOut)
@blueprint.writes(403, 404, 409)
def approve(request_id: UUID) -> RequestSummary:
    """Approving commits the programme to commissioning an expert for it."""
    bank().requests.approve(actor(), request_id)
    return _request(request_id)


@blueprint.post("/requests/<uuid:request_id>/decline")
@needs(STAFF)
@blueprint.arguments(ReasonIn)
@blueprint.response(200, RequestOut)
@blueprint.writes(403, 404, 409, 422)
def decline(body: dict[str, Any], request_id: UUID) -> RequestSummary:
    """Decline with a reason the service reads."""
    bank().requests.decline(actor(), request_id, **body)
    return _request(request_id)


@blueprint.get("/requests/<uuid:request_id>/suggestions")
@needs(STAFF)
@blueprint.response(200, SuggestionOut(many=True))
@blueprint.refuses(403, 404)
def suggestions(request_id: UUID) -> list[Any]:
    """Experts to match, best first, each with its reasons in hours."""
    return bank().matching.suggest(actor(), request_id)


@blueprint.post("/requests/<uuid:request_id>/match")
@needs(STAFF)
@blueprint.arguments(MatchIn)
@blueprint.response(200, RequestOut)
@blueprint.writes(403, 404, 409, 422)
def match(body: dict[str, Any], request_id: UUID) -> RequestSummary:
    """Commission an expert with an allowance of hours until an end date."""
    bank().requests.match(actor(), request_id, **body)
    return _request(request_id)
