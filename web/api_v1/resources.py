"""The resource library: guides, templates and toolkits for all members; experts, peers and
programme staff publish, their publisher (or programme staff) revises and withdraws."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields

from domain.errors import NotFound
from projections.resources import ResourceEntry
from web.api_v1.framework import Blueprint, first
from web.api_v1.paging import by_time, page
from web.api_v1.shapes import CreatedOut, Instant, PageQuery, ReasonIn, page_of
from web.current import actor, bank, needs, read_models

blueprint = Blueprint("resources", "The resource library.")
PUBLISHERS = ("expert", "peer", "programme_staff")


class ResourceOut(Schema):
    id = fields.UUID(attribute="resource_id", required=True)
    title = fields.String(required=True)
    summary = fields.String()
    link = fields.String()
    licence = fields.String()
    theme_id = fields.UUID()
    theme_name = fields.String()
    from_engagement = fields.Function(
        lambda r: r.engagement_id is not None,
        metadata={"description": "it came from an expert engagement (never saying whose)"},
    )
    published_by = fields.UUID()
    published_by_name = fields.String()
    published_at = Instant()
    changed_at = Instant()


class ResourcesQuery(PageQuery):
    theme_id = fields.UUID(load_default=None)


class ResourceIn(Schema):
    title = fields.String(required=True)
    summary = fields.String(required=True)
    theme_id = fields.UUID(required=True)
    link = fields.String(required=True, metadata={"example": "https://example.org/guide.pdf"})
    licence = fields.String(required=True, metadata={"example": "CC BY 4.0"})


class PublishIn(ResourceIn):
    engagement_id = fields.UUID(
        load_default=None, metadata={"description": "an expert's own engagement it came from"}
    )


def _published(resource_id: UUID) -> ResourceEntry:
    bank().sessions.resource(resource_id)  # 404 for no such resource
    read_models().sync()
    found = [r for r in read_models().resources.published() if r.resource_id == resource_id]
    if not found:
        raise NotFound(f"the resource {resource_id} is withdrawn", field="resource_id")
    return found[0]


def _changeable(resource_id: UUID) -> None:
    """Only its publisher and programme staff change a resource."""
    bank().sessions.resource_to_change(actor(), resource_id)


@blueprint.get("/resources")
@blueprint.arguments(ResourcesQuery, location="query")
@blueprint.response(200, page_of(ResourceOut))
@blueprint.refuses(422)
def resources(query: dict[str, Any]) -> dict[str, Any]:
    found = read_models().resources.published(query["theme_id"])
    return page(found, lambda r: by_time(r.published_at, r.resource_id), query)


@blueprint.get("/resources/<uuid:resource_id>")
@blueprint.response(200, ResourceOut)
@blueprint.refuses(404, 422)
def resource(resource_id: UUID) -> ResourceEntry:
    return _published(resource_id)


@blueprint.post("/resources")
@needs(*PUBLISHERS)
@blueprint.arguments(PublishIn)
@blueprint.response(201, CreatedOut)
@blueprint.writes(403, 404, 409, 422)
def publish(body: dict[str, Any]) -> dict[str, UUID]:
    """Publish for all members."""
    return {"id": bank().sessions.publish_resource(actor(), **body)}


@blueprint.post("/resources/<uuid:resource_id>/revise")
@needs(*PUBLISHERS)
@first(_changeable)
@blueprint.arguments(ResourceIn)
@blueprint.response(200, ResourceOut)
@blueprint.writes(403, 404, 409, 422)
def revise(body: dict[str, Any], resource_id: UUID) -> ResourceEntry:
    bank().sessions.revise_resource(actor(), resource_id, **body)
    return _published(resource_id)


@blueprint.post("/resources/<uuid:resource_id>/withdraw")
@needs(*PUBLISHERS)
@first(_changeable)
@blueprint.arguments(ReasonIn)
@blueprint.response(204)
@blueprint.writes(403, 404, 409, 422)
def withdraw(body: dict[str, Any], resource_id: UUID) -> None:
    """Withdraw from the library, with a reason."""
    bank().sessions.withdraw_resource(actor(), resource_id, **body)
