"""Free times to book: the same search, with the same filters, as Find a session."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from web.api_v1.framework import Blueprint
from web.api_v1.paging import next_address
from web.api_v1.shapes import Instant, page_of
from web.current import my_service, needs, read_models
from web.pages.search import engagements_with_hours
from web.schemas import MODES, known_day

blueprint = Blueprint("slots", "Free times a library service can book.")


class SlotsQuery(Schema):
    theme_id = fields.UUID(load_default=None)
    kind = fields.String(
        load_default=None, validate=validate.OneOf(["expert", "peer"]), data_key="provider_kind"
    )
    provider_id = fields.UUID(load_default=None)
    region_id = fields.UUID(load_default=None, metadata={"description": "peers of a region"})
    mode = fields.String(load_default=None, validate=validate.OneOf(MODES))
    first_day = fields.Date(load_default=None, data_key="from", validate=known_day)
    last_day = fields.Date(load_default=None, data_key="to", validate=known_day)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))
    after = fields.String(load_default=None, metadata={"description": "the cursor of `next`"})


class SlotOut(Schema):
    provider_id = fields.UUID(required=True)
    provider_name = fields.String()
    provider_kind = fields.String(attribute="kind")
    window_id = fields.UUID(required=True)
    start = Instant(required=True)
    end = Instant(required=True)
    mode = fields.String()
    location = fields.String()
    theme_ids = fields.List(fields.UUID())
    seats = fields.Integer()
    seats_left = fields.Integer()


@blueprint.get("/slots")
@needs("service_staff", "peer")
@blueprint.arguments(SlotsQuery, location="query")
@blueprint.response(200, page_of(SlotOut))
@blueprint.refuses(403, 422)
def slots(query: dict[str, Any]) -> dict[str, Any]:
    """Free times in order (by default the next four weeks): peers of other services, and
    the experts the service has an engagement with hours left with."""
    found = read_models().availability.search(
        **query,
        exclude_service_id=my_service(),  # peer support is between services
        experts=[e.expert_id for e in engagements_with_hours(my_service())],
    )
    following = next_address(found.next_cursor) if found.next_cursor else None
    return {"items": found.slots, "next": following}
