"""marshmallow schemas: the JSON API's edge. Loading checks shapes and types; the service
checks the rules."""

from __future__ import annotations

from datetime import date, datetime

from marshmallow import Schema, ValidationError, fields, validate

from domain.time import FIRST_DAY, LAST_DAY

MODES = ["online", "in_person"]


def known_day(value: date) -> None:
    """A date or instant in the years the programme can speak of (``domain.time``)."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(f"must be in a year from {FIRST_DAY.year} to {LAST_DAY.year}")


class SlotQuery(Schema):
    theme_id = fields.UUID(load_default=None)
    kind = fields.String(
        load_default=None, validate=validate.OneOf(["expert", "peer"]), data_key="provider_kind"
    )
    provider_id = fields.UUID(load_default=None)
    region_id = fields.UUID(load_default=None)
    mode = fields.String(load_default=None, validate=validate.OneOf(MODES))
    first_day = fields.Date(load_default=None, data_key="from", validate=known_day)
    last_day = fields.Date(load_default=None, data_key="to", validate=known_day)
    limit = fields.Integer(load_default=60, validate=validate.Range(min=1, max=100))
    after = fields.String(load_default=None)


class SlotOut(Schema):
    provider_id = fields.UUID()
    provider_kind = fields.String(attribute="kind")
    window_id = fields.UUID()
    start = fields.AwareDateTime()
    end = fields.AwareDateTime()
    mode = fields.String()
    location = fields.String()
    theme_ids = fields.List(fields.UUID())
    seats = fields.Integer()


class BookingIn(Schema):
    provider_id = fields.UUID(required=True)
    window_id = fields.UUID(required=True)
    start = fields.AwareDateTime(required=True, validate=known_day)
    engagement_id = fields.UUID(load_default=None)
    theme_id = fields.UUID(load_default=None)
    cover = fields.String(load_default="", validate=validate.Length(max=4000))
    booking_id = fields.UUID(load_default=None)


class BookingOut(Schema):
    id = fields.UUID(attribute="booking_id")
    service_id = fields.UUID()
    provider_id = fields.UUID()
    theme_id = fields.UUID()
    engagement_id = fields.UUID(allow_none=True)
    cover = fields.String()
    start = fields.AwareDateTime()
    end = fields.AwareDateTime()
    mode = fields.String()
    location = fields.String()
    status = fields.String()
    sequence = fields.Integer()
    reason = fields.String()
    outcome = fields.String(allow_none=True)
    rating = fields.Integer(allow_none=True)


class ReasonIn(Schema):
    reason = fields.String(required=True)


def _a_number(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError("must be a number of hours, like 8 or 7.5")


class RequestIn(Schema):
    theme_id = fields.UUID(required=True)
    need = fields.String(required=True)
    outcomes = fields.String(required=True)
    hours_hoped = fields.Raw(  # hours or half hours: the domain checks which
        required=True,
        validate=_a_number,
    )
    preferred_from = fields.Date(load_default=None, validate=known_day)
    preferred_to = fields.Date(load_default=None, validate=known_day)


class RequestOut(Schema):
    id = fields.UUID(attribute="request_id")
    service_id = fields.UUID()
    theme_id = fields.UUID()
    need = fields.String()
    outcomes = fields.String()
    preferred_from = fields.Date(allow_none=True)
    preferred_to = fields.Date(allow_none=True)
    hours_hoped = fields.Raw()
    state = fields.String()
    reason = fields.String()
    engagement_id = fields.UUID(allow_none=True)
    submitted_at = fields.AwareDateTime()


class HistoryQuery(Schema):
    subject = fields.UUID(required=True)
    as_of = fields.AwareDateTime(load_default=None, validate=known_day)


class HistoryOut(Schema):
    position = fields.Integer()
    at = fields.AwareDateTime()
    actor_id = fields.UUID()
    kind = fields.String()
    subject_id = fields.UUID(attribute="aggregate_id")
    what = fields.String(attribute="sentence")
