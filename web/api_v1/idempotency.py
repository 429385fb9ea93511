"""``Idempotency-Key`` on every POST under ``/api/v1``: a request sent again with the same
key and body gets the first answer (``Idempotent-Replayed: true``) and changes nothing
twice, even when the copies arrive at once; the same key with another body is 422.

Keys are the caller's own (a person's, by cookie or by any of their tokens). A request
that failed on our side (5xx) leaves no answer behind: it may be sent again."""

from __future__ import annotations

import hashlib
import json

from flask import Flask, Response, g, request

from service.idempotency import Answer
from web.api_v1.framework import PREFIX
from web.current import actor, bank

HEADER = "Idempotency-Key"


def register(app: Flask) -> None:
    """After ``access``: the caller is known by then."""

    @app.before_request
    def first_answer() -> Response | None:
        if request.method != "POST" or not request.path.startswith(PREFIX + "/"):
            return None
        key = request.headers.get(HEADER)
        if key is None:
            return None
        answer = bank().idempotent_writes.first_answer(str(actor()), key, _digest())
        if answer is not None:
            replay = Response(answer.body, answer.status, content_type=answer.content_type)
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        g.idempotency_key = key
        return None

    @app.after_request
    def remember(response: Response) -> Response:
        key = g.pop("idempotency_key", None)
        if key is None:
            return response
        writes = bank().idempotent_writes
        if response.status_code >= 500:
            writes.forget(str(actor()), key)
        else:
            body = response.get_data(as_text=True)
            answer = Answer(response.status_code, response.content_type or "", body)
            writes.remember(str(actor()), key, answer)
        return response


def _digest() -> str:
    """The request, as the key is bound to it: its path and body (JSON in any key order)."""
    raw = request.get_data()
    try:
        body = json.dumps(json.loads(raw), sort_keys=True).encode() if raw else b""
    except ValueError:
        body = raw
    return hashlib.sha256(request.path.encode() + b"\n" + body).hexdigest()
