"""One place mapping refusals to HTTP: JSON when asked for, a GOV.UK error page otherwise."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

from domain.errors import (
    Conflict,
    ExpertBankError,
    InvalidInput,
    InvalidInputs,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SlotTaken,
    TooManyAttempts,
)
from web.forms.errors import sentence

STATUS: list[tuple[type[ExpertBankError], int]] = [
    (NotFound, 404),
    (PermissionDenied, 403),
    (InvalidInput, 422),
    (RuleViolation, 409),
    (Conflict, 409),
    (TooManyAttempts, 429),
]

TITLES = {
    400: "Something in the request was not right",
    403: "You cannot see or change this",
    404: "Page not found",
    405: "That cannot be done here",
    409: "That could not be done",
    422: "Something in the request was not right",
}


def status_of(error: ExpertBankError) -> int:
    return next((code for kind, code in STATUS if isinstance(error, kind)), 400)


def _described(error: ExpertBankError) -> dict[str, Any]:
    """One JSON shape: the first problem, and with several, ``problems`` lists each."""
    if isinstance(error, InvalidInputs):
        problems = [{"field": p.field, "message": p.message} for p in error.problems]
        return {"error": "InvalidInput", **problems[0], "problems": problems}
    described: dict[str, Any] = {
        "error": type(error).__name__,
        "message": error.message,
        "field": error.field,
    }
    if isinstance(error, SlotTaken):
        described["next_free"] = [start.isoformat() for start in error.next_free]
    return described


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or best == "application/json"


def page(code: int, message: str) -> ResponseReturnValue:
    title = TITLES.get(code, "Sorry, there is a problem")
    return render_template("error.html", title=title, message=message), code


def register(app: Flask) -> None:
    @app.errorhandler(ExpertBankError)
    def refused(error: ExpertBankError) -> ResponseReturnValue:
        code = status_of(error)
        if wants_json():
            return jsonify(_described(error)), code
        return page(code, sentence(error.message) + ".")

    @app.errorhandler(ValidationError)
    def malformed(error: ValidationError) -> ResponseReturnValue:
        """The API's input failed its schema: the first problem, naming its field, and
        with several, ``problems`` lists each."""
        messages = error.messages if isinstance(error.messages, dict) else {"body": error.messages}
        found = [
            {"field": field, "message": f"{field}: {said[0] if isinstance(said, list) else said}"}
            for field, said in messages.items()
        ]
        several = {"problems": found} if len(found) > 1 else {}
        return jsonify(error="InvalidInput", **found[0], **several), 422

    @app.errorhandler(CSRFError)
    def stale_form(error: CSRFError) -> ResponseReturnValue:
        if wants_json():
            return jsonify(error="CSRFError", message=error.description), 400
        return page(
            400,
            "The form was sent without its security token, or from an old page. "
            "Go back, reload the page and try again: nothing was saved.",
        )

    @app.errorhandler(InternalServerError)
    def broken(error: InternalServerError) -> ResponseReturnValue:
        """A fault of ours (Flask has logged it): say so plainly, never a stack trace."""
        message = "Sorry, something went wrong on our side. Nothing you sent was lost: try again."
        if wants_json():
            return jsonify(error="InternalServerError", message=message), 500
        return render_template(
            "error.html", title="Sorry, there is a problem", message=message
        ), 500

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if wants_json():
            return jsonify(error=error.name, message=error.description), code
        if code in (403, 404, 405):
            messages = {
                403: "Your account does not give you access to this page.",
                404: "There is nothing at this address. Check it, or start from your home page.",
                405: "That page does not accept this kind of request.",
            }
            return page(code, messages[code])
        return error
