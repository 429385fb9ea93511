"""flask-smorest under ``/api/v1``: the OpenAPI document is made from the same marshmallow
schemas that load each request, so the two cannot drift apart."""

from __future__ import annotations

import functools
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

import flask_smorest

from web.api_v1.shapes import ErrorOut

PREFIX = "/api/v1"
V = TypeVar("V", bound=Callable[..., Any])
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 200},
    "description": "Send a POST again with the same key and body: the first answer comes "
    "back and nothing changes twice. The same key with another body is refused (422).",
}


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorOut

    def _register_error_handlers(self) -> None:
        """None here: ``web.errors`` answers every refusal, of pages and the API, in one
        place and, under ``/api``, in one shape."""


class Blueprint(flask_smorest.Blueprint):
    """A group of operations under ``/api/v1``, documented with the refusals each can give
    (every operation can also say 401, not signed in; 429, too many requests; and 503,
    the database cannot be reached: try again after Retry-After)."""

    def __init__(self, name: str, description: str) -> None:
        super().__init__(f"api_v1_{name}", __name__, url_prefix=PREFIX, description=description)

    def refuses(self, *codes: int) -> Callable[[V], V]:
        def decorate(view: V) -> V:
            for code in sorted({401, 429, 503, *codes}):
                view = self.alt_response(code, response=HTTPStatus(code).name)(view)
            return view

        return decorate

    def writes(self, *codes: int) -> Callable[[V], V]:
        """A POST: takes an ``Idempotency-Key``; a body may be malformed (400)."""

        def decorate(view: V) -> V:
            documented: V = self.doc(parameters=[IDEMPOTENCY_KEY])(view)
            return self.refuses(400, *codes)(documented)

        return decorate


def first(check: Callable[..., object]) -> Callable[[V], V]:
    """Run ``check`` with the path's ids before the body is read, so that someone who may
    not touch the object is refused (403, 404) before hearing anything about its fields."""

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            check(**kwargs)
            return view(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate
