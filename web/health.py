"""Liveness: is the app up, and how far has the event store got."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from service.application import ExpertBank

blueprint = Blueprint("health", __name__)


def bank() -> ExpertBank:
    app_bank: ExpertBank = current_app.extensions["expertbank"]
    return app_bank


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Status, and the position of the newest stored event."""
    return jsonify(status="ok", head_position=bank().head_position())
