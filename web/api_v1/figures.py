"""Programme and regional figures, for programme staff and auditors: the dashboards' own
numbers (hours in minutes, so that totals agree with their rows)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields, validate

from projections.stats import ProgrammeStats
from service.figures import Figure
from service.regional import RegionDashboard
from web.api_v1.framework import Blueprint
from web.current import actor, bank

blueprint = Blueprint("figures", "The programme's and each region's figures.")
MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="must be a month like 2027-03")


class FiguresQuery(Schema):
    first_month = fields.String(load_default=None, validate=MONTH)
    last_month = fields.String(load_default=None, validate=MONTH)
    theme_id = fields.UUID(load_default=None)


class ChartsQuery(FiguresQuery):
    region_id = fields.UUID(load_default=None)


class LineOut(Schema):
    theme_id = fields.UUID(allow_none=True)
    theme_name = fields.String()
    region_id = fields.UUID(allow_none=True)
    region_name = fields.String()
    month = fields.String(allow_none=True)
    requests_by_state = fields.Dict(keys=fields.String(), values=fields.Integer())
    requests_matched = fields.Integer()
    average_days_to_match = fields.Float(allow_none=True)
    minutes_allocated = fields.Integer()
    minutes_booked = fields.Integer()
    minutes_used = fields.Integer()
    expert_sessions_held = fields.Integer()
    peer_sessions_held = fields.Integer()
    expert_no_shows = fields.Integer()
    peer_no_shows = fields.Integer()
    ratings = fields.Integer()
    average_rating = fields.Float(allow_none=True)


class FigureRowOut(Schema):
    label = fields.String(required=True)
    values = fields.Function(lambda row: [float(v) for v in row.values])


class FigureOut(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String()
    heading = fields.String()
    columns = fields.List(fields.String())
    rows = fields.List(fields.Nested(FigureRowOut))
    totals = fields.Nested(FigureRowOut)


class ServiceLineOut(Schema):
    service_id = fields.UUID(required=True)
    name = fields.String()
    requests_waiting = fields.Integer()
    engagements = fields.Integer()
    minutes_allocated = fields.Integer()
    minutes_used = fields.Integer()
    peer_minutes_given = fields.Integer()
    peer_minutes_received = fields.Integer()


class RegionDashboardOut(Schema):
    id = fields.Function(lambda d: str(d.region.id), required=True)
    name = fields.Function(lambda d: d.region.name)
    services = fields.List(fields.Nested(ServiceLineOut))
    figures = fields.Nested(LineOut, allow_none=True)


@blueprint.get("/figures/programme")
@blueprint.arguments(FiguresQuery, location="query")
@blueprint.response(200, LineOut(many=True))
@blueprint.refuses(403, 422)
def programme(query: dict[str, Any]) -> list[ProgrammeStats]:
    """A line per theme, region and month (like the figures' CSV)."""
    return bank().oversight.programme(actor(), **query)


@blueprint.get("/figures/charts")
@blueprint.arguments(ChartsQuery, location="query")
@blueprint.response(200, FigureOut(many=True))
@blueprint.refuses(403, 404, 422)
def charts(query: dict[str, Any]) -> list[Figure]:
    """The dashboard's tables, of the programme or of one region (``region_id``)."""
    return bank().oversight.figures(actor(), **query)


@blueprint.get("/regions/<uuid:region_id>/dashboard")
@blueprint.response(200, RegionDashboardOut)
@blueprint.refuses(403, 404, 422)
def region(region_id: UUID) -> RegionDashboard:
    """A region's services with their hours and peer support, and its line of figures."""
    return bank().oversight.region(actor(), region_id)
