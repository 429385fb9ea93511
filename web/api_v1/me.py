"""Who is asking: the person signed in, or whose token it is."""

from __future__ import annotations

from typing import Any

from flask import g
from flask_wtf.csrf import generate_csrf
from marshmallow import Schema, fields

from web.api_v1.framework import Blueprint
from web.current import me

blueprint = Blueprint("me", "The person signed in, or whose token it is.")


class MeOut(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    service_id = fields.UUID(allow_none=True)
    region_id = fields.UUID(allow_none=True)
    theme_ids = fields.List(fields.UUID())
    csrf_token = fields.String(
        allow_none=True,
        metadata={"description": "signed in with the cookie: send it as X-CSRFToken on writes"},
    )


@blueprint.get("/me")
@blueprint.response(200, MeOut)
@blueprint.refuses()
def who_am_i() -> dict[str, Any]:
    person = me()
    bearer = g.get("api_token") is not None
    return {**vars(person), "csrf_token": None if bearer else generate_csrf()}
