"""Liveness and the home page."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from service.bootstrap import ExpertBank

blueprint = Blueprint("health", __name__)


def bank() -> ExpertBank:
    app_bank: ExpertBank = current_app.extensions["expertbank"]
    return app_bank


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Status, and the position of the newest stored event."""
    return jsonify(status="ok", head_position=bank().head_position())


@blueprint.get("/")
def home() -> ResponseReturnValue:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Expert Bank</title></head><body><main><h1>Expert Bank</h1>"
        "<p>Expert help and peer support for public library services.</p></main></body></html>"
    )
