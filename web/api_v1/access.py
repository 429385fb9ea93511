"""Who calls the API: the person signed in with the session cookie (writes carry the
session's CSRF token in ``X-CSRFToken``), or the holder of a personal API token sent as
``Authorization: Bearer TOKEN`` (no CSRF token: a browser never adds that header itself)."""

from __future__ import annotations

from flask import Flask, abort, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from web.api_v1.framework import PREFIX

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
SIGN_IN_FIRST = (
    "Sign in first, or send a personal API token (Your account, API tokens) as "
    "Authorization: Bearer TOKEN"
)


def register(app: Flask, csrf: CSRFProtect) -> None:
    @app.before_request
    def api_caller() -> None:
        if not request.path.startswith(PREFIX + "/"):
            return
        if not current_user.is_authenticated:
            abort(401, description=SIGN_IN_FIRST)
        if request.method not in SAFE:
            csrf.protect()
