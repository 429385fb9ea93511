"""A provider's own availability: windows (weekly or one-off) and time off. Changes name
the sessions they leave booked, never dropping one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields, validate

from projections.availability_read import TimeOffEntry, WindowEntry
from service.availability import WindowInput
from service.records import Changed
from web.api_v1.framework import Blueprint, first
from web.api_v1.shapes import Instant
from web.current import actor, bank, needs, read_models
from web.schemas import MODES, known_day

blueprint = Blueprint("availability", "A provider's own availability windows and time off.")
PROVIDERS = ("expert", "peer")
CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class WindowTermsOut(Schema):
    kind = fields.String(required=True, metadata={"enum": ["weekly", "one_off"]})
    session_minutes = fields.Integer()
    buffer_minutes = fields.Integer()
    notice_minutes = fields.Integer()
    horizon_days = fields.Integer()
    theme_ids = fields.List(fields.UUID())
    mode = fields.String()
    location = fields.String()
    seats = fields.Integer()
    starts_at = Instant(allow_none=True)
    ends_at = Instant(allow_none=True)
    weekday = fields.Integer(allow_none=True, metadata={"description": "0 is Monday"})
    start_time = fields.String(allow_none=True)
    end_time = fields.String(allow_none=True)
    first_date = fields.Date(allow_none=True)
    last_date = fields.Date(allow_none=True)


class WindowOut(Schema):
    id = fields.UUID(attribute="window_id", required=True)
    status = fields.String(required=True, metadata={"enum": ["published", "withdrawn"]})
    terms = fields.Nested(WindowTermsOut, attribute="spec", required=True)


class WindowIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["weekly", "one_off"]))
    session_minutes = fields.Integer(required=True, validate=validate.Range(min=1, max=24 * 60))
    theme_ids = fields.List(fields.UUID(), required=True)
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
    location = fields.String(load_default="")
    buffer_minutes = fields.Integer(load_default=0, validate=validate.Range(min=0, max=24 * 60))
    notice_minutes = fields.Integer(load_default=0, validate=validate.Range(min=0, max=366 * 1440))
    horizon_days = fields.Integer(load_default=56, validate=validate.Range(min=1, max=366))
    seats = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100))
    starts_at = Instant(load_default=None, metadata={"description": "one-off: its start"})
    ends_at = Instant(load_default=None, metadata={"description": "one-off: its end"})
    weekday = fields.Integer(
        load_default=None, validate=validate.Range(min=0, max=6), metadata={"description": "weekly"}
    )
    start_time = fields.String(
        load_default=None, validate=validate.Regexp(CLOCK), metadata={"example": "09:00"}
    )
    end_time = fields.String(
        load_default=None, validate=validate.Regexp(CLOCK), metadata={"example": "12:00"}
    )
    first_date = fields.Date(load_default=None, validate=known_day)
    last_date = fields.Date(load_default=None, validate=known_day)


class TimeOffOut(Schema):
    id = fields.UUID(attribute="time_off_id", required=True)
    first_day = fields.Date(required=True)
    last_day = fields.Date(required=True)
    from_time = fields.String(
        allow_none=True, metadata={"description": "on the first day; none: from its start"}
    )
    until_time = fields.String(
        allow_none=True, metadata={"description": "on the last day; none: to its end"}
    )


class TimeOffIn(Schema):
    first_day = fields.Date(required=True, validate=known_day)
    last_day = fields.Date(required=True, validate=known_day)
    note = fields.String(load_default="")
    from_time = fields.String(
        load_default=None,
        validate=validate.Regexp(CLOCK),
        metadata={"description": "London time on the first day; leave out for the whole day"},
    )
    until_time = fields.String(
        load_default=None,
        validate=validate.Regexp(CLOCK),
        metadata={"description": "London time on the last day; leave out for the whole day"},
    )


class ChangedOut(Schema):
    id = fields.UUID(required=True)
    bookings_kept = fields.List(
        fields.UUID(), metadata={"description": "sessions still booked: cancel them if need be"}
    )


@blueprint.get("/me/windows")
@needs(*PROVIDERS)
@blueprint.response(200, WindowOut(many=True))
@blueprint.refuses(403)
def windows() -> list[WindowEntry]:
    return read_models().windows.of_provider(actor())


@blueprint.post("/me/windows")
@needs(*PROVIDERS)
@blueprint.arguments(WindowIn)
@blueprint.response(201, ChangedOut)
@blueprint.writes(403, 409, 422)
def publish(body: dict[str, Any]) -> Changed:
    """Publish a weekly or one-off window of bookable sessions."""
    return Changed(bank().availability.publish(actor(), actor(), WindowInput(**body)))


@blueprint.post("/me/windows/<uuid:window_id>/withdraw")
@needs(*PROVIDERS)
@blueprint.response(200, ChangedOut)
@blueprint.writes(403, 404, 409)
def withdraw(window_id: UUID) -> Changed:
    """No more bookings of it; sessions already booked stay, and are named."""
    return bank().availability.withdraw(actor(), window_id)


def _own_window(window_id: UUID) -> None:
    bank().availability.window_to_change(actor(), window_id)


@blueprint.post("/me/windows/<uuid:window_id>/change")
@needs(*PROVIDERS)
@first(_own_window)
@blueprint.arguments(WindowIn)
@blueprint.response(200, ChangedOut)
@blueprint.writes(403, 404, 409, 422)
def change(body: dict[str, Any], window_id: UUID) -> Changed:
    """Replace a window's terms; sessions it no longer offers stay booked, and are named."""
    return bank().availability.change(actor(), window_id, WindowInput(**body))


@blueprint.get("/me/time-off")
@needs(*PROVIDERS)
@blueprint.response(200, TimeOffOut(many=True))
@blueprint.refuses(403)
def time_off() -> list[TimeOffEntry]:
    return read_models().windows.time_off(actor())


@blueprint.post("/me/time-off")
@needs(*PROVIDERS)
@blueprint.arguments(TimeOffIn)
@blueprint.response(201, ChangedOut)
@blueprint.writes(403, 409, 422)
def add_time_off(body: dict[str, Any]) -> Changed:
    """London days off, whole or from ``from_time`` on the first day until ``until_time``
    on the last; sessions already booked in that time are kept and named."""
    return bank().availability.add_time_off(actor(), actor(), **body)


@blueprint.delete("/me/time-off/<uuid:time_off_id>")
@needs(*PROVIDERS)
@blueprint.response(204)
@blueprint.refuses(400, 403, 404, 409)
def remove_time_off(time_off_id: UUID) -> None:
    bank().availability.remove_time_off(actor(), time_off_id)
