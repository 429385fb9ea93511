"""Who calls the API: the holder of a personal API token sent as ``Authorization: Bearer
TOKEN`` (no CSRF token: a browser never adds that header itself, so another site cannot
make one send it), or else the person signed in with the session cookie, whose writes
carry the session's CSRF token in ``X-CSRFToken``.

A token's requests are counted per minute: each answer says the limit and what is left
(``X-RateLimit-Limit``, ``X-RateLimit-Remaining``, ``X-RateLimit-Reset``); past the limit,
429 with ``Retry-After``."""

from __future__ import annotations

import math

from flask import Flask, Response, abort, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from service.accounts import SignIn
from service.api_tokens import TokenHolder
from web.api_v1.framework import PREFIX
from web.current import SignedIn, bank

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
SIGN_IN_FIRST = (
    "Sign in first, or send a personal API token (Your account, API tokens) as "
    "Authorization: Bearer TOKEN"
)
NOT_A_TOKEN = (
    "The API token is not valid: it was revoked, mistyped, or its owner's account is not "
    "active. Send it as Authorization: Bearer TOKEN"
)


def register(app: Flask, csrf: CSRFProtect) -> None:
    @app.before_request
    def api_caller() -> None:
        if not request.path.startswith(PREFIX + "/"):
            return
        if "Authorization" in request.headers:
            _token_holder(request.headers["Authorization"])
        elif not current_user.is_authenticated:
            abort(401, description=SIGN_IN_FIRST)
        elif request.method not in SAFE:
            csrf.protect()

    @app.after_request
    def rate_limit_headers(response: Response) -> Response:
        holder: TokenHolder | None = g.get("api_token")
        if holder is not None:
            wait = math.ceil((holder.resets_at - bank().clock.now()).total_seconds())
            response.headers["X-RateLimit-Limit"] = str(holder.limit)
            response.headers["X-RateLimit-Remaining"] = str(holder.remaining)
            response.headers["X-RateLimit-Reset"] = str(max(wait, 0))
            if response.status_code == 429:
                response.headers["Retry-After"] = str(max(wait, 1))
        return response


def _token_holder(header: str) -> None:
    """The token's owner is the caller of this request (only), or 401; 429 past its limit."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, description=NOT_A_TOKEN)
    holder = bank().tokens.holder(token.strip())
    if holder is None:
        abort(401, description=NOT_A_TOKEN)
    g.api_token = holder
    # Flask-Login keeps the request's user here: the token's owner, with no session.
    g._login_user = SignedIn(SignIn(holder.person, token=""))
    if holder.used > holder.limit:
        abort(
            429,
            description=f"This token has made {holder.limit} requests in this minute, its "
            "limit: wait for the next minute (Retry-After says how many seconds)",
        )
