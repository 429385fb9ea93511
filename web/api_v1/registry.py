"""The programme's reference data: themes, regions and library services. Everyone reads
them; programme staff add them and retire themes."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from marshmallow import Schema, fields

from domain.errors import NotFound
from projections.registry_read import RegionEntry, ServiceEntry, ThemeEntry
from web.api_v1.framework import Blueprint
from web.api_v1.shapes import CreatedOut
from web.current import actor, bank, needs, read_models

blueprint = Blueprint("registry", "Themes, regions and library services.")
STAFF = "programme_staff"
T = TypeVar("T")


class ThemeOut(Schema):
    id = fields.UUID(attribute="theme_id", required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    retired = fields.Boolean(required=True)


class RegionOut(Schema):
    id = fields.UUID(attribute="region_id", required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)


class ServiceOut(Schema):
    id = fields.UUID(attribute="service_id", required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    region_id = fields.UUID(required=True)
    region_name = fields.String()


class ThemesQuery(Schema):
    include_retired = fields.Boolean(load_default=False)


class ServicesQuery(Schema):
    region_id = fields.UUID(load_default=None)


class NamedIn(Schema):
    code = fields.String(required=True, metadata={"example": "west-midlands"})
    name = fields.String(required=True)


class ServiceIn(NamedIn):
    region_id = fields.UUID(required=True)


def _theme(theme_id: UUID) -> ThemeEntry:
    bank().registry.theme(theme_id)  # 404 or 422 (not a theme), saying which
    themes = read_models().registry.themes(include_retired=True)
    return _listed([t for t in themes if t.theme_id == theme_id], theme_id)


def _listed(found: list[T], item_id: UUID) -> T:
    if not found:  # stored, and not in the views yet
        raise NotFound(f"there is nothing with id {item_id} yet: try again in a moment")
    return found[0]


@blueprint.get("/themes")
@blueprint.arguments(ThemesQuery, location="query")
@blueprint.response(200, ThemeOut(many=True))
@blueprint.refuses(422)
def themes(query: dict[str, Any]) -> list[ThemeEntry]:
    return read_models().registry.themes(include_retired=query["include_retired"])


@blueprint.post("/themes")
@needs(STAFF)
@blueprint.arguments(NamedIn)
@blueprint.response(201, CreatedOut)
@blueprint.writes(403, 409, 422)
def add_theme(body: dict[str, Any]) -> dict[str, UUID]:
    return {"id": bank().registry.add_theme(actor(), **body)}


@blueprint.post("/themes/<uuid:theme_id>/retire")
@needs(STAFF)
@blueprint.response(200, ThemeOut)
@blueprint.writes(403, 404, 409)
def retire_theme(theme_id: UUID) -> ThemeEntry:
    """Offered for nothing new; kept for what used it."""
    bank().registry.retire_theme(actor(), theme_id)
    read_models().sync()
    return _theme(theme_id)


@blueprint.get("/regions")
@blueprint.response(200, RegionOut(many=True))
@blueprint.refuses()
def regions() -> list[RegionEntry]:
    return read_models().registry.regions()


@blueprint.post("/regions")
@needs(STAFF)
@blueprint.arguments(NamedIn)
@blueprint.response(201, CreatedOut)
@blueprint.writes(403, 409, 422)
def add_region(body: dict[str, Any]) -> dict[str, UUID]:
    return {"id": bank().registry.add_region(actor(), **body)}


@blueprint.get("/services")
@blueprint.arguments(ServicesQuery, location="query")
@blueprint.response(200, ServiceOut(many=True))
@blueprint.refuses(422)
def services(query: dict[str, Any]) -> list[ServiceEntry]:
    return read_models().registry.services(region_id=query["region_id"])


@blueprint.get("/services/<uuid:service_id>")
@blueprint.response(200, ServiceOut)
@blueprint.refuses(404, 422)
def service(service_id: UUID) -> ServiceEntry:
    bank().registry.service(service_id)  # 404 or 422 (not a service), saying which
    services = read_models().registry.services()
    return _listed([s for s in services if s.service_id == service_id], service_id)


@blueprint.post("/services")
@needs(STAFF)
@blueprint.arguments(ServiceIn)
@blueprint.response(201, CreatedOut)
@blueprint.writes(403, 404, 409, 422)
def add_service(body: dict[str, Any]) -> dict[str, UUID]:
    return {"id": bank().registry.register_service(actor(), **body)}
