"""The caller's own personal API tokens: listed, made (the token shown once) and revoked."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields

from infrastructure.api_tokens import StoredToken
from service.api_tokens import NewToken
from web.api_v1.framework import Blueprint
from web.api_v1.shapes import Instant
from web.current import actor, bank

blueprint = Blueprint("tokens", "Personal API tokens, each with its owner's permissions.")


class TokenOut(Schema):
    id = fields.UUID(attribute="token_id", required=True)
    name = fields.String(required=True)
    created_at = Instant(required=True)
    last_used_at = Instant(allow_none=True)


class NewTokenOut(Schema):
    id = fields.UUID(attribute="token_id", required=True)
    name = fields.String(required=True)
    token = fields.String(
        required=True, metadata={"description": "shown only now: send as Authorization: Bearer"}
    )


class TokenIn(Schema):
    name = fields.String(required=True, metadata={"description": "what the token is for"})


@blueprint.get("/me/tokens")
@blueprint.response(200, TokenOut(many=True))
@blueprint.refuses()
def tokens() -> list[StoredToken]:
    return bank().tokens.of(actor(), actor())


@blueprint.post("/me/tokens")
@blueprint.arguments(TokenIn)
@blueprint.response(201, NewTokenOut)
@blueprint.writes(403, 422)
def create(body: dict[str, Any]) -> NewToken:
    """A new token; the answer is the only time it is shown."""
    return bank().tokens.create(actor(), actor(), **body)


@blueprint.delete("/me/tokens/<uuid:token_id>")
@blueprint.response(204)
@blueprint.refuses(400, 404)
def revoke(token_id: UUID) -> None:
    """The token stops working at once."""
    bank().tokens.revoke(actor(), actor(), token_id)
