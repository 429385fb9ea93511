"""One place mapping refusals to HTTP: JSON when asked for, a GOV.UK error page otherwise."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
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
from infrastructure.outages import is_transient
from web.forms.errors import sentence

_log = logging.getLogger("expertbank.web")
UNAVAILABLE = (
    "The service cannot reach its database just now. Try again in a minute or two: "
    "a change you were making was either saved whole or not at all."
)
RETRY_AFTER_SECONDS = 30

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
    """One JSON shape: the first problem, and each field's messages in ``fields`` (with
    several, ``problems`` lists each too)."""
    if isinstance(error, InvalidInputs):
        problems = [{"field": p.field, "message": p.message} for p in error.problems]
        return {
            "error": "InvalidInput",
            **problems[0],
            "fields": _by_field(problems),
            "problems": problems,
        }
    described: dict[str, Any] = {
        "error": type(error).__name__,
        "message": error.message,
        "field": error.field,
        "fields": _by_field([{"field": error.field, "message": error.message}]),
    }
    if isinstance(error, SlotTaken):
        described["next_free"] = [start.isoformat() for start in error.next_free]
    return described


def _by_field(problems: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        if problem["field"]:
            found.setdefault(problem["field"], []).append(problem["message"])
    return found


def _flattened(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """marshmallow's nested messages as (field, message) pairs; a list's item is named by
    its place (``theme_ids.0``)."""
    if isinstance(messages, dict):
        return [
            pair
            for name, inner in messages.items()
            for pair in _flattened(inner, f"{prefix}.{name}" if prefix else str(name))
        ]
    if isinstance(messages, list) and messages and not isinstance(messages[0], str):
        return [pair for inner in messages for pair in _flattened(inner, prefix)]
    said = messages if isinstance(messages, list) else [messages]
    return [(prefix, str(message)) for message in said]


def invalid_fields(messages: Any, code: int = 422) -> ResponseReturnValue:
    """Input that failed its schema: the first problem, naming its field, each field's
    messages in ``fields``, and with several, ``problems`` lists each."""
    pairs = _flattened(messages) or [("", "the request is not right")]
    found = [
        {"field": field or None, "message": f"{field}: {said}" if field else said}
        for field, said in pairs
    ]
    several = {"problems": found} if len(found) > 1 else {}
    fields_: dict[str, list[str]] = {}
    for field, said in pairs:
        fields_.setdefault(field or "body", []).append(said)
    kind = "InvalidInput" if code == 422 else "Malformed"
    return jsonify(error=kind, **found[0], fields=fields_, **several), code


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
        """The API's input failed its schema."""
        messages = error.messages if isinstance(error.messages, dict) else {"": error.messages}
        return invalid_fields(messages)

    @app.errorhandler(CSRFError)
    def stale_form(error: CSRFError) -> ResponseReturnValue:
        if wants_json():
            return jsonify(error="CSRFError", message=error.description, field=None, fields={}), 400
        return page(
            400,
            "The form was sent without its security token, or from an old page. "
            "Go back, reload the page and try again: nothing was saved.",
        )

    @app.errorhandler(Exception)
    def unavailable(error: Exception) -> ResponseReturnValue:
        """The database is down or busy: 503, saying so, with a page made without asking
        the database who is signed in; never a 500 and a stack trace. Anything else is a
        fault of ours: raised again, for Flask to log it and answer 500 (``broken``)."""
        if not is_transient(error):
            raise error
        _log.warning("the database is unavailable (%s %s): %s", request.method, request.path, error)
        try:
            current_app.extensions["expertbank"].drop_broken_connections()
        except Exception as still:  # still down: it is checked again on the next failure
            _log.warning("the database is still unavailable: %s", still)
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if wants_json():
            return (
                jsonify(error="ServiceUnavailable", message=UNAVAILABLE, field=None, fields={}),
                503,
                retry,
            )
        # Rendered without the context processors: Flask-Login's would load the person.
        page = current_app.jinja_env.get_template("error.html").render(
            title="Sorry, the service is unavailable", message=UNAVAILABLE, unavailable=True
        )
        return page, 503, retry

    @app.errorhandler(InternalServerError)
    def broken(error: InternalServerError) -> ResponseReturnValue:
        """A fault of ours (Flask has logged it): say so plainly, never a stack trace."""
        message = "Sorry, something went wrong on our side. Nothing you sent was lost: try again."
        if wants_json():
            return jsonify(error="InternalServerError", message=message, field=None, fields={}), 500
        return render_template(
            "error.html", title="Sorry, there is a problem", message=message
        ), 500

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if wants_json():
            return _json_refusal(error, code)
        if code in (403, 404, 405):
            messages = {
                403: "Your account does not give you access to this page.",
                404: "There is nothing at this address. Check it, or start from your home page.",
                405: "That page does not accept this kind of request.",
            }
            return page(code, messages[code])
        return error


def _json_refusal(error: HTTPException, code: int) -> ResponseReturnValue:
    """An HTTP refusal under ``/api``; webargs' (the API's schemas) name their fields, a
    body that is not JSON at all is malformed (400)."""
    data = getattr(error, "data", None) or {}
    if "messages" in data:
        if code == 400:
            return invalid_fields({"": "the body is not valid JSON"}, 400)
        merged: dict[str, Any] = {}  # by field, wherever it was (body, query, path)
        for said in data["messages"].values():
            merged.update(said if isinstance(said, dict) else {"": said})
        return invalid_fields(merged, code)
    message = data.get("message") or error.description
    response = jsonify(error=error.name.replace(" ", ""), message=message, field=None, fields={})
    response.headers.update(data.get("headers") or {})
    return response, code
