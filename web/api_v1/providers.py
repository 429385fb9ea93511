"""Experts and peers, with their themes: the people a service can book."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields, validate

from projections.people_read import PersonEntry
from service.records import PersonRecord
from web.api_v1.framework import Blueprint
from web.api_v1.paging import page
from web.api_v1.shapes import PageQuery, page_of
from web.current import actor, bank, read_models

blueprint = Blueprint("providers", "Experts and peers, with the themes they offer.")


class ProviderOut(Schema):
    id = fields.Function(lambda p: str(getattr(p, "person_id", None) or p.id), required=True)
    name = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    service_id = fields.UUID(allow_none=True, metadata={"description": "a peer's service"})
    theme_ids = fields.List(fields.UUID(), required=True)


class ProvidersQuery(PageQuery):
    kind = fields.String(load_default=None, validate=validate.OneOf(["expert", "peer"]))
    theme_id = fields.UUID(load_default=None)


@blueprint.get("/providers")
@blueprint.arguments(ProvidersQuery, location="query")
@blueprint.response(200, page_of(ProviderOut))
@blueprint.refuses(422)
def providers(query: dict[str, Any]) -> dict[str, Any]:
    """Active experts and peers, by name."""
    kinds = [query["kind"]] if query["kind"] else ["expert", "peer"]
    found: dict[UUID, PersonEntry] = {}
    for kind in kinds:
        for person in read_models().people.people(role=kind, status="active"):
            if query["theme_id"] is None or query["theme_id"] in person.theme_ids:
                found[person.person_id] = person
    return page(found.values(), lambda p: f"{p.name.casefold()}|{p.person_id.hex}", query)


@blueprint.get("/providers/<uuid:provider_id>")
@blueprint.response(200, ProviderOut)
@blueprint.refuses(404)
def provider(provider_id: UUID) -> PersonRecord:
    return bank().people.provider(actor(), provider_id)
