"""Fields and schemas every part of the API shares: times, the error shape, a page of a
list."""

from __future__ import annotations

import functools
from typing import Any

from marshmallow import Schema, fields, validate

from web.schemas import known_day

NAIVE_TIME = (
    "must be an RFC 3339 time with its offset from UTC, like 2027-03-02T10:00:00+00:00 or "
    "2027-03-02T10:00:00Z: a time without one is not taken as any zone"
)


class Instant(fields.AwareDateTime):
    """An RFC 3339 time with its offset; a naive time is refused saying so."""

    default_error_messages = {  # noqa: RUF012 (marshmallow merges these by class)
        "invalid": "must be an RFC 3339 time, like 2027-03-02T10:00:00+00:00",
        "invalid_awareness": NAIVE_TIME,
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="iso", validate=kwargs.pop("validate", known_day), **kwargs)


class ProblemOut(Schema):
    field = fields.String(allow_none=True)
    message = fields.String(required=True)


class ErrorOut(Schema):
    """Every refusal under ``/api``: what kind, a sentence, the field it is about (if one),
    and each field's messages when several were wrong."""

    error = fields.String(
        required=True, metadata={"description": "kind of refusal, like InvalidInput or SlotTaken"}
    )
    message = fields.String(required=True)
    field = fields.String(allow_none=True)
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "each field's messages"},
    )
    problems = fields.List(
        fields.Nested(ProblemOut),
        metadata={"description": "with several problems: each, the first one first"},
    )
    next_free = fields.List(
        Instant(),
        metadata={"description": "with SlotTaken: the provider's next free times"},
    )


class PageQuery(Schema):
    """A page of a list: at most ``limit`` items after the opaque cursor ``after``."""

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))
    after = fields.String(load_default=None, metadata={"description": "the cursor of `next`"})


class CreatedOut(Schema):
    id = fields.UUID(required=True)


class ReasonIn(Schema):
    reason = fields.String(required=True)


class OptionalReasonIn(Schema):
    reason = fields.String(load_default="")


@functools.cache  # one schema per item, however many lists use it
def page_of(item: type[Schema]) -> type[Schema]:
    """The schema of one page of ``item``: the items, and the address of the next page."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "next": fields.String(
                required=True,
                allow_none=True,
                metadata={"description": "the address of the next page; null on the last"},
            ),
        },
        name=f"{item.__name__}Page",
    )
