"""One place mapping refusals to HTTP: JSON when asked for, a plain page otherwise."""

from __future__ import annotations

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from domain.errors import (
    Conflict,
    ExpertBankError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)

STATUS: list[tuple[type[ExpertBankError], int]] = [
    (NotFound, 404),
    (PermissionDenied, 403),
    (InvalidInput, 422),
    (RuleViolation, 409),
    (Conflict, 409),
]


def status_of(error: ExpertBankError) -> int:
    return next((code for kind, code in STATUS if isinstance(error, kind)), 400)


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or best == "application/json"


def register(app: Flask) -> None:
    @app.errorhandler(ExpertBankError)
    def refused(error: ExpertBankError) -> ResponseReturnValue:
        code = status_of(error)
        if wants_json():
            return jsonify(
                error=type(error).__name__, message=error.message, field=error.field
            ), code
        return f"<h1>{code}</h1><p>{escape(error.message)}</p>", code

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if wants_json():
            return jsonify(error=error.name, message=error.description), code
        return error
