"""Histories, read-only: every event with who and when, as of any moment."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields, validate

from projections.history_read import KIND_GROUPS
from web.api_v1.framework import Blueprint
from web.api_v1.paging import next_address, page
from web.api_v1.shapes import Instant, PageQuery, page_of
from web.current import actor, bank, needs, read_models

blueprint = Blueprint("history", "Every change, with who made it and when, as of any moment.")
READERS = ("programme_staff", "auditor")


class EventOut(Schema):
    position = fields.Integer(required=True)
    at = Instant(required=True)
    actor_id = fields.UUID()
    actor_name = fields.String()
    kind = fields.String()
    subject_id = fields.UUID(attribute="aggregate_id")
    what = fields.String(attribute="sentence")
    booking_id = fields.UUID(allow_none=True)
    engagement_id = fields.UUID(allow_none=True)
    request_id = fields.UUID(allow_none=True)
    service_id = fields.UUID(allow_none=True)


class AsOfQuery(PageQuery):
    as_of = Instant(load_default=None, metadata={"description": "as it stood at this moment"})


class SubjectQuery(AsOfQuery):
    subject = fields.UUID(
        required=True, metadata={"description": "a service, person, request, engagement..."}
    )


class ProgrammeQuery(Schema):
    kind = fields.String(load_default=None, validate=validate.OneOf(list(KIND_GROUPS)))
    since = Instant(load_default=None)
    until = Instant(load_default=None)
    order = fields.String(load_default="newest", validate=validate.OneOf(["newest", "oldest"]))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))
    after = fields.Integer(
        load_default=None, validate=validate.Range(min=0), metadata={"description": "from `next`"}
    )


def _entries(subject: UUID, query: dict[str, Any]) -> dict[str, Any]:
    found = read_models().history.of(subject, query["as_of"])
    return page(found.entries, lambda e: f"{e.position:020d}", query)


@blueprint.get("/history")
@needs(*READERS)
@blueprint.arguments(SubjectQuery, location="query")
@blueprint.response(200, page_of(EventOut))
@blueprint.refuses(403, 422)
def history(query: dict[str, Any]) -> dict[str, Any]:
    """The history of anything or anyone, oldest first."""
    return _entries(query["subject"], query)


@blueprint.get("/services/<uuid:service_id>/history")
@blueprint.arguments(AsOfQuery, location="query")
@blueprint.response(200, page_of(EventOut))
@blueprint.refuses(403, 404, 422)
def service_history(query: dict[str, Any], service_id: UUID) -> dict[str, Any]:
    """A library service's history: for its own staff, programme staff and auditors."""
    bank().registry.service_for_history(actor(), service_id)
    return _entries(service_id, query)


@blueprint.get("/history/programme")
@needs(*READERS)
@blueprint.arguments(ProgrammeQuery, location="query")
@blueprint.response(200, page_of(EventOut))
@blueprint.refuses(403, 422)
def programme_history(query: dict[str, Any]) -> dict[str, Any]:
    """Every event of the programme, newest or oldest first, by kind and between times."""
    found = read_models().history.programme(
        newest_first=query["order"] == "newest",
        kind=query["kind"],
        since=query["since"],
        until=query["until"],
        after=query["after"],
        limit=query["limit"],
    )
    following = None if found.next_after is None else next_address(found.next_after)
    return {"items": found.entries, "next": following}
